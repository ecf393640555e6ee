"""Writing a file so that it is the old one or the new one, never a part of either."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from explorer.io.processes import pid_alive

# A temp file is `.~caexp-PID-XXXXXXXX-NAME.SUFFIX` beside the file it will replace: the
# writer's pid tells whether a kill left it behind; nothing else is ever taken for one.
TEMP_PREFIX = ".~caexp-"
TEMP_PATTERN = re.compile(r"\.~caexp-(?P<pid>[0-9]+)-[a-z0-9_]{8}-.*", re.DOTALL)
STALE_AFTER_S = 24 * 3600  # a temp file this old is stale even if its pid runs (reused)
_STEM_CHARS = 64  # of the target's name kept in the temp's (names stay under NAME_MAX)


@contextlib.contextmanager
def atomic_path(out: Path, suffix: str | None = None) -> Iterator[Path]:
    """A temporary file beside `out` to write; when the block ends without an error it is
    flushed to disk and replaces `out` in one step (with out's mode), else it is removed."""
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-",
                                suffix=f"-{out.stem[:_STEM_CHARS]}"
                                f"{out.suffix if suffix is None else suffix}", dir=out.parent)
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


def remove_stale_temp_files(folders: Iterable[Path], now: float | None = None) -> list[Path]:
    """Remove the temp files that interrupted writes left in `folders` (not below them): files
    named by TEMP_PATTERN whose writer is gone or that are older than STALE_AFTER_S. Nothing
    else is touched; the files removed are returned."""
    now = time.time() if now is None else now
    removed = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                found = TEMP_PATTERN.fullmatch(entry.name)
                if found is None or not entry.is_file(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    if (not pid_alive(int(found["pid"]))
                            or now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
    return removed


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
