"""One bot process per SQLite file: a second one is refused, with the reason.

The lock is an advisory `flock` on a file beside the database (`<database>.lock`), held
for as long as the bot runs and released by the kernel when the process ends, even on
SIGKILL, so a crash never leaves a stale lock behind. An SQLite-level lock would do the
same for a second bot, but it would also block `milclicks db upgrade`, a backup or a
teacher's report reading the file; the side file refuses only a second bot.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy.engine import make_url


class AlreadyRunningError(Exception):
    """Another process holds the database's lock."""


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for another database, or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


class ProcessLock:
    """Holds `<database>.lock` while the bot runs; `acquire` raises `AlreadyRunningError`."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or say who has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise AlreadyRunningError(holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (the kernel does it anyway when the process ends)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
