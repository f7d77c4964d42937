"""The review store on SQL: the `ReviewStore` port, on the progress store's session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from bot.learning.review import Confidence, TechniqueCard
from bot.learning.review_records import ReviewAnswer, ReviewRound
from storage.queries import reviews as q

T = TypeVar("T")
Runner = Callable[..., Awaitable[Any]]


class SqlReviews:
    """Technique schedules and review rounds, through the store's own query runner."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def cards(self, learner_id: int) -> tuple[TechniqueCard, ...]:
        result: tuple[TechniqueCard, ...] = await self._run(q.review_cards, learner_id)
        return result

    async def save_card(self, card: TechniqueCard) -> None:
        await self._run(q.save_review_card, card)

    async def new_round(
        self, learner_id: int, question_ids: tuple[str, ...], now: datetime, bonus: bool
    ) -> ReviewRound:
        result: ReviewRound = await self._run(
            q.new_review_round, learner_id, question_ids, now, bonus
        )
        return result

    async def open_round(self, learner_id: int) -> ReviewRound | None:
        result: ReviewRound | None = await self._run(q.open_review_round, learner_id)
        return result

    async def save_round(self, review_round: ReviewRound) -> None:
        await self._run(q.save_review_round, review_round)

    async def add_answer(self, review_round: ReviewRound, answer: ReviewAnswer) -> bool:
        return bool(await self._run(q.add_review_answer, review_round, answer))

    async def set_confidence(self, round_id: int, position: int, confidence: Confidence) -> bool:
        return bool(await self._run(q.set_review_confidence, round_id, position, confidence))

    async def seen_items(self, learner_id: int) -> dict[str, datetime]:
        result: dict[str, datetime] = await self._run(q.seen_review_items, learner_id)
        return result

    async def review_days(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        result: tuple[datetime, ...] = await self._run(q.review_days, learner_id, since)
        return result
