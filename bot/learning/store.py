"""The progress store port: what the core needs to remember, and an in-memory adapter."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from bot.learning.records import Answer, Attempt, Learner, PollRef


@dataclass(frozen=True)
class Tally:
    """Right answers out of all answers, for one lesson."""

    correct: int
    total: int


class ProgressStore(Protocol):
    """Where learners, attempts and answers live; one instance serves one update."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """A transaction: committed when the block ends, rolled back on an error."""

    async def learner(self, learner_id: int) -> Learner | None:
        """The learner, or None if they never came."""

    async def save_learner(self, learner: Learner) -> None:
        """Create or update a learner."""

    async def new_attempt(self, learner_id: int, lesson_id: str, now: datetime) -> Attempt:
        """Start a fresh attempt at a lesson."""

    async def attempt(self, attempt_id: int) -> Attempt | None:
        """An attempt with its answers."""

    async def open_attempt(self, learner_id: int) -> Attempt | None:
        """The learner's newest unfinished attempt."""

    async def save_position(self, attempt: Attempt) -> None:
        """Store an attempt's position, ticked options and finish time."""

    async def add_answer(self, attempt: Attempt, answer: Answer) -> bool:
        """Record an answer; False if that position was answered already."""

    async def finished_lessons(self, learner_id: int) -> frozenset[str]:
        """Ids of lessons the learner finished at least once."""

    async def tallies(self, learner_id: int) -> dict[str, Tally]:
        """Right and total answers per lesson."""

    async def mark_active(self, learner_id: int, day: date) -> None:
        """Note that the learner was active on `day` (UTC)."""

    async def days_active(self, learner_id: int) -> int:
        """On how many distinct days the learner was active."""

    async def save_poll(self, poll_id: str, ref: PollRef, now: datetime) -> None:
        """Remember which question a quiz poll asks."""

    async def find_poll(self, poll_id: str) -> PollRef | None:
        """The question a quiz poll asks, if the bot sent it."""


class StoreFactory(Protocol):
    """Opens a store for one update; it closes when the update is handled."""

    def __call__(self) -> AbstractAsyncContextManager[ProgressStore]: ...


class MemoryStore:
    """Keeps everything in dictionaries: for the terminal twin and for tests."""

    def __init__(self) -> None:
        self._learners: dict[int, Learner] = {}
        self._attempts: dict[int, Attempt] = {}
        self._ids = itertools.count(1)
        self._days: set[tuple[int, date]] = set()
        self._polls: dict[str, PollRef] = {}

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[MemoryStore]:
        """This store, for one update (nothing to open or close in memory)."""
        yield self

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Nothing to commit in memory."""
        yield

    async def learner(self, learner_id: int) -> Learner | None:
        return self._learners.get(learner_id)

    async def save_learner(self, learner: Learner) -> None:
        self._learners[learner.id] = learner

    async def new_attempt(self, learner_id: int, lesson_id: str, now: datetime) -> Attempt:
        attempt = Attempt(next(self._ids), learner_id, lesson_id, now)
        self._attempts[attempt.id] = attempt
        return attempt

    async def attempt(self, attempt_id: int) -> Attempt | None:
        return self._attempts.get(attempt_id)

    async def open_attempt(self, learner_id: int) -> Attempt | None:
        mine = [
            a for a in self._attempts.values() if a.learner_id == learner_id and not a.finished_at
        ]
        return max(mine, key=lambda a: a.id, default=None)

    async def save_position(self, attempt: Attempt) -> None:
        stored = self._attempts[attempt.id]
        self._attempts[attempt.id] = replace(
            stored,
            position=attempt.position,
            finished_at=attempt.finished_at,
            selection=attempt.selection,
        )

    async def add_answer(self, attempt: Attempt, answer: Answer) -> bool:
        stored = self._attempts[attempt.id]
        if stored.answered(answer.position):
            return False
        self._attempts[attempt.id] = replace(stored, answers=(*stored.answers, answer))
        return True

    async def finished_lessons(self, learner_id: int) -> frozenset[str]:
        return frozenset(
            a.lesson_id
            for a in self._attempts.values()
            if a.learner_id == learner_id and a.finished_at
        )

    async def tallies(self, learner_id: int) -> dict[str, Tally]:
        result: dict[str, Tally] = {}
        for a in self._attempts.values():
            if a.learner_id != learner_id:
                continue
            old = result.get(a.lesson_id, Tally(0, 0))
            result[a.lesson_id] = Tally(old.correct + a.score, old.total + len(a.answers))
        return result

    async def mark_active(self, learner_id: int, day: date) -> None:
        self._days.add((learner_id, day))

    async def days_active(self, learner_id: int) -> int:
        return sum(1 for who, _ in self._days if who == learner_id)

    async def save_poll(self, poll_id: str, ref: PollRef, now: datetime) -> None:
        self._polls[poll_id] = ref

    async def find_poll(self, poll_id: str) -> PollRef | None:
        return self._polls.get(poll_id)
