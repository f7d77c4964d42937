"""The poll desk: a question sent as a quiz poll, and the learner's vote graded like a tap."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.learning.cards import Feedback, Stale
from bot.learning.records import PollRef
from bot.learning.store import ProgressStore

# Grades an answer: (learner, attempt, position, options chosen, now) -> the feedback.
Grade = Callable[[int, int, int, frozenset[int], datetime], Awaitable[Feedback | Stale]]


class PollDesk:
    """Remembers which question each quiz poll asks; one transaction per call."""

    def __init__(self, store: ProgressStore, grade: Grade) -> None:
        self._store = store
        self._grade = grade

    async def sent(
        self, learner_id: int, poll_id: str, attempt_id: int, position: int, now: datetime
    ) -> None:
        """Remember that a quiz poll asks the question at `position` of an attempt."""
        async with self._store.transaction():
            await self._store.save_poll(poll_id, PollRef(learner_id, attempt_id, position), now)

    async def answer(
        self, poll_id: str, learner_id: int, chosen: frozenset[int], now: datetime
    ) -> Feedback | Stale | None:
        """Grade a vote in a quiz poll; None for a poll the tutor did not send or a retraction."""
        async with self._store.transaction():
            ref = await self._store.find_poll(poll_id)
        if ref is None or ref.learner_id != learner_id or not chosen:
            return None
        return await self._grade(learner_id, ref.attempt_id, ref.position, chosen, now)
