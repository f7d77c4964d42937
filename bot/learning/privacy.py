"""The learner's data rights: a copy of their data, erasure, and retention of inactive
learners (erased after `RETENTION_MONTHS` without a visit)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.learning.my_data import LearnerData
from bot.learning.records import Learner
from bot.learning.store import ProgressStore

RETENTION_MONTHS = 24
_MONTH = timedelta(days=30.44)  # an average month; retention is counted in whole ones


async def my_data(store: ProgressStore, learner_id: int) -> LearnerData:
    """Everything stored that names the learner, read in one transaction."""
    async with store.transaction():
        return await store.learner_data(learner_id)


async def forget(store: ProgressStore, learner_id: int) -> None:
    """Erase every row that names the learner, in one transaction."""
    async with store.transaction():
        await store.erase_learner(learner_id)


async def forget_inactive(
    store: ProgressStore, now: datetime, months: int = RETENTION_MONTHS
) -> int:
    """Erase the learners not seen for `months`, each in their own transaction; how many."""
    async with store.transaction():
        gone = await store.inactive_learners(now - months * _MONTH)
    for learner_id in gone:
        await forget(store, learner_id)
    return len(gone)


Erasure = Literal["erased", "nothing", "stale"]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def first_came(learner: Learner) -> int:
    """When the learner first came, in microseconds since 1970: it tells this learner
    from the one they became by starting afresh."""
    return (learner.first_seen - _EPOCH) // timedelta(microseconds=1)


class DataRights:
    """`/mydata` and `/forgetme` on one update's store."""

    def __init__(self, store: ProgressStore) -> None:
        self._store = store

    async def copy(self, learner_id: int) -> LearnerData:
        """Everything stored that names the learner."""
        return await my_data(self._store, learner_id)

    async def classes_taught(self, learner_id: int) -> tuple[str, ...]:
        """The names of the open classes the learner teaches: erasing them closes these,
        and their learners leave them."""
        async with self._store.transaction():
            return tuple(c.name for c in await self._store.classes.classes_taught(learner_id))

    async def forget(self, learner_id: int, since: int) -> Erasure:
        """Erase the learner, confirmed on a button made when they had first come at
        `since` (see `first_came`): "stale" if they started afresh since (nothing erased),
        "nothing" if nothing is stored."""
        async with self._store.transaction():
            learner = await self._store.learner(learner_id)
            if learner is None:
                return "nothing"
            if first_came(learner) != since:
                return "stale"
            await self._store.erase_learner(learner_id)
        return "erased"
