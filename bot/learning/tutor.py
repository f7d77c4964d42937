"""The tutor: the learning loop as async calls that take plain values and return cards.

It holds one update's session (the bank, the store, the learner read once) and a
challenge desk on the same session; the adapters call the tutor and nothing else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

from bot.bank.bank import Bank
from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.cards import Card, EndCard, Feedback, Locked, QuestionCard, Stale
from bot.learning.challenge_desk import ChallengeDesk
from bot.learning.class_desk import ClassDesk
from bot.learning.grading import encode_choice, is_correct, option_count
from bot.learning.mil_check import CheckDesk
from bot.learning.pact_desk import PactDesk
from bot.learning.poll_desk import PollDesk
from bot.learning.post_check import PostDesk
from bot.learning.privacy import DataRights
from bot.learning.progress import LessonStatus, ProgressReport, build_report, lesson_statuses
from bot.learning.records import Answer, Attempt, Learner
from bot.learning.report_desk import ReportDesk
from bot.learning.review_desk import ReviewDesk
from bot.learning.rhythm_desk import RhythmDesk
from bot.learning.round_desk import RoundDesk
from bot.learning.session import Session, card_at
from bot.learning.store import ProgressStore
from bot.learning.totals import Totals
from bot.learning.views import LanguageChange, Meeting, ThemeMenu, Topics

R = TypeVar("R")
OnScreen = Callable[[Learner, Attempt, Card], Awaitable[R]]


class Tutor:
    """Runs lessons (and challenges) for one learner's update."""

    def __init__(self, bank: Bank, store: ProgressStore, newcomer_language: str = "en") -> None:
        self.bank = bank
        self._store = store
        self._session = Session(bank, store, newcomer_language)
        # Challenges (`tutor.challenges.create_challenge(...)`), on the same session.
        self.challenges = ChallengeDesk(self._session)
        self.pacts = PactDesk(self._session)  # the MIL CLICKS Pact
        self.posts = PostDesk(bank)  # forwarded or pasted posts, checked for cues
        # Spaced review: the adapters call the desk directly (`tutor.reviews.start(...)`).
        self.reviews = ReviewDesk(self._session)
        # Reminders and weekly goals, likewise (`tutor.rhythm.offer(...)`).
        self.rhythm = RhythmDesk(self._session)
        self.rights = DataRights(store)  # /mydata and /forgetme
        # Classes: teachers run them, learners join them (`tutor.classes.join(...)`).
        self.classes = ClassDesk(self._session)
        # The teacher's report on a class (`tutor.class_reports.report(...)`).
        self.class_reports = ReportDesk(self._session)
        # Quiz polls: the tutor remembers each one it sent, and grades a vote like a tap.
        self.polls = PollDesk(store, self.answer)

    def check_desk(self, post_after: int) -> CheckDesk:
        """The MIL check on this update's store; the post check opens after `post_after`
        finished lessons."""
        return CheckDesk(self.bank, self._store, post_after)

    def round_desk(self) -> RoundDesk:
        """Group rounds on this update's store."""
        return RoundDesk(self.bank, self._store)

    async def learner(self, learner_id: int) -> Learner | None:
        """The learner, if they have met the tutor (read once per update)."""
        return await self._session.learner(learner_id)

    async def profile(self, learner_id: int, now: datetime) -> Learner:
        """The learner, created on first contact."""
        return await self._session.profile(learner_id, now)

    async def meet(self, learner_id: int, now: datetime) -> Meeting:
        """Greet a learner: create them on first contact, else find where they left off.

        Someone who has not started a lesson yet counts as new, whatever else they sent.
        """
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            found = await self._session.open_card(learner)
            resume = found[1] if found else None
            done = await self._store.finished_lessons(learner_id)
        new = found is None and not done
        return Meeting(learner, new, resume, self._session.recommend(done, learner.language))

    async def lesson(self, learner_id: int, lesson_id: str) -> Lesson | None:
        """A lesson in the learner's language (for its sources), if the bank has it."""
        if lesson_id not in self.bank.lessons:
            return None
        learner = await self._session.learner(learner_id)
        return self.bank.lesson(lesson_id, learner.language if learner else "en")

    def offers(self, lesson_id: str) -> bool:
        """Whether the bank has this lesson (a button can outlive a lesson)."""
        return lesson_id in self.bank.lessons

    async def start(
        self,
        learner_id: int,
        lesson_id: str,
        now: datetime,
        *,
        prerequisites: bool = True,
        resume: bool = True,
    ) -> Card | Locked:
        """Begin a lesson from its first step, unless its prerequisites are not done; a
        lesson already in progress resumes at the learner's step (a second "Let's go").
        A link to the lesson passes ``prerequisites=False, resume=False``: whoever sent it
        chose it, from its first step."""
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            lesson = self.bank.lesson(lesson_id, learner.language)
            done = await self._store.finished_lessons(learner_id)
            missing = tuple(
                self.bank.lesson(p, learner.language)
                for p in lesson.prerequisites
                if p not in done and prerequisites
            )
            if missing:
                return Locked(lesson, missing)
            found = await self._session.open_card(learner)
            if (
                resume
                and found
                and found[0].lesson_id == lesson_id
                and found[0].challenge_code is None
            ):
                return found[1]  # a lesson in progress goes on where the learner is
            attempt = await self._store.new_attempt(learner_id, lesson_id, now)
            return card_at(self.bank, attempt, learner.language)

    async def current(self, learner_id: int, now: datetime) -> Card | None:
        """The card the learner is on, if a lesson is open."""
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            found = await self._session.open_card(learner)
            return found[1] if found else None

    async def _on_screen(
        self, learner_id: int, attempt_id: int, position: int, now: datetime, act: OnScreen[R]
    ) -> R | Stale:
        """Run `act` in one transaction on the card a button was shown with, if that card
        is still the learner's current one; else say how the button is stale."""
        async with self._store.transaction():
            opened = await self._session.on_screen(learner_id, attempt_id, position, now)
            if isinstance(opened, Stale):
                return opened
            return await act(*opened)

    async def advance(
        self, learner_id: int, attempt_id: int, position: int, now: datetime
    ) -> Card | Stale:
        """Move past the card at `position`: the next step, question, or the end card."""

        async def act(learner: Learner, attempt: Attempt, here: Card) -> Card | Stale:
            if isinstance(here, QuestionCard):
                return Stale("answer-first", here)
            moved = replace(attempt, position=attempt.position + 1, selection=frozenset())
            # A challenge run has only questions, no steps: its end is its own last question.
            challenge = here.challenge if isinstance(here, Feedback) else None
            lesson = self.bank.lessons[attempt.lesson_id]
            if challenge is not None:
                if isinstance(here, Feedback) and here.last:
                    return await self.challenges.finish(moved, challenge, learner, now)
            elif moved.position >= len(lesson.steps) + len(lesson.questions):
                return await self._finish(moved, lesson, learner, now)
            await self._store.save_position(moved)
            return card_at(self.bank, moved, learner.language, challenge)

        return await self._on_screen(learner_id, attempt_id, position, now, act)

    async def _finish(
        self, moved: Attempt, lesson: Lesson, learner: Learner, now: datetime
    ) -> EndCard:
        finished = replace(moved, finished_at=now)
        await self._store.save_position(finished)
        await self.reviews.met(learner.id, lesson, now)
        done = await self._store.finished_lessons(learner.id)
        return EndCard(
            self.bank.lesson(lesson.id, learner.language),
            finished.score,
            len(lesson.questions),
            self._session.recommend(done, learner.language, after=lesson.id),
            finished.id,
        )

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

        async def act(_: Learner, attempt: Attempt, here: Card) -> Feedback | Stale:
            if isinstance(here, Feedback):
                return Stale("already-answered", here)
            if not isinstance(here, QuestionCard):
                return Stale("moved-on", here)
            if chosen is not None and not chosen <= set(range(option_count(here.question))):
                return Stale("old-lesson", here)  # options this question does not have
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

        return await self._on_screen(learner_id, attempt_id, position, now, act)

    async def toggle(
        self, learner_id: int, attempt_id: int, position: int, option: int, now: datetime
    ) -> QuestionCard | Stale:
        """Tick or untick one option of the several-answer question on screen."""

        async def act(_: Learner, attempt: Attempt, here: Card) -> QuestionCard | Stale:
            if not isinstance(here, QuestionCard) or not 0 <= option < option_count(here.question):
                return Stale("already-answered", here)
            ticked = attempt.selection ^ {option}
            await self._store.save_position(replace(attempt, selection=ticked))
            return replace(here, selection=ticked)

        return await self._on_screen(learner_id, attempt_id, position, now, act)

    async def topics(self, learner_id: int, now: datetime) -> Topics:
        """The topics menu: the seven themes with progress, and whether lessons are in
        English for this learner."""
        report = await self.progress(learner_id, now)
        learner = await self._session.learner(learner_id)
        language = learner.language if learner else "en"
        set_lessons = tuple(await self.classes.set_for(learner_id, language))
        return Topics(report.themes, language not in self.bank.languages, set_lessons)

    async def theme(
        self, learner_id: int, theme: Theme, now: datetime
    ) -> list[tuple[Lesson, LessonStatus]]:
        """A theme's lessons in order, each marked done, next, open or locked."""
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            done = await self._store.finished_lessons(learner_id)
        return lesson_statuses(self.bank, theme, done, learner.language)

    async def theme_menu(self, learner_id: int, theme: Theme, now: datetime) -> ThemeMenu:
        """A theme's lessons with their status, and whether they are shown in English."""
        lessons = await self.theme(learner_id, theme, now)
        learner = await self._session.learner(learner_id)
        language = learner.language if learner else "en"
        in_english = not all(
            self.bank.has_translation(lesson.id, language) for lesson, _ in lessons
        )
        return ThemeMenu(theme, tuple(lessons), in_english)

    async def progress(self, learner_id: int, now: datetime) -> ProgressReport:
        """Lessons done and accuracy per theme, and days active."""
        async with self._store.transaction():
            await self._session.visit(learner_id, now)
            done = await self._store.finished_lessons(learner_id)
            tallies = await self._store.tallies(learner_id)
            days = await self._store.days_active(learner_id)
            peers = await self._store.peer_record(learner_id)
        return build_report(self.bank, done, tallies, days, peers)

    async def set_language(self, learner_id: int, language: str, now: datetime) -> LanguageChange:
        """Change the learner's language; says whether the lessons speak it too."""
        learner = await self._session.change(learner_id, now, language=language)
        return LanguageChange(learner, language in self.bank.languages)

    async def totals(self, now: datetime) -> Totals:
        """Counts across all learners; learners active in the last seven days."""
        async with self._store.transaction():
            return await self._store.totals(now - timedelta(days=7))
