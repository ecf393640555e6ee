"""Writing a file so that it is the old one or the new one, never a part of either."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(out: Path, suffix: str | None = None) -> Iterator[Path]:
    """A temporary file beside `out` to write; when the block ends without an error it is
    flushed to disk and replaces `out` in one step (with out's mode), else it is removed."""
    fd, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix if suffix is None
                                else suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _flush(tmp)
        os.chmod(tmp, file_mode(out))  # mkstemp's file is private (0600)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(out.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """`data` written to `path` through atomic_path."""
    with atomic_path(path, ".tmp") as tmp:
        tmp.write_bytes(data)


def file_mode(out: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to flush)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
