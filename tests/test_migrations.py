"""The migrations build exactly the schema that storage/tables declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from storage.migrate import upgrade_async
from storage.tables import Base


async def test_the_migrated_schema_equals_the_tables(sqlite_url: str) -> None:
    await upgrade_async(sqlite_url)
    engine = create_engine(sqlite_url.replace("sqlite+aiosqlite:", "sqlite:", 1))
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
