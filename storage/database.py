"""The database: an engine and its sessions, one unit of work per update.

On SQLite the queries run right in the event loop: a statement on a local file takes
microseconds, far less than handing it to a driver thread and back (aiosqlite costs a thread
hop per step of every statement). Every transaction the core opens runs to its end without
giving the loop to another task, so transactions never interleave. On a database server
(PostgreSQL), the same functions run through `AsyncSession.run_sync` on an async driver.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from storage.engines import is_sqlite, make_engine, make_sync_engine
from storage.learner_locks import learner_held
from storage.sql import SqlStore


class Database:
    """An engine and its sessions; `unit()` gives each update its own session."""

    def __init__(self, url: str, *, in_loop: bool | None = None, **options: Any) -> None:
        """`in_loop`: run queries in the event loop (the default on SQLite only)."""
        self.url = url
        self._sync: sessionmaker[Session] | None = None
        self._async: async_sessionmaker[AsyncSession] | None = None
        if is_sqlite(url) if in_loop is None else in_loop:
            self._engine: Engine | AsyncEngine = make_sync_engine(url, **options)
            self._sync = sessionmaker(self._engine, expire_on_commit=False)
        else:
            self._engine = make_engine(url, **options)
            self._async = async_sessionmaker(self._engine, expire_on_commit=False)

    @asynccontextmanager
    async def unit(self, learner_id: int | None = None) -> AsyncIterator[SqlStore]:
        """A store bound to one session, for one update; on PostgreSQL, the learner's
        updates wait for each other across every worker (see `storage.learner_locks`)."""
        if self._sync is not None:
            with self._sync() as session:
                yield SqlStore(session)
            return
        assert self._async is not None and isinstance(self._engine, AsyncEngine)
        if learner_id is None or self._engine.dialect.name != "postgresql":
            async with self._async() as async_session:
                yield SqlStore(async_session)
            return
        async with (
            self._engine.connect() as connection,
            learner_held(connection, learner_id),
            self._async(bind=connection) as async_session,
        ):
            yield SqlStore(async_session)

    async def ping(self) -> bool:
        """Whether the database answers a trivial query (for /healthz)."""
        try:
            if isinstance(self._engine, AsyncEngine):
                async with self._engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            else:
                with self._engine.connect() as sync_connection:
                    sync_connection.execute(text("SELECT 1"))
        except Exception:  # any failure means: not healthy
            return False
        return True

    async def close(self) -> None:
        """Close every pooled connection."""
        if isinstance(self._engine, AsyncEngine):
            await self._engine.dispose()
        else:
            self._engine.dispose()
