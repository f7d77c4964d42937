"""The review store port: technique schedules, rounds and their answers (memory, SQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.learning.review import Confidence, TechniqueCard
from bot.learning.review_records import ReviewAnswer, ReviewRound


class ReviewStore(Protocol):
    """Where review lives; it shares the progress store's session and transactions."""

    async def cards(self, learner_id: int) -> tuple[TechniqueCard, ...]:
        """The learner's technique schedules."""

    async def save_card(self, card: TechniqueCard) -> None:
        """Create or update one technique's schedule."""

    async def new_round(
        self, learner_id: int, question_ids: tuple[str, ...], now: datetime, bonus: bool
    ) -> ReviewRound:
        """Start a round of review items."""

    async def open_round(self, learner_id: int) -> ReviewRound | None:
        """The learner's newest unfinished round, with its answers."""

    async def save_round(self, review_round: ReviewRound) -> None:
        """Store a round's position and finish time."""

    async def add_answer(self, review_round: ReviewRound, answer: ReviewAnswer) -> bool:
        """Record an answer; False if that position was answered already."""

    async def set_confidence(self, round_id: int, position: int, confidence: Confidence) -> bool:
        """Record how sure the learner was; False if already said (or no answer yet)."""

    async def seen_items(self, learner_id: int) -> dict[str, datetime]:
        """Each review item the learner answered, with when they last did."""

    async def review_days(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        """When the learner finished review rounds since `since`."""
