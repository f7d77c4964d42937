"""The teacher's report reads a class of 40 through indexes, on SQLite and on PostgreSQL,
among other learners' progress: no full scan of attempts, answers or check runs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from storage.database import Database
from storage.engines import make_engine
from storage.migrate import upgrade_async
from tests.stores import fresh_schema as _fresh_schema
from tests.test_query_plans import (
    OTHERS,
    Statement,
    _postgres_problems,
    _seed,
    _sqlite_problems,
    recorded,
)

CLASS = [5_000_000 + n for n in range(0, OTHERS, OTHERS // 40)][:40]


async def _statements_of_a_report(database: Database) -> list[Statement]:
    engine = make_engine(database.url)
    async with engine.begin() as connection:
        await _seed(connection)
    await engine.dispose()
    with recorded() as seen:
        async with database.unit() as store, store.transaction():
            work = await store.reports.class_work(CLASS)
    assert len(work.answers) == 40 * 3  # each member's first answer to each question
    assert len(seen) == 3
    return seen


@pytest.fixture
async def sqlite_database(sqlite_url: str) -> AsyncIterator[Database]:
    await upgrade_async(sqlite_url)
    database = Database(sqlite_url)
    yield database
    await database.close()


async def test_the_report_reads_use_indexes_on_sqlite(sqlite_database: Database) -> None:
    seen = await _statements_of_a_report(sqlite_database)
    path = sqlite_database.url.split("///", 1)[1]
    problems = sorted({p for s, params in seen for p in _sqlite_problems(path, s, params)})
    assert problems == [], "\n".join(problems)


async def test_the_report_reads_use_indexes_on_postgresql(postgres_url: str) -> None:
    await _fresh_schema(postgres_url)
    database = Database(postgres_url)
    try:
        seen = await _statements_of_a_report(database)
    finally:
        await database.close()
    problems = await _postgres_problems(postgres_url, seen)
    assert problems == [], "\n".join(problems)
