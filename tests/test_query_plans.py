"""Every statement the bot runs while a learner waits uses an index, on SQLite and on
PostgreSQL: no full scan, no walk through rows that are not the learner's.

The statements are the real ones: recorded while a learner takes a lesson and challenges
a friend, on a database that already holds other learners' progress. Their plans are then
asked of the database with the same parameters. (`bench/query_plans.py` does the same at a
million learners and prints each statement's time.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bank.bank import Bank
from bot.sandbox.server import TelegramServer
from storage.database import Database
from storage.engines import make_engine
from storage.migrate import upgrade_async
from tests.dialogs import finish_first_lesson
from tests.harness import running_bot
from tests.stores import fresh_schema

Statement = tuple[str, Any]
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
OTHERS = 300  # other learners, each with a few attempts, answers, polls and a challenge


@contextmanager
def recorded() -> Iterator[list[Statement]]:
    """Every statement any engine sends, with its parameters."""
    seen: list[Statement] = []

    def record(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        if not many and statement.lstrip().split(" ", 1)[0].upper() in (
            "SELECT",
            "UPDATE",
            "DELETE",
        ):
            seen.append((statement, params))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def _seed(connection: AsyncConnection) -> None:
    """Other learners' progress, so that a careless plan has rows to walk."""
    learners, attempts, answers, polls, challenges = [], [], [], [], []
    for n in range(OTHERS):
        learner = 5_000_000 + n
        learners.append({"id": learner, "language": "en", "first_seen": T0, "last_seen": T0,
                         "challenge_notices": True})  # fmt: skip
        code = f"C{n:06d}"
        challenges.append({"code": code, "challenger_id": learner, "challenger_name": "Sam",
                           "lesson_id": "emotion-check", "question_ids": "a,b,c",
                           "challenger_score": 2, "challenger_total": 3, "created_at": T0,
                           "expires_at": T0 + timedelta(days=7), "shared_at": None})  # fmt: skip
        for k in range(4):
            attempt = n * 4 + k + 1
            attempts.append({"id": attempt, "learner_id": learner, "lesson_id": "emotion-check",
                             "started_at": T0, "position": 9, "finished_at": T0, "selection": 0,
                             "challenge_code": code if k == 3 else None})  # fmt: skip
            polls.append({"poll_id": f"p{attempt}", "learner_id": learner,
                          "attempt_id": attempt, "position": 4, "sent_at": T0})  # fmt: skip
            for position in range(3):
                answers.append({"attempt_id": attempt, "learner_id": learner,
                                "lesson_id": "emotion-check", "question_id": f"q{position}",
                                "position": position, "choice": "1", "correct": position != 1,
                                "answered_at": T0})  # fmt: skip
    from storage.queries.common import ANSWERS, ATTEMPTS, CHALLENGES, LEARNERS, POLLS

    for table, rows in ((LEARNERS, learners), (CHALLENGES, challenges), (ATTEMPTS, attempts),
                        (ANSWERS, answers), (POLLS, polls)):  # fmt: skip
        await connection.execute(table.insert(), rows)
    if connection.dialect.name == "postgresql":  # the attempts were given their ids
        await connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('attempts', 'id'), max(id)) FROM attempts"
        )


async def _statements_of_a_learner(
    server: TelegramServer, bank: Bank, database: Database
) -> list[Statement]:
    engine = make_engine(database.url)
    async with engine.begin() as connection:
        await _seed(connection)
    await engine.dispose()
    async with running_bot(server, bank, database.unit) as bot:
        amina = server.user(1001, "Amina", language_code="en")
        with recorded() as seen:
            await finish_first_lesson(amina, bot)
            await amina.tap("🎯 Challenge a friend")
            await amina.receive()
            await amina.send("/progress")
            await amina.receive()
            await bot.settle()
    assert len(seen) > 50
    return seen


def _sqlite_problems(path: str, statement: str, params: Any) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, params)]
    problems = []
    for line in plan:
        if line.startswith("SCAN ") and line != "SCAN CONSTANT ROW":
            problems.append(line)
        searched = line.split(" ")[1] if line.startswith("SEARCH ") else ""
        if "ix_attempts_challenge_code" in line and f"{searched}.challenge_code IS NULL" in (
            statement
        ):
            problems.append(line + " (every attempt that is not a challenge run)")
        if line.startswith("SEARCH learners USING INDEX sqlite_autoindex"):
            problems.append(line + " (two B-tree searches where one would do)")
    return [f"{statement!r}: {problem}" for problem in problems]


@pytest.fixture
async def seeded_sqlite(sqlite_url: str) -> AsyncIterator[Database]:
    await upgrade_async(sqlite_url)
    database = Database(sqlite_url)
    yield database
    await database.close()


async def test_every_statement_a_learner_waits_for_uses_an_index_on_sqlite(
    server: TelegramServer, bank: Bank, seeded_sqlite: Database
) -> None:
    seen = await _statements_of_a_learner(server, bank, seeded_sqlite)
    path = seeded_sqlite.url.split("///", 1)[1]
    problems = sorted({p for s, params in seen for p in _sqlite_problems(path, s, params)})
    assert problems == [], "\n".join(problems)


async def test_every_statement_a_learner_waits_for_uses_an_index_on_postgresql(
    server: TelegramServer, bank: Bank, postgres_url: str
) -> None:
    await fresh_schema(postgres_url)
    database = Database(postgres_url)
    try:
        seen = await _statements_of_a_learner(server, bank, database)
    finally:
        await database.close()
    problems = await _postgres_problems(postgres_url, seen)
    assert problems == [], "\n".join(problems)


async def _postgres_problems(url: str, seen: list[Statement]) -> list[str]:
    """Each statement whose PostgreSQL plan still reads a table whole."""
    engine = make_engine(url)
    problems = set()
    async with engine.connect() as connection:
        await connection.exec_driver_sql("ANALYZE")
        # A small table is read whole whatever its indexes: forbid that, and a plan that
        # still reads a table whole has no index to use.
        await connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, params in seen:
            rows = await connection.exec_driver_sql("EXPLAIN " + statement, tuple(params))
            plan = [row[0] for row in rows]
            problems |= {f"{statement!r}: {line.strip()}" for line in plan if "Seq Scan" in line}
    await engine.dispose()
    return sorted(problems)
