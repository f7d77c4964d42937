"""Redelivered updates and lessons resumed, on every adapter of the store port."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bank.bank import Bank
from bot.learning import redelivery
from bot.learning.cards import StepCard
from bot.learning.tutor import Tutor
from tests.stores import Stores

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def test_an_update_is_new_once_then_unfinished_then_done(stores: Stores) -> None:
    async with stores() as store:
        assert await redelivery.claim(store, 7, 1001, NOW) == "new"
        assert await redelivery.claim(store, 7, 1001, NOW) == "unfinished"
        await redelivery.finish(store, 7)
        assert await redelivery.claim(store, 7, 1001, NOW) == "done"


async def test_updates_a_stopped_process_left_unfinished_name_their_learners_once(
    stores: Stores,
) -> None:
    async with stores() as store:
        for update_id, learner in ((1, 1001), (2, 1002), (3, 1001), (4, None)):
            await redelivery.claim(store, update_id, learner, NOW)
        await redelivery.finish(store, 2)
        assert await redelivery.interrupted(store, NOW) == [1001]
        assert await redelivery.interrupted(store, NOW) == []  # sent again once only
        assert await redelivery.claim(store, 1, 1001, NOW) == "done"


async def test_old_update_ids_are_forgotten_after_the_retention_period(stores: Stores) -> None:
    later = NOW + redelivery.RETENTION + timedelta(minutes=1)
    async with stores() as store:
        await redelivery.claim(store, 5, 1001, NOW)
        async with store.transaction():
            assert await store.forget_updates(later - redelivery.RETENTION) == 1
        assert await redelivery.claim(store, 5, 1001, later) == "new"


async def test_opening_a_lesson_in_progress_resumes_it(bank: Bank, stores: Stores) -> None:
    lesson = next(i for i, found in bank.lessons.items() if not found.prerequisites)
    async with stores() as store:
        tutor = Tutor(bank, store)
        first = await tutor.start(1001, lesson, NOW)
        assert isinstance(first, StepCard)
        await tutor.advance(1001, first.attempt_id, first.position, NOW)
        again = await tutor.start(1001, lesson, NOW + timedelta(minutes=1))
        assert isinstance(again, StepCard)
        assert (again.attempt_id, again.position) == (first.attempt_id, 1)
