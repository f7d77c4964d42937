"""The tutor: the learning loop as async calls that take plain values and return cards.

A tutor is made for one incoming update with that update's store (one database session).
Each call is one short transaction, so no lock is held while the adapter talks to the chat,
and the learner is read once per update and kept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.learning.bank import Bank
from bot.learning.cards import (
    Card,
    ChallengeResult,
    EndCard,
    Feedback,
    Locked,
    QuestionCard,
    Stale,
    StepCard,
)
from bot.learning.challenges import (
    CODE,
    DAILY_CAP,
    LIFETIME,
    ChallengeOpened,
    ChallengeReady,
    ChallengeRefused,
    ChallengeUnavailable,
    PeerRecord,
    Totals,
    code_from_payload,
    pick_questions,
)
from bot.learning.content import Lesson, Step
from bot.learning.grading import encode_choice, is_correct, option_count
from bot.learning.progress import LessonStatus, ProgressReport, ThemeEntry, build_report
from bot.learning.records import Answer, Attempt, Challenge, Learner, PollRef
from bot.learning.store import ProgressStore
from bot.learning.themes import Theme


@dataclass(frozen=True)
class Meeting:
    """Who the learner is, whether this is their first visit, and where they left off."""

    learner: Learner
    new: bool
    resume: Card | None
    first_lesson: Lesson | None


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
        return StepCard(lesson, steps[position], position + 1, attempt.id, position)
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


class Tutor:
    """Runs lessons for one learner's update, remembering progress through a store."""

    def __init__(self, bank: Bank, store: ProgressStore, newcomer_language: str = "en") -> None:
        self.bank = bank
        self._store = store
        self._newcomer_language = newcomer_language
        self._learner_seen: Learner | None = None
        self._touched = False

    async def _learner(self, learner_id: int, now: datetime) -> Learner:
        """The learner (created on first contact), their visit noted once per update."""
        learner = self._learner_seen
        if learner is None or learner.id != learner_id:
            learner = await self._store.learner(learner_id)
            self._touched = False
        if learner is None:
            learner = Learner(learner_id, self._newcomer_language, now, now)
            await self._store.save_learner(learner)
            await self._store.mark_active(learner_id, now.date())
            self._touched = True
        if not self._touched and _stale_visit(learner, now):
            # Days active only change with the date, and `last_seen` needs no more than
            # minutes: most updates skip these two writes.
            if learner.last_seen.date() != now.date():
                await self._store.mark_active(learner_id, now.date())
            learner = replace(learner, last_seen=now)
            await self._store.save_learner(learner)
        self._touched = True
        self._learner_seen = learner
        return learner

    async def _card(self, attempt: Attempt, language: str) -> Card:
        challenge = None
        if attempt.challenge_code is not None:
            challenge = await self._store.challenge(attempt.challenge_code)
        return card_at(self.bank, attempt, language, challenge)

    async def learner(self, learner_id: int) -> Learner | None:
        """The learner, if they have met the tutor (read once per update)."""
        if self._learner_seen is not None and self._learner_seen.id == learner_id:
            return self._learner_seen
        async with self._store.transaction():
            learner = await self._store.learner(learner_id)
        self._learner_seen = learner
        return learner

    async def meet(self, learner_id: int, now: datetime) -> Meeting:
        """Greet a learner: create them on first contact, else find where they left off.

        Someone who has not started a lesson yet counts as new, whatever else they sent.
        """
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(learner_id, now)
            attempt = await store.open_attempt(learner_id)
            resume = await self._card(attempt, learner.language) if attempt else None
            done = await store.finished_lessons(learner_id)
        new = attempt is None and not done
        return Meeting(learner, new, resume, self.recommend(done, learner.language))

    async def profile(self, learner_id: int, now: datetime) -> Learner:
        """The learner, created on first contact."""
        async with self._store.transaction():
            return await self._learner(learner_id, now)

    async def _change(self, learner_id: int, now: datetime, **changes: object) -> Learner:
        async with self._store.transaction():
            learner = replace(await self._learner(learner_id, now), **changes)  # type: ignore[arg-type]
            await self._store.save_learner(learner)
        self._learner_seen = learner
        return learner

    async def set_language(self, learner_id: int, language: str, now: datetime) -> Learner:
        """Change the learner's language."""
        return await self._change(learner_id, now, language=language)

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
            attempt = await self._store.open_attempt(learner_id)
            return await self._card(attempt, learner.language) if attempt else None

    async def _open(self, learner: Learner, attempt_id: int, position: int) -> Attempt | Stale:
        """The learner's open attempt if the button belongs to it and to this position."""
        current = await self._store.open_attempt(learner.id)
        if current is None or current.id != attempt_id:
            here = await self._card(current, learner.language) if current else None
            return Stale("old-lesson", here)
        if position != current.position:
            return Stale("moved-on", await self._card(current, learner.language))
        return current

    async def _on_screen(
        self, learner_id: int, attempt_id: int, position: int, now: datetime
    ) -> tuple[Learner, Attempt, Card] | Stale:
        """The learner, their open attempt and its card, if a button belongs to them."""
        learner = await self._learner(learner_id, now)
        attempt = await self._open(learner, attempt_id, position)
        if isinstance(attempt, Stale):
            return attempt
        return learner, attempt, await self._card(attempt, learner.language)

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
            if isinstance(here, Feedback) and here.challenge is not None and here.last:
                return await self._finish_challenge(moved, here.challenge, learner, now)
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
            return await self._card(moved, learner.language)

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

    async def create_challenge(
        self,
        learner_id: int,
        lesson_id: str | None,
        first_name: str,
        now: datetime,
        rng: random.Random,
        code: str,
    ) -> ChallengeReady | ChallengeRefused:
        """Make a challenge on a lesson the learner finished (their latest, if none given)."""
        if not CODE.fullmatch(code):
            raise ValueError("a challenge code is 16 URL-safe characters")
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(learner_id, now)
            done = await store.finished_lessons(learner_id)
            if lesson_id is None:
                lesson_id = await store.latest_finished(learner_id)
            if lesson_id is None or lesson_id not in done or lesson_id not in self.bank.lessons:
                return ChallengeRefused("no-lesson", self.recommend(done, learner.language))
            if await store.challenges_since(learner_id, now - timedelta(days=1)) >= DAILY_CAP:
                return ChallengeRefused("daily-cap")
            best = await store.best_result(learner_id, lesson_id) or (0, 0)
            challenge = Challenge(
                code,
                learner_id,
                first_name[:64],
                lesson_id,
                pick_questions(self.bank, lesson_id, done, rng),
                best[0],
                best[1],
                now,
                now + LIFETIME,
            )
            await store.save_challenge(challenge)
        return ChallengeReady(challenge, self.bank.lesson(lesson_id, learner.language))

    async def open_challenge(
        self, payload: str, learner_id: int, now: datetime
    ) -> ChallengeOpened | ChallengeUnavailable:
        """A friend follows a challenge link: start their run at the first question."""
        code = code_from_payload(payload)
        if code is None:
            return ChallengeUnavailable("malformed")
        async with self._store.transaction():
            store = self._store
            learner = await self._learner(learner_id, now)
            challenge = await store.challenge(code)
            if challenge is None or any(
                q not in self.bank.questions for q in challenge.question_ids
            ):
                return ChallengeUnavailable("unknown")
            if challenge.challenger_id == learner_id:
                return ChallengeUnavailable("own")
            if await store.challenge_attempt(code, learner_id) is not None:
                return ChallengeUnavailable("taken")
            if challenge.expired(now):
                return ChallengeUnavailable("expired")
            attempt = await store.new_attempt(learner_id, challenge.lesson_id, now, code)
            first = card_at(self.bank, attempt, learner.language, challenge)
        lesson = self.bank.lesson(challenge.lesson_id, learner.language)
        return ChallengeOpened(challenge, lesson, first)

    async def _finish_challenge(
        self, moved: Attempt, challenge: Challenge, learner: Learner, now: datetime
    ) -> ChallengeResult:
        finished = replace(moved, finished_at=now)
        await self._store.save_position(finished)
        challenger = await self._store.learner(challenge.challenger_id)
        return ChallengeResult(
            challenge,
            self.bank.lesson(challenge.lesson_id, learner.language),
            finished.score,
            len(challenge.question_ids),
            finished.id,
            challenger is not None and challenger.challenge_notices,
            challenger.language if challenger else "en",
        )

    async def challenge_for_sharing(self, code: str, learner_id: int) -> ChallengeReady | None:
        """A challenge its own maker is sharing (inline mode), or None."""
        if not CODE.fullmatch(code):
            return None
        async with self._store.transaction():
            challenge = await self._store.challenge(code)
            learner = await self._store.learner(learner_id)
        if challenge is None or challenge.challenger_id != learner_id or learner is None:
            return None
        return ChallengeReady(challenge, self.bank.lesson(challenge.lesson_id, learner.language))

    async def peer_record(self, learner_id: int) -> PeerRecord:
        """Friends who took the learner's challenges, and who went on to finish a lesson."""
        async with self._store.transaction():
            return await self._store.peer_record(learner_id)

    async def set_notices(self, learner_id: int, on: bool, now: datetime) -> Learner:
        """Turn messages about friends' challenge results on or off."""
        return await self._change(learner_id, now, challenge_notices=on)

    async def challenge_shared(self, code: str, learner_id: int, now: datetime) -> None:
        """Note that the challenger sent their challenge into a chat."""
        if not CODE.fullmatch(code):
            return
        async with self._store.transaction():
            challenge = await self._store.challenge(code)
            if challenge is not None and challenge.challenger_id == learner_id:
                await self._store.mark_shared(code, now)

    async def totals(self, now: datetime) -> Totals:
        """Counts across all learners; learners active in the last seven days."""
        async with self._store.transaction():
            return await self._store.totals(now - timedelta(days=7))
