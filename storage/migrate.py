"""Alembic migrations, run from code: at start-up for SQLite and by `milclicks db upgrade`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection

from storage.engines import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """Alembic's configuration, without an ini file: the script folder and the URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _prepare(url: str) -> None:
    if url.startswith("sqlite") and ":///" in url:
        path = url.split(":///", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def _foreign_keys_later(dbapi_connection: Any, _record: Any) -> None:
    # SQLite can rebuild a table others refer to only with foreign keys off (and the
    # pragma means nothing inside a transaction); `_check_foreign_keys` checks them after.
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"a migration broke foreign keys: {broken[:5]}")


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`, from inside a running event loop."""
    _prepare(url)
    engine = make_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        event.listen(engine.sync_engine, "connect", _foreign_keys_later)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(
                lambda sync: command.upgrade(alembic_config(url, sync), revision)
            )
            if sqlite:
                await connection.run_sync(_check_foreign_keys)
    finally:
        await engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision` (the newest by default)."""
    asyncio.run(upgrade_async(url, revision))


async def _current_async(url: str) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            revisions = await connection.run_sync(
                lambda sync: set(MigrationContext.configure(sync).get_current_heads())
            )
    finally:
        await engine.dispose()
    return revisions == heads


def is_current(url: str) -> bool:
    """Whether the database at `url` has every migration applied."""
    return asyncio.run(_current_async(url))
