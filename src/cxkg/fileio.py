"""Safe file writes: a temp file in the target's folder, then a rename; nothing half-written, nothing foreign replaced.

* A target that is a character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe) is
  written through, never replaced; sockets, block devices and folders are refused.
* A symlink stays a symlink: the file it points to is replaced.
* Temp files are locked while written; the next write to the same folder removes those whose writer
  died (killed exports), once they are a minute old.
* A folder export is built beside the target and swapped in with one atomic exchange (Linux
  ``renameat2``); elsewhere the old folder is kept until the new one is in place.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ExportError

#: temp files and folders older than this (seconds) and no longer locked are removed as leftovers
STALE_AFTER = 60.0


def writes_through(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` is a device or FIFO that a write goes through to (no file is created)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_atomically(target: str | os.PathLike[str], payload: bytes | str) -> Path:
    """Write ``payload`` to ``target`` atomically; an unwritable target raises :class:`ExportError`."""
    target = Path(target)
    data = _encode(target, payload)
    if writes_through(target):
        _write_through(target, data)
        return target
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    if real != target and real.exists() and not os.path.samestat(os.stat(real), os.stat(target)):
        _write_through(target, data, truncate=True)  # a magic link such as /dev/stdout -> /proc/self/fd/1
        return target
    _refuse_special(real)
    tmp: str | None = None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(real)
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # tells remove_stale the writer is alive
            handle.write(data)
            handle.flush()
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; an export should not be
            os.replace(tmp, real)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target


def _encode(target: Path, payload: bytes | str) -> bytes:
    if isinstance(payload, bytes):
        return payload
    try:
        return payload.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = payload[exc.start:exc.end]
        raise ExportError(f"{target}: cannot write {bad!a}: not a Unicode character (a lone surrogate)") from None


def _refuse_special(target: Path) -> None:
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        raise ExportError(f"{target}: is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise ExportError(f"{target}: is a socket or block device; cxkg writes only files, character devices "
                          "and FIFOs")


def _write_through(target: Path, data: bytes, truncate: bool = False) -> None:
    """Write into a device or FIFO in place (``O_NONBLOCK`` so a FIFO nobody reads fails instead of hanging)."""
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (os.O_TRUNC if truncate else 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        reason = "no process is reading it" if exc.errno == errno.ENXIO else exc.strerror or str(exc)
        raise ExportError(f"{target}: cannot write: {reason}") from None
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def remove_stale(target: Path) -> int:
    """Remove temp files and folders a killed write to ``target`` left behind; how many were removed."""
    removed = 0
    now = time.time()
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if now - leftover.lstat().st_mtime < STALE_AFTER or leftover.is_symlink():
                continue
            fd = os.open(leftover, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # its writer is still at work
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
            removed += 1
    return removed


def write_folder_atomically(target: str | os.PathLike[str], files: dict[str, str], marker: str) -> Path:
    """Write ``files`` (name -> text) into a fresh folder, then swap it in place of ``target``.

    Only a folder that is empty or carries ``marker`` (left by an earlier export) is replaced.
    """
    target = Path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ExportError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).is_file():
        raise ExportError(f"{target}: folder is not empty and was not written by cxkg; choose a new folder")
    encoded = {name: _encode(target / name, text) for name, text in files.items()}
    staging: Path | None = None
    lock = -1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
        lock = os.open(staging, os.O_RDONLY)
        fcntl.flock(lock, fcntl.LOCK_EX)
        staging.chmod(0o777 & ~_umask())
        for name, data in encoded.items():
            (staging / name).write_bytes(data)
        (staging / marker).write_text("written by cxkg export; the folder is replaced on the next export\n",
                                      encoding="utf-8")
        _swap(staging, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if lock >= 0:
            os.close(lock)
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)  # the new folder if the swap failed, else the old one
    return target


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; the old folder (if any) ends up at ``staging``."""
    if not target.exists():
        os.replace(staging, target)
        return
    if _exchange(staging, target):
        return
    backup = staging.with_suffix(".old.tmp")
    os.replace(target, backup)  # fallback: a crash here keeps the old folder, as ``.NAME.*.old.tmp``
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(backup, target)
        raise
    os.replace(backup, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code))


@cache
def _renameat2() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None


@cache
def _umask() -> int:
    """The process umask (reading it means setting it, so do it once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
