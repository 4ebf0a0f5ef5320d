"""Atomic file writes: a temp file in the target's folder, then a rename. Nothing half-written."""

from __future__ import annotations

import os
import tempfile
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
        os.replace(tmp, target)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target
