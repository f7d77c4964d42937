"""The migrations build exactly the schema storage/tables defines (the MIL check's too)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from storage.migrate import upgrade_async
from storage.tables import Base


async def test_the_migrated_tables_match_the_models(sqlite_url: str) -> None:
    await upgrade_async(sqlite_url)
    engine = create_engine(sqlite_url.replace("sqlite+aiosqlite:", "sqlite:", 1))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
        tables = set(engine.dialect.get_table_names(connection))
    engine.dispose()
    assert {"mil_check_runs", "mil_check_answers"} <= tables
    assert diffs == []
