"""A throwaway PostgreSQL server on loopback, for the tests that prove the SQL portable.

It uses the machine's PostgreSQL binaries (`initdb`, `pg_ctl`); where there are none, or
the server does not start, the tests that need it are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user when we are root."""
    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _as_postgres(list(args)), capture_output=True, text=True, timeout=120, check=False
    )


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server in a fresh folder; yields an asyncpg URL, or raises RuntimeError."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
    # Not under pytest's own temporary folder: that one is closed to other users, and the
    # server runs as the `postgres` user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="milclicks-postgres-"))
    try:
        with _server(folder, initdb, pg_ctl) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _server(folder: Path, initdb: str, pg_ctl: str) -> Iterator[str]:
    data = folder / "pgdata"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = _free_port()
    run = _run
    made = run(initdb, "-D", str(data), "-U", "milclicks", "--auth=trust", "-E", "UTF8")
    if made.returncode != 0:
        raise RuntimeError(f"initdb failed: {made.stderr.strip()[-300:]}")
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
    # -l: the server writes to a file, not to our pipes (which would never close)
    log = str(folder / "server.log")
    started = run(pg_ctl, "-D", str(data), "-l", log, "-o", options, "-w", "-t", "60", "start")
    if started.returncode != 0:
        raise RuntimeError(f"the server did not start: {started.stderr.strip()[-300:]}")
    try:
        yield f"postgresql+asyncpg://milclicks@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
