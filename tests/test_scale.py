"""What keeps the cost flat as learners add up: old polls pruned, admin counts off the loop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event

from bot.learning.records import Learner, PollRef
from bot.learning.totals import Totals
from storage.database import Database

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@contextmanager
def threads_of(fragment: str) -> Iterator[list[int]]:
    """The threads that ran statements containing `fragment`."""
    seen: list[int] = []

    def record(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        if fragment in statement:
            seen.append(threading.get_ident())

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def _learner_with_attempt(database: Database, learner_id: int) -> int:
    async with database.unit() as store, store.transaction():
        await store.save_learner(Learner(learner_id, "en", T0, T0))
        attempt = await store.new_attempt(learner_id, "emotion-check", T0)
    return attempt.id


async def test_a_new_poll_takes_its_learners_week_old_polls_with_it(database: Database) -> None:
    amina = await _learner_with_attempt(database, 1001)
    bruno = await _learner_with_attempt(database, 1002)
    async with database.unit() as store, store.transaction():
        await store.save_poll("old", PollRef(1001, amina, 4), T0)
        await store.save_poll("recent", PollRef(1001, amina, 5), T0 + timedelta(days=3))
        await store.save_poll("bruno-old", PollRef(1002, bruno, 4), T0)
    async with database.unit() as store, store.transaction():
        await store.save_poll("new", PollRef(1001, amina, 6), T0 + timedelta(days=7, hours=1))
    async with database.unit() as store:
        found = {poll: await store.find_poll(poll) for poll in ("old", "recent", "new")}
        bruno_old = await store.find_poll("bruno-old")
    assert found == {
        "old": None,
        "recent": PollRef(1001, amina, 5),
        "new": PollRef(1001, amina, 6),
    }
    assert bruno_old == PollRef(1002, bruno, 4)  # only the learner's own polls go


async def test_admin_counts_run_off_the_event_loop_on_sqlite(database: Database) -> None:
    await _learner_with_attempt(database, 1001)
    await _learner_with_attempt(database, 1002)
    with threads_of("count(") as threads:
        async with database.unit() as store:
            totals = await store.totals(T0 - timedelta(days=7))
    assert totals == Totals(learners=2, active_this_week=2, lessons_finished=0,
                            challenges_finished=0)  # fmt: skip
    assert threads
    assert threading.get_ident() not in threads
