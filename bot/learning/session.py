"""A tutoring session: one update's store, the learner read once, and the card on screen.

A session is made for one incoming update with that update's store (one database
session). Each call is one short transaction, so no lock is held while the adapter talks
to the chat.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.bank.bank import Bank
from bot.bank.content import Lesson, Step
from bot.bank.themes import Theme
from bot.learning.cards import (
    Card,
    ChallengeResult,
    EndCard,
    Feedback,
    QuestionCard,
    Stale,
    StepCard,
)
from bot.learning.records import Attempt, Challenge, Learner
from bot.learning.store import ProgressStore


def card_at(
    bank: Bank, attempt: Attempt, language: str, challenge: Challenge | None = None
) -> Card:
    """The card for an attempt's current position, in the learner's language.

    A challenge run has no steps: its questions are the challenge's review items.
    """
    if challenge is not None:
        lesson = bank.lesson(challenge.lesson_id, language)
        steps: tuple[Step, ...] = ()
        questions = tuple(bank.review_question(q, language) for q in challenge.question_ids)
    else:
        lesson = bank.lesson(attempt.lesson_id, language)
        steps, questions = tuple(lesson.steps), tuple(lesson.questions)
    position, count = attempt.position, len(questions)
    if attempt.finished_at is not None or position >= len(steps) + count:
        if challenge is not None:
            return ChallengeResult(
                challenge, lesson, attempt.score, count, attempt.id, False, "en"
            )
        return EndCard(lesson, attempt.score, count, None, attempt.id)
    if position < len(steps):
        return StepCard(
            lesson, steps[position], position + 1, attempt.id, position,
            bank.folders.get(lesson.id),
        )  # fmt: skip
    index = position - len(steps)
    question = questions[index]
    answer = attempt.answered(position)
    if answer is not None:
        return Feedback(
            lesson, question, answer, index + 1, count, attempt.id, position, challenge
        )
    return QuestionCard(
        lesson, question, index + 1, count, attempt.id, position, attempt.selection, challenge
    )


LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def _stale_visit(learner: Learner, now: datetime) -> bool:
    return (
        now.date() != learner.last_seen.date() or now - learner.last_seen >= LAST_SEEN_RESOLUTION
    )


class Session:
    """What every tutoring call needs: the bank, the store, and the learner read once.

    The tutor and the challenge desk each hold the same session for one update.
    """

    def __init__(self, bank: Bank, store: ProgressStore, newcomer_language: str = "en") -> None:
        self.bank = bank
        self.store = store
        self._newcomer_language = newcomer_language
        self._learner_seen: Learner | None = None
        self._touched = False

    async def visit(self, learner_id: int, now: datetime) -> Learner:
        """The learner (created on first contact), their visit noted once per update; call
        inside a transaction."""
        learner = self._learner_seen
        if learner is None or learner.id != learner_id:
            learner = await self.store.learner(learner_id)
            self._touched = False
        if learner is None:
            learner = Learner(learner_id, self._newcomer_language, now, now)
            await self.store.save_learner(learner)
            await self.store.mark_active(learner_id, now.date())
            self._touched = True
        if not self._touched and _stale_visit(learner, now):
            # Days active only change with the date, and `last_seen` needs no more than
            # minutes: most updates skip these two writes.
            if learner.last_seen.date() != now.date():
                await self.store.mark_active(learner_id, now.date())
            learner = replace(learner, last_seen=now)
            await self.store.save_learner(learner)
        self._touched = True
        self._learner_seen = learner
        return learner

    async def open_card(self, learner: Learner) -> tuple[Attempt, Card] | None:
        """The learner's open attempt and its card, unless its content left the bank.

        A lesson can disappear from the bank (deleted, or dropped for an error in its file);
        an attempt at it is then left behind instead of breaking every later update.
        """
        attempt = await self.store.open_attempt(learner.id)
        if attempt is None:
            return None
        challenge = None
        if attempt.challenge_code is not None:
            challenge = await self.store.challenge(attempt.challenge_code)
            if challenge is None or any(
                q not in self.bank.questions for q in challenge.question_ids
            ):
                return None
        if (challenge.lesson_id if challenge else attempt.lesson_id) not in self.bank.lessons:
            return None
        return attempt, card_at(self.bank, attempt, learner.language, challenge)

    async def learner(self, learner_id: int) -> Learner | None:
        """The learner, if they have met the tutor (read once per update)."""
        if self._learner_seen is not None and self._learner_seen.id == learner_id:
            return self._learner_seen
        async with self.store.transaction():
            learner = await self.store.learner(learner_id)
        self._learner_seen = learner
        return learner

    async def profile(self, learner_id: int, now: datetime) -> Learner:
        """The learner, created on first contact."""
        async with self.store.transaction():
            return await self.visit(learner_id, now)

    async def change(self, learner_id: int, now: datetime, **changes: object) -> Learner:
        """Save the learner with some fields changed (their language, their settings)."""
        async with self.store.transaction():
            learner = replace(await self.visit(learner_id, now), **changes)  # type: ignore[arg-type]
            await self.store.save_learner(learner)
        self._learner_seen = learner
        return learner

    def recommend(
        self, done: frozenset[str], language: str, after: str | None = None
    ) -> Lesson | None:
        """The next lesson to suggest: the rest of this theme first, then the next themes."""
        order = [lesson for theme in Theme for lesson in self.bank.by_theme[theme]]
        start = 0
        if after is not None:
            ids = [lesson.id for lesson in order]
            start = ids.index(after) + 1 if after in ids else 0
        for lesson in order[start:] + order[:start]:
            if lesson.id not in done and all(p in done for p in lesson.prerequisites):
                return self.bank.lesson(lesson.id, language)
        return None

    async def on_screen(
        self, learner_id: int, attempt_id: int, position: int, now: datetime
    ) -> tuple[Learner, Attempt, Card] | Stale:
        """The learner, their open attempt and its card, if a button belongs to them and to
        the position it was shown at."""
        learner = await self.visit(learner_id, now)
        found = await self.open_card(learner)
        if found is None or found[0].id != attempt_id:
            return Stale("old-lesson", found[1] if found else None)
        attempt, here = found
        if position != attempt.position:
            return Stale("moved-on", here)
        return learner, attempt, here
