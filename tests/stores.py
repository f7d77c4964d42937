"""What store tests share: the port's adapters, a fresh PostgreSQL schema, a learner who
takes lessons through the tutor."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

from bot.bank.bank import Bank
from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.cards import Card, EndCard, Feedback, Locked, QuestionCard, Stale, StepCard
from bot.learning.grading import correct_options, option_count
from bot.learning.progress import LessonStatus, ProgressReport
from bot.learning.store import ProgressStore
from bot.learning.tutor import Tutor
from bot.learning.views import Meeting
from storage.engines import make_engine
from storage.migrate import upgrade_async

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]


async def fresh_schema(url: str) -> None:
    """An empty, migrated schema: each test starts from nothing."""
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        await connection.exec_driver_sql("CREATE SCHEMA public")
    await engine.dispose()
    await upgrade_async(url)


class Learner:
    """One learner's updates, each with its own store, twenty seconds apart."""

    def __init__(self, bank: Bank, stores: Stores, learner_id: int = 1001) -> None:
        self.bank, self.stores, self.id = bank, stores, learner_id
        self.now = NOW

    def _tick(self) -> datetime:
        self.now += timedelta(seconds=20)
        return self.now

    async def meet(self) -> Meeting:
        async with self.stores() as store:
            return await Tutor(self.bank, store).meet(self.id, self._tick())

    async def start(self, lesson_id: str) -> Card | Locked:
        async with self.stores() as store:
            return await Tutor(self.bank, store).start(self.id, lesson_id, self._tick())

    async def tap_next(self, card: Card, position: int | None = None) -> Card | Stale:
        assert isinstance(card, StepCard | QuestionCard | Feedback)
        where = card.position if position is None else position
        async with self.stores() as store:
            return await Tutor(self.bank, store).advance(
                self.id, card.attempt_id, where, self._tick()
            )

    async def answer(self, card: Card, chosen: set[int]) -> Feedback | Stale:
        assert isinstance(card, QuestionCard)
        async with self.stores() as store:
            return await Tutor(self.bank, store).answer(
                self.id, card.attempt_id, card.position, frozenset(chosen), self._tick()
            )

    async def progress(self) -> ProgressReport:
        async with self.stores() as store:
            return await Tutor(self.bank, store).progress(self.id, self._tick())

    async def theme(self, theme: Theme) -> list[tuple[Lesson, LessonStatus]]:
        async with self.stores() as store:
            return await Tutor(self.bank, store).theme(self.id, theme, self._tick())

    async def finish(self, card: Card | Locked | Stale, *, right: bool = True) -> EndCard:
        """Tap through the rest of a lesson, answering every question right (or wrong)."""
        while not isinstance(card, EndCard):
            if isinstance(card, QuestionCard):
                good = correct_options(card.question)
                bad = set(range(option_count(card.question))) - good
                card = await self.answer(card, set(good) if right else {min(bad)})
            elif isinstance(card, StepCard | Feedback):
                card = await self.tap_next(card)
            else:
                raise AssertionError(f"unexpected {card!r}")
        return card

    async def open_questions(self, lesson_id: str) -> QuestionCard:
        """Start a lesson and tap through its steps to the first question."""
        card: Card | Locked | Stale = await self.start(lesson_id)
        while isinstance(card, StepCard):
            card = await self.tap_next(card)
        assert isinstance(card, QuestionCard)
        return card
