"""Several workers on one PostgreSQL database: one learner's updates one at a time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.bank.bank import Bank
from bot.learning.cards import Stale, StepCard
from bot.learning.tutor import Tutor
from storage.database import Database
from storage.engines import make_engine
from storage.learner_locks import lock_key
from tests.stores import fresh_schema

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WAITING = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")


@pytest.fixture
async def workers(postgres_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two workers' databases: two engines, two pools, two sets of server sessions, as two
    processes would have."""
    await fresh_schema(postgres_url)
    first, second = Database(postgres_url), Database(postgres_url)
    yield first, second
    await first.close()
    await second.close()


async def _waiters(url: str) -> int:
    engine = make_engine(url)
    async with engine.connect() as connection:
        count = (await connection.execute(WAITING)).scalar_one()
    await engine.dispose()
    return int(count)


async def test_a_learners_update_waits_for_the_other_workers(
    workers: tuple[Database, Database], postgres_url: str
) -> None:
    one, two = workers
    entered: list[str] = []

    async def second_worker() -> None:
        async with two.unit(learner_id=1001):
            entered.append("second")

    async with one.unit(learner_id=1001):
        entered.append("first")
        waiting = asyncio.create_task(second_worker())
        for _ in range(500):  # until the server shows the second worker waiting
            if await _waiters(postgres_url) == 1:
                break
        assert await _waiters(postgres_url) == 1
        assert not waiting.done()
        # Another learner's update does not wait.
        async with two.unit(learner_id=2002):
            entered.append("other learner")
    await waiting
    assert entered == ["first", "other learner", "second"]
    assert await _waiters(postgres_url) == 0


async def test_a_double_tap_on_two_workers_moves_on_once(
    workers: tuple[Database, Database], bank: Bank
) -> None:
    one, two = workers
    async with one.unit(learner_id=1001) as store:
        card = await Tutor(bank, store).start(1001, "emotion-check", NOW)
    assert isinstance(card, StepCard)

    async def tap(database: Database) -> object:
        async with database.unit(learner_id=1001) as store:
            return await Tutor(bank, store).advance(
                1001, card.attempt_id, card.position, NOW + timedelta(seconds=5)
            )

    results = await asyncio.gather(tap(one), tap(two), tap(one), tap(two))
    assert sorted(type(result).__name__ for result in results) == [
        "Stale",
        "Stale",
        "Stale",
        "StepCard",
    ]
    assert sum(isinstance(result, Stale) for result in results) == 3


def test_lock_keys_fit_postgresqls_int4_and_keep_small_ids_apart() -> None:
    ids = [1, 1001, 2**31 - 1, 2**31, 2**32 + 5, 2**52 - 1, 7_000_000_000]
    keys = [lock_key(learner) for learner in ids]
    assert all(-(2**31) <= key < 2**31 for key in keys)
    assert len(set(keys)) == len(keys)
