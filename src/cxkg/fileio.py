"""Atomic file writes: a temp file in the target's folder, then a rename. Nothing half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

from .errors import ExportError


def write_atomically(target: str | os.PathLike[str], payload: bytes | str) -> Path:
    """Write ``payload`` to ``target`` atomically; an unwritable target raises :class:`ExportError`."""
    target = Path(target)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; an export should not be
        os.replace(tmp, target)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target


def write_folder_atomically(target: str | os.PathLike[str], files: dict[str, str], marker: str) -> Path:
    """Write ``files`` (name -> text) into a fresh folder, then swap it in place of ``target``.

    Only a folder that is empty or carries ``marker`` (left by an earlier export) is replaced.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).is_file():
        raise ExportError(f"{target}: folder is not empty and was not written by cxkg; choose a new folder")
    staging = backup = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
        staging.chmod(0o777 & ~_umask())
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / marker).write_text("written by cxkg export; the folder is replaced on the next export\n",
                                      encoding="utf-8")
        if target.exists():
            backup = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
            os.replace(target, backup / target.name)
        os.replace(staging, target)
        staging = None
    except OSError as exc:
        if backup is not None and not target.exists():
            os.replace(backup / target.name, target)
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        for leftover in (staging, backup):
            if leftover is not None and leftover.exists() and (leftover is staging or target.exists()):
                shutil.rmtree(leftover, ignore_errors=True)
    return target


@cache
def _umask() -> int:
    """The process umask (reading it means setting it, so do it once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
