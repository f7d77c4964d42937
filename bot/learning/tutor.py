"""The tutor: the learning loop as async calls that take plain values and return cards.

A tutor is made for one incoming update with that update's store (one database session);
each call is one short transaction, so no lock is held while the adapter talks to the chat.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.learning.bank import Bank
from bot.learning.cards import Card, EndCard, Feedback, Locked, QuestionCard, Stale, StepCard
from bot.learning.content import Lesson
from bot.learning.grading import encode_choice, is_correct, option_count
from bot.learning.progress import LessonStatus, ProgressReport, ThemeEntry, build_report
from bot.learning.records import Answer, Attempt, Learner, PollRef
from bot.learning.store import ProgressStore
from bot.learning.themes import Theme


@dataclass(frozen=True)
class Meeting:
    """Who the learner is, whether this is their first visit, and where they left off."""

    learner: Learner
    new: bool
    resume: Card | None
    first_lesson: Lesson | None


def card_at(bank: Bank, attempt: Attempt, language: str) -> Card:
    """The card for an attempt's current position, in the learner's language."""
    lesson = bank.lesson(attempt.lesson_id, language)
    steps, questions = len(lesson.steps), len(lesson.questions)
    position = attempt.position
    if attempt.finished_at is not None or position >= steps + questions:
        return EndCard(lesson, attempt.score, questions, None, attempt.id)
    if position < steps:
        return StepCard(lesson, lesson.steps[position], position + 1, attempt.id, position)
    index = position - steps
    question = lesson.questions[index]
    answer = attempt.answered(position)
    if answer is not None:
        return Feedback(lesson, question, answer, index + 1 == questions, attempt.id, position)
    return QuestionCard(
        lesson, question, index + 1, questions, attempt.id, position, attempt.selection
    )


class Tutor:
    """Runs lessons for learners, remembering progress through a store."""

    def __init__(self, bank: Bank, store: ProgressStore) -> None:
        self.bank = bank
        self._store = store

    async def _learner(self, store: ProgressStore, learner_id: int, now: datetime) -> Learner:
        learner = await store.learner(learner_id)
        if learner is None:
            raise LookupError(f"learner {learner_id} has not met the tutor")
        await store.save_learner(replace(learner, last_seen=now))
        await store.mark_active(learner_id, now.date())
        return learner

    async def meet(self, learner_id: int, language: str, now: datetime) -> Meeting:
        """Greet a learner: create them on first contact, else find where they left off."""
        async with self._store.transaction():
            store = self._store
            learner = await store.learner(learner_id)
            new = learner is None
            if learner is None:
                learner = Learner(learner_id, language, now, now)
            learner = replace(learner, last_seen=now)
            await store.save_learner(learner)
            await store.mark_active(learner_id, now.date())
            attempt = await store.open_attempt(learner_id)
            resume = card_at(self.bank, attempt, learner.language) if attempt else None
            done = await store.finished_lessons(learner_id)
        return Meeting(learner, new, resume, self.recommend(done, learner.language))

    async def learner(self, learner_id: int) -> Learner | None:
        """The learner, if they have met the tutor."""
        async with self._store.transaction():
            store = self._store
            return await store.learner(learner_id)

    async def set_language(self, learner_id: int, language: str, now: datetime) -> Learner:
        """Change the learner's language."""
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(store, learner_id, now)
            learner = replace(learner, language=language, last_seen=now)
            await store.save_learner(learner)
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

    async def start(self, learner_id: int, lesson_id: str, now: datetime) -> Card | Locked:
        """Begin a lesson from its first step, unless its prerequisites are not done."""
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(store, learner_id, now)
            lesson = self.bank.lesson(lesson_id, learner.language)
            done = await store.finished_lessons(learner_id)
            missing = tuple(
                self.bank.lesson(p, learner.language)
                for p in lesson.prerequisites
                if p not in done
            )
            if missing:
                return Locked(lesson, missing)
            attempt = await store.new_attempt(learner_id, lesson_id, now)
            return card_at(self.bank, attempt, learner.language)

    async def current(self, learner_id: int) -> Card | None:
        """The card the learner is on, if a lesson is open."""
        async with self._store.transaction():
            store = self._store
            learner = await store.learner(learner_id)
            attempt = await store.open_attempt(learner_id)
            if learner is None or attempt is None:
                return None
            return card_at(self.bank, attempt, learner.language)

    async def _open(
        self, store: ProgressStore, learner: Learner, attempt_id: int, position: int
    ) -> Attempt | Stale:
        attempt = await store.attempt(attempt_id)
        current = await store.open_attempt(learner.id)
        here = card_at(self.bank, current, learner.language) if current else None
        if attempt is None or attempt.learner_id != learner.id or attempt.finished_at:
            return Stale("old-lesson", here)
        if current is None or current.id != attempt.id:
            return Stale("old-lesson", here)
        if position != attempt.position:
            return Stale("moved-on", here)
        return attempt

    async def advance(
        self, learner_id: int, attempt_id: int, position: int, now: datetime
    ) -> Card | Stale:
        """Move past the card at `position`: the next step, question, or the end card."""
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(store, learner_id, now)
            attempt = await self._open(store, learner, attempt_id, position)
            if isinstance(attempt, Stale):
                return attempt
            here = card_at(self.bank, attempt, learner.language)
            if isinstance(here, QuestionCard):
                return Stale("answer-first", here)
            moved = replace(attempt, position=attempt.position + 1, selection=frozenset())
            lesson = self.bank.lessons[attempt.lesson_id]
            if moved.position >= len(lesson.steps) + len(lesson.questions):
                moved = replace(moved, finished_at=now)
                await store.save_position(moved)
                done = await store.finished_lessons(learner_id)
                return EndCard(
                    self.bank.lesson(lesson.id, learner.language),
                    moved.score,
                    len(lesson.questions),
                    self.recommend(done, learner.language, after=lesson.id),
                    moved.id,
                )
            await store.save_position(moved)
            return card_at(self.bank, moved, learner.language)

    async def answer(
        self,
        learner_id: int,
        attempt_id: int,
        position: int,
        chosen: frozenset[int] | None,
        now: datetime,
    ) -> Feedback | Stale:
        """Grade an answer to the question at `position`; a second answer is not counted.

        `chosen` None means the options ticked so far (see `toggle`).
        """
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(store, learner_id, now)
            attempt = await self._open(store, learner, attempt_id, position)
            if isinstance(attempt, Stale):
                return attempt
            here = card_at(self.bank, attempt, learner.language)
            if isinstance(here, Feedback):
                return Stale("already-answered", here)
            if not isinstance(here, QuestionCard):
                return Stale("moved-on", here)
            if chosen is None:
                chosen = attempt.selection
            answer = Answer(
                here.question.id,
                position,
                encode_choice(chosen),
                is_correct(here.question, chosen),
                now,
            )
            if not await store.add_answer(attempt, answer):
                return Stale("already-answered", here)
            return Feedback(
                here.lesson,
                here.question,
                answer,
                here.number == here.count,
                attempt.id,
                position,
            )

    async def toggle(
        self, learner_id: int, attempt_id: int, position: int, option: int, now: datetime
    ) -> QuestionCard | Stale:
        """Tick or untick one option of the several-answer question on screen."""
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(store, learner_id, now)
            attempt = await self._open(store, learner, attempt_id, position)
            if isinstance(attempt, Stale):
                return attempt
            here = card_at(self.bank, attempt, learner.language)
            if not isinstance(here, QuestionCard) or not 0 <= option < option_count(here.question):
                return Stale("already-answered", here)
            ticked = attempt.selection ^ {option}
            await store.save_position(replace(attempt, selection=ticked))
            return replace(here, selection=ticked)

    async def themes(self, learner_id: int) -> list[ThemeEntry]:
        """The seven themes with the learner's progress in each."""
        report = await self.progress(learner_id)
        return list(report.themes)

    async def theme(self, learner_id: int, theme: Theme) -> list[tuple[Lesson, LessonStatus]]:
        """A theme's lessons in order, each marked done, next, open or locked."""
        async with self._store.transaction():
            store = self._store
            learner = await store.learner(learner_id)
            language = learner.language if learner else "en"
            done = await store.finished_lessons(learner_id)
        entries: list[tuple[Lesson, LessonStatus]] = []
        suggested = False
        for lesson in self.bank.by_theme[theme]:
            status: LessonStatus
            if lesson.id in done:
                status = "done"
            elif any(p not in done for p in lesson.prerequisites):
                status = "locked"
            elif not suggested:
                status, suggested = "next", True
            else:
                status = "open"
            entries.append((self.bank.lesson(lesson.id, language), status))
        return entries

    async def progress(self, learner_id: int) -> ProgressReport:
        """Lessons done and accuracy per theme, and days active."""
        async with self._store.transaction():
            store = self._store
            done = await store.finished_lessons(learner_id)
            tallies = await store.tallies(learner_id)
            days = await store.days_active(learner_id)
        return build_report(self.bank, done, tallies, days)

    async def poll_sent(
        self, learner_id: int, poll_id: str, attempt_id: int, position: int, now: datetime
    ) -> None:
        """Remember that a quiz poll asks the question at `position` of an attempt."""
        async with self._store.transaction():
            store = self._store
            await store.save_poll(poll_id, PollRef(learner_id, attempt_id, position), now)

    async def poll_answer(
        self, poll_id: str, learner_id: int, chosen: frozenset[int], now: datetime
    ) -> Feedback | Stale | None:
        """Grade a vote in a quiz poll; None for a poll the tutor did not send or a retraction."""
        async with self._store.transaction():
            store = self._store
            ref = await store.find_poll(poll_id)
        if ref is None or ref.learner_id != learner_id or not chosen:
            return None
        return await self.answer(learner_id, ref.attempt_id, ref.position, chosen, now)
