"""The learner's data rights: a copy of their data, erasure, and retention of inactive
learners (erased after `RETENTION_MONTHS` without a visit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.learning.my_data import LearnerData
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
