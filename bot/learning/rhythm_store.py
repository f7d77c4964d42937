"""The rhythm store port: reminder settings, who may be due a reminder, session times."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.learning.rhythm import Rhythm


class RhythmStore(Protocol):
    """Where rhythms live; it shares the progress store's session and transactions."""

    async def rhythm(self, learner_id: int) -> Rhythm | None:
        """The learner's rhythm, if they have one."""

    async def save_rhythm(self, rhythm: Rhythm) -> None:
        """Create or update a rhythm."""

    async def with_reminders(self) -> list[tuple[Rhythm, datetime]]:
        """Every rhythm with reminders on, with the learner's last visit."""

    async def session_times(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        """When the learner finished lessons and review rounds since `since`."""
