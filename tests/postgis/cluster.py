"""A throwaway PostgreSQL + PostGIS cluster for the tests: initdb in a temp dir, as an
unprivileged user, on a free local port, removed afterwards."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

SERVER_USER = "postgres"  # who runs the server when the tests run as root (initdb refuses root)


def server_bin() -> Path | None:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster and yield its connection URI (database `explorer_test`, PostGIS on);
    stopped and deleted on exit."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server installed (Debian: postgresql and "
                           "postgresql-NN-postgis-3)")
    as_root = os.geteuid() == 0
    user = SERVER_USER if as_root else None
    folder = Path(tempfile.mkdtemp(prefix="explorer-pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, SERVER_USER, SERVER_USER)
    port = free_port()

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [*(["runuser", "-u", SERVER_USER, "--"] if user else []), *args]
        return subprocess.run(command, capture_output=True, text=True, check=check, cwd=folder)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "explorer", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-l",
            str(folder / "server.log"), "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off", "start")
        try:
            run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "explorer",
                "explorer_test")
            run(str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "explorer",
                "-d", "explorer_test", "-v", "ON_ERROR_STOP=1", "-c",
                "CREATE EXTENSION postgis")
            yield f"postgresql://explorer@127.0.0.1:{port}/explorer_test"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop",
                check=False)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"{Path(exc.cmd[-1]).name if exc.cmd else 'PostgreSQL'} failed: "
                           f"{(exc.stderr or exc.stdout).strip()[-500:]}") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
