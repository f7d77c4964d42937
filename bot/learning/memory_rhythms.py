"""The rhythm store in memory: for the terminal twin and for tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.learning.records import Learner
from bot.learning.rhythm import Rhythm


class MemoryRhythms:
    """Rhythms in a dictionary; sessions and visits come from the rest of the store."""

    def __init__(
        self,
        learner: Callable[[int], Learner | None],
        sessions: Callable[[int, datetime], tuple[datetime, ...]],
    ) -> None:
        self._rhythms: dict[int, Rhythm] = {}
        self._learner = learner
        self._sessions = sessions

    async def rhythm(self, learner_id: int) -> Rhythm | None:
        return self._rhythms.get(learner_id)

    async def save_rhythm(self, rhythm: Rhythm) -> None:
        self._rhythms[rhythm.learner_id] = rhythm

    def forget(self, learner_id: int) -> None:
        """Erase the learner's rhythm (the store's erasure calls this)."""
        self._rhythms.pop(learner_id, None)

    async def with_reminders(self) -> list[tuple[Rhythm, datetime]]:
        found = []
        for rhythm in self._rhythms.values():
            learner = self._learner(rhythm.learner_id)
            if rhythm.reminders and learner is not None:
                found.append((rhythm, learner.last_seen))
        return found

    async def session_times(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        return self._sessions(learner_id, since)
