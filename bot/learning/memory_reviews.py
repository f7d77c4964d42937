"""The review store in memory: for the terminal twin and for tests."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

from bot.learning.review import Confidence, TechniqueCard
from bot.learning.review_records import ReviewAnswer, ReviewRound


class MemoryReviews:
    """Technique schedules and review rounds in dictionaries."""

    def __init__(self) -> None:
        self._cards: dict[tuple[int, str], TechniqueCard] = {}
        self._rounds: dict[int, ReviewRound] = {}
        self._ids = itertools.count(1)

    async def cards(self, learner_id: int) -> tuple[TechniqueCard, ...]:
        return tuple(c for (who, _), c in sorted(self._cards.items()) if who == learner_id)

    async def save_card(self, card: TechniqueCard) -> None:
        self._cards[card.learner_id, card.technique] = card

    async def new_round(
        self, learner_id: int, question_ids: tuple[str, ...], now: datetime, bonus: bool
    ) -> ReviewRound:
        review_round = ReviewRound(next(self._ids), learner_id, question_ids, now, bonus)
        self._rounds[review_round.id] = review_round
        return review_round

    async def open_round(self, learner_id: int) -> ReviewRound | None:
        open_rounds = [
            r for r in self._rounds.values() if r.learner_id == learner_id and not r.finished_at
        ]
        return max(open_rounds, key=lambda r: r.id, default=None)

    async def save_round(self, review_round: ReviewRound) -> None:
        stored = self._rounds[review_round.id]
        self._rounds[review_round.id] = replace(
            stored, position=review_round.position, finished_at=review_round.finished_at
        )

    async def add_answer(self, review_round: ReviewRound, answer: ReviewAnswer) -> bool:
        stored = self._rounds[review_round.id]
        if stored.answered(answer.position) is not None:
            return False
        self._rounds[stored.id] = replace(stored, answers=(*stored.answers, answer))
        return True

    async def set_confidence(self, round_id: int, position: int, confidence: Confidence) -> bool:
        stored = self._rounds[round_id]
        answer = stored.answered(position)
        if answer is None or answer.confidence is not None:
            return False
        answers = tuple(
            replace(a, confidence=confidence) if a.position == position else a
            for a in stored.answers
        )
        self._rounds[round_id] = replace(stored, answers=answers)
        return True

    async def seen_items(self, learner_id: int) -> dict[str, datetime]:
        seen: dict[str, datetime] = {}
        for r in self._rounds.values():
            if r.learner_id == learner_id:
                for a in r.answers:
                    seen[a.question_id] = max(
                        a.answered_at, seen.get(a.question_id, a.answered_at)
                    )
        return seen

    async def review_days(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        return tuple(
            sorted(
                r.finished_at
                for r in self._rounds.values()
                if r.learner_id == learner_id and r.finished_at and r.finished_at >= since
            )
        )

    def forget(self, learner_id: int) -> None:
        """Erase the learner's schedules and rounds (the store's erasure calls this)."""
        self._cards = {k: c for k, c in self._cards.items() if k[0] != learner_id}
        self._rounds = {i: r for i, r in self._rounds.items() if r.learner_id != learner_id}

    def finished_rounds(self, learner_id: int) -> list[datetime]:
        """When the learner finished review rounds."""
        return [
            r.finished_at
            for r in self._rounds.values()
            if r.learner_id == learner_id and r.finished_at is not None
        ]
