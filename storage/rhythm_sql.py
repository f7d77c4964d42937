"""The rhythm store on SQL: the `RhythmStore` port, on the progress store's session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.learning.rhythm import Rhythm
from storage.queries import rhythms as q

Runner = Callable[..., Awaitable[Any]]


class SqlRhythms:
    """Rhythms through the store's own query runner."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def rhythm(self, learner_id: int) -> Rhythm | None:
        found: Rhythm | None = await self._run(q.rhythm, learner_id)
        return found

    async def save_rhythm(self, rhythm: Rhythm) -> None:
        await self._run(q.save_rhythm, rhythm)

    async def with_reminders(self) -> list[tuple[Rhythm, datetime]]:
        found: list[tuple[Rhythm, datetime]] = await self._run(q.with_reminders)
        return found

    async def session_times(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        found: tuple[datetime, ...] = await self._run(q.session_times, learner_id, since)
        return found
