"""The tutor: the learning loop as async calls that take plain values and return cards."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.cards import Card, EndCard, Feedback, Locked, QuestionCard, Stale
from bot.learning.challenge_desk import ChallengeDesk
from bot.learning.grading import encode_choice, is_correct, option_count
from bot.learning.progress import LessonStatus, ProgressReport, ThemeEntry, build_report
from bot.learning.records import Answer, Learner, PollRef
from bot.learning.session import card_at
from bot.learning.totals import Totals


@dataclass(frozen=True)
class Meeting:
    """Who the learner is, whether this is their first visit, and where they left off."""

    learner: Learner
    new: bool
    resume: Card | None
    first_lesson: Lesson | None


class Tutor(ChallengeDesk):
    """Runs lessons (and challenges) for one learner's update."""

    async def meet(self, learner_id: int, now: datetime) -> Meeting:
        """Greet a learner: create them on first contact, else find where they left off.

        Someone who has not started a lesson yet counts as new, whatever else they sent.
        """
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(learner_id, now)
            found = await self._current(learner)
            resume = found[1] if found else None
            done = await store.finished_lessons(learner_id)
        new = found is None and not done
        return Meeting(learner, new, resume, self.recommend(done, learner.language))

    async def start(self, learner_id: int, lesson_id: str, now: datetime) -> Card | Locked:
        """Begin a lesson from its first step, unless its prerequisites are not done."""
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(learner_id, now)
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

    async def current(self, learner_id: int, now: datetime) -> Card | None:
        """The card the learner is on, if a lesson is open."""
        async with self._store.transaction():
            learner = await self._learner(learner_id, now)
            found = await self._current(learner)
            return found[1] if found else None

    async def advance(
        self, learner_id: int, attempt_id: int, position: int, now: datetime
    ) -> Card | Stale:
        """Move past the card at `position`: the next step, question, or the end card."""
        async with self._store.transaction():
            store = self._store
            opened = await self._on_screen(learner_id, attempt_id, position, now)
            if isinstance(opened, Stale):
                return opened
            learner, attempt, here = opened
            if isinstance(here, QuestionCard):
                return Stale("answer-first", here)
            moved = replace(attempt, position=attempt.position + 1, selection=frozenset())
            # A challenge run has only questions, no steps: its end is its own last question.
            challenge = here.challenge if isinstance(here, Feedback) else None
            lesson = self.bank.lessons[attempt.lesson_id]
            if challenge is not None:
                if isinstance(here, Feedback) and here.last:
                    return await self._finish_challenge(moved, challenge, learner, now)
            elif moved.position >= len(lesson.steps) + len(lesson.questions):
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
            return card_at(self.bank, moved, learner.language, challenge)

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
            opened = await self._on_screen(learner_id, attempt_id, position, now)
            if isinstance(opened, Stale):
                return opened
            _, attempt, here = opened
            if isinstance(here, Feedback):
                return Stale("already-answered", here)
            if not isinstance(here, QuestionCard):
                return Stale("moved-on", here)
            picked = attempt.selection if chosen is None else chosen
            answer = Answer(
                here.question.id,
                position,
                encode_choice(picked),
                is_correct(here.question, picked),
                now,
            )
            if not await self._store.add_answer(attempt, answer):
                return Stale("already-answered", here)
            return Feedback(
                here.lesson,
                here.question,
                answer,
                here.number,
                here.count,
                attempt.id,
                position,
                here.challenge,
            )

    async def toggle(
        self, learner_id: int, attempt_id: int, position: int, option: int, now: datetime
    ) -> QuestionCard | Stale:
        """Tick or untick one option of the several-answer question on screen."""
        async with self._store.transaction():
            opened = await self._on_screen(learner_id, attempt_id, position, now)
            if isinstance(opened, Stale):
                return opened
            _, attempt, here = opened
            if not isinstance(here, QuestionCard) or not 0 <= option < option_count(here.question):
                return Stale("already-answered", here)
            ticked = attempt.selection ^ {option}
            await self._store.save_position(replace(attempt, selection=ticked))
            return replace(here, selection=ticked)

    async def themes(self, learner_id: int, now: datetime) -> list[ThemeEntry]:
        """The seven themes with the learner's progress in each."""
        report = await self.progress(learner_id, now)
        return list(report.themes)

    async def theme(
        self, learner_id: int, theme: Theme, now: datetime
    ) -> list[tuple[Lesson, LessonStatus]]:
        """A theme's lessons in order, each marked done, next, open or locked."""
        async with self._store.transaction():
            learner = await self._learner(learner_id, now)
            done = await self._store.finished_lessons(learner_id)
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
            entries.append((self.bank.lesson(lesson.id, learner.language), status))
        return entries

    async def progress(self, learner_id: int, now: datetime) -> ProgressReport:
        """Lessons done and accuracy per theme, and days active."""
        async with self._store.transaction():
            await self._learner(learner_id, now)
            done = await self._store.finished_lessons(learner_id)
            tallies = await self._store.tallies(learner_id)
            days = await self._store.days_active(learner_id)
            peers = await self._store.peer_record(learner_id)
        return build_report(self.bank, done, tallies, days, peers)

    async def poll_sent(
        self, learner_id: int, poll_id: str, attempt_id: int, position: int, now: datetime
    ) -> None:
        """Remember that a quiz poll asks the question at `position` of an attempt."""
        async with self._store.transaction():
            await self._store.save_poll(poll_id, PollRef(learner_id, attempt_id, position), now)

    async def poll_answer(
        self, poll_id: str, learner_id: int, chosen: frozenset[int], now: datetime
    ) -> Feedback | Stale | None:
        """Grade a vote in a quiz poll; None for a poll the tutor did not send or a retraction."""
        async with self._store.transaction():
            ref = await self._store.find_poll(poll_id)
        if ref is None or ref.learner_id != learner_id or not chosen:
            return None
        return await self.answer(learner_id, ref.attempt_id, ref.position, chosen, now)

    async def totals(self, now: datetime) -> Totals:
        """Counts across all learners; learners active in the last seven days."""
        async with self._store.transaction():
            return await self._store.totals(now - timedelta(days=7))
