"""Whether the process that wrote a lock or a temp file still runs (pid and start time)."""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import asdict, dataclass
from typing import Any

_STILL_ACTIVE = 259  # Windows: GetExitCodeProcess of a running process
_QUERY_LIMITED_INFORMATION = 0x1000


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate it there
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) and \
            code.value == _STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)


def start_time(pid: int) -> str | None:
    """When a process started, as a token that differs for a later process given the same id
    (Linux: boot id and clock ticks from /proc); None where that cannot be told."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rpartition(b")")[2].split()
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as boot:
            return f"{boot.read().strip()}:{int(fields[19])}"
    except (OSError, IndexError, ValueError):
        return None


@dataclass(frozen=True)
class Owner:
    """The process that owns a file: its id, start time (None: unknown) and host."""

    pid: int
    started: str | None
    host: str

    @classmethod
    def of(cls, pid: int) -> Owner:
        return cls(pid, start_time(pid), socket.gethostname())

    @classmethod
    def me(cls) -> Owner:
        return cls.of(os.getpid())

    @classmethod
    def from_dict(cls, data: Any) -> Owner | None:
        """The owner a lock file recorded, or None when it is not one."""
        if not isinstance(data, dict):
            return None
        pid, started, host = data.get("pid"), data.get("started"), data.get("host")
        if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(host, str) \
                or not isinstance(started, str | None):
            return None
        return cls(pid, started, host)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def alive(self) -> bool:
        """Whether the owner still runs. A lock from another host counts as alive (it cannot
        be checked from here); a start time that cannot be read now trusts the id alone."""
        if self.host != socket.gethostname():
            return True
        if not pid_alive(self.pid):
            return False
        now = start_time(self.pid)
        return self.started is None or now is None or now == self.started
