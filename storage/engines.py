"""Engines tuned for the store: SQLite in WAL mode with write locks taken up front, and
async engines for a database server."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 5000
READ_ONLY = "milclicks_read_only"


def _tune_sqlite(engine: Engine) -> None:
    """WAL for readers beside a writer, a busy timeout, and write locks taken up front."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at the start, so another process writing at the
        # same time waits on the busy timeout instead of failing halfway. A read-only
        # connection (the admin counts) reads a snapshot and takes no lock.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def is_sqlite(url: str) -> bool:
    """Whether the URL names an SQLite database."""
    return url.startswith("sqlite")


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for `url` (migrations use it), tuned on SQLite like the store's."""
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine.sync_engine)
    return engine


def make_sync_engine(url: str, **options: Any) -> Engine:
    """A synchronous SQLite engine for an `sqlite+aiosqlite://` (or `sqlite://`) URL."""
    engine = create_engine(url.replace("sqlite+aiosqlite:", "sqlite:", 1), **options)
    _tune_sqlite(engine)
    return engine
