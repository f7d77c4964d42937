"""The progress store in memory: for the terminal twin and for tests."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime

from bot.learning.memory_challenges import MemoryChallenges
from bot.learning.memory_checks import MemoryChecks
from bot.learning.memory_class_data import classroom_data
from bot.learning.memory_classes import MemoryClasses
from bot.learning.memory_reports import MemoryReports
from bot.learning.memory_reviews import MemoryReviews
from bot.learning.memory_rhythms import MemoryRhythms
from bot.learning.memory_rounds import MemoryRounds
from bot.learning.my_data import HandledUpdate, LearnerData, SentPoll
from bot.learning.pact import Pact
from bot.learning.records import Answer, Attempt, Learner, PollRef, Tally
from bot.learning.store import Claim
from bot.learning.totals import Totals


class MemoryStore:
    """Keeps everything in dictionaries: for the terminal twin and for tests."""

    def __init__(self) -> None:
        self._learners: dict[int, Learner] = {}
        self._attempts: dict[int, Attempt] = {}
        self._ids = itertools.count(1)
        self._days: set[tuple[int, date]] = set()
        self._polls: dict[str, PollRef] = {}
        self._poll_times: dict[str, datetime] = {}
        self._pacts: dict[int, Pact] = {}
        self._updates: dict[int, tuple[datetime, bool, int | None]] = {}
        # Challenges (the port's methods, kept apart in `MemoryChallenges`).
        self.challenges = MemoryChallenges(self._attempts, self._lessons_done)
        self._challenges = self.challenges.made
        self._tallies = self.challenges.kept
        self.shared = self.challenges.shared
        self.save_challenge = self.challenges.save_challenge
        self.challenge = self.challenges.challenge
        self.mark_shared = self.challenges.mark_shared
        self.challenges_since = self.challenges.challenges_since
        self.challenge_attempt = self.challenges.challenge_attempt
        self.peer_record = self.challenges.peer_record
        self.reviews = MemoryReviews()
        self.rhythms = MemoryRhythms(self._learners.get, self._session_times)
        # The MIL check (the port's methods, kept apart in `MemoryChecks`).
        self.checks = MemoryChecks()
        self.check_runs = self.checks.check_runs
        self.new_check_run = self.checks.new_check_run
        self.finish_check_run = self.checks.finish_check_run
        self.check_runs_started = self.checks.check_runs_started
        self.add_check_answer = self.checks.add_check_answer
        self.check_answers = self.checks.check_answers
        self.classes = MemoryClasses(self._learners.get)
        self.reports = MemoryReports(self._attempts, self.checks.runs, self.checks.answers)
        self._post_checks: dict[int, datetime] = {}  # class id -> opened at
        self.rounds = MemoryRounds()

    @asynccontextmanager
    async def unit(self, learner_id: int | None = None) -> AsyncIterator[MemoryStore]:
        """This store, for one update (nothing to open or close in memory, and one process
        only: its learners' order is `bot.telegram.ordering`'s)."""
        yield self

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Nothing to commit in memory."""
        yield

    async def learner(self, learner_id: int) -> Learner | None:
        return self._learners.get(learner_id)

    async def save_learner(self, learner: Learner) -> None:
        self._learners[learner.id] = learner

    async def new_attempt(
        self, learner_id: int, lesson_id: str, now: datetime, challenge_code: str | None = None
    ) -> Attempt:
        attempt = Attempt(
            next(self._ids), learner_id, lesson_id, now, challenge_code=challenge_code
        )
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
        return frozenset(a.lesson_id for a in self._lessons_done(learner_id))

    def _lessons_done(self, learner_id: int) -> list[Attempt]:
        return [
            a
            for a in self._attempts.values()
            if a.learner_id == learner_id and a.finished_at and not a.challenge_code
        ]

    async def tallies(self, learner_id: int) -> dict[str, Tally]:
        result: dict[str, Tally] = {}
        for a in self._attempts.values():
            if a.learner_id != learner_id or a.challenge_code:
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
        self._poll_times[poll_id] = now

    async def find_poll(self, poll_id: str) -> PollRef | None:
        return self._polls.get(poll_id)

    async def best_result(self, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
        results = [
            (a.score, len(a.answers))
            for a in self._lessons_done(learner_id)
            if a.lesson_id == lesson_id
        ]
        return max(results, default=None)

    async def latest_finished(self, learner_id: int) -> str | None:
        done = sorted(self._lessons_done(learner_id), key=lambda a: (a.finished_at, a.id))
        return done[-1].lesson_id if done else None

    async def totals(self, since: datetime) -> Totals:
        finished = [a for a in self._attempts.values() if a.finished_at]
        return Totals(
            len(self._learners),
            sum(1 for learner in self._learners.values() if learner.last_seen >= since),
            sum(1 for a in finished if not a.challenge_code),
            sum(1 for a in finished if a.challenge_code),
        )

    async def pact(self, learner_id: int) -> Pact | None:
        return self._pacts.get(learner_id)

    async def save_pact(self, pact: Pact) -> None:
        self._pacts[pact.learner_id] = pact

    async def withdraw_pact(self, learner_id: int) -> None:
        self._pacts.pop(learner_id, None)

    async def claim_update(self, update_id: int, learner_id: int | None, now: datetime) -> Claim:
        found = self._updates.get(update_id)
        if found is None:
            self._updates[update_id] = (now, False, learner_id)
            return "new"
        return "done" if found[1] else "unfinished"

    async def finish_update(self, update_id: int) -> None:
        if update_id in self._updates:
            received, _, learner_id = self._updates[update_id]
            self._updates[update_id] = (received, True, learner_id)

    async def unfinished_updates(self, since: datetime) -> list[tuple[int, int]]:
        return [
            (key, learner)
            for key, (received, done, learner) in sorted(self._updates.items())
            if not done and learner is not None and received >= since
        ]

    async def forget_updates(self, before: datetime) -> int:
        old = [key for key, (received, _, _) in self._updates.items() if received < before]
        for key in old:
            del self._updates[key]
        return len(old)

    async def inactive_learners(self, before: datetime) -> list[int]:
        return sorted(i for i, learner in self._learners.items() if learner.last_seen < before)

    async def erase_learner(self, learner_id: int) -> None:
        codes = self.challenges.codes_of(learner_id)
        before = await self.challenges.challengers_of(learner_id)
        gone = {
            i
            for i, a in self._attempts.items()
            if a.learner_id == learner_id or a.challenge_code in codes
        }
        for attempt_id in gone:  # in place: the class reports read the same dict
            del self._attempts[attempt_id]
        self._polls = {
            k: p
            for k, p in self._polls.items()
            if p.learner_id != learner_id and p.attempt_id not in gone
        }
        self._days = {(who, day) for who, day in self._days if who != learner_id}
        self._updates = {
            k: (at, done, None if who == learner_id else who)
            for k, (at, done, who) in self._updates.items()
        }
        await self.rounds.forget(learner_id, self.classes)
        self.classes.erase(learner_id)
        self._post_checks = {
            c: t for c, t in self._post_checks.items() if await self.classes.classroom(c)
        }
        self._learners.pop(learner_id, None)
        self._pacts.pop(learner_id, None)
        self.reviews.erase(learner_id)
        self.rhythms.erase(learner_id)
        self.checks.erase(learner_id)
        await self.challenges.erase(learner_id, codes, before)

    async def learner_data(self, learner_id: int) -> LearnerData:
        runs = await self.check_runs(learner_id)
        return LearnerData(
            learner=self._learners.get(learner_id),
            days_active=tuple(sorted(day for who, day in self._days if who == learner_id)),
            attempts=tuple(
                a for _, a in sorted(self._attempts.items()) if a.learner_id == learner_id
            ),
            polls=tuple(
                SentPoll(k, p.attempt_id, p.position, self._poll_times[k])
                for k, p in self._polls.items()
                if p.learner_id == learner_id
            ),
            challenges_made=tuple(
                c for c in self._challenges.values() if c.challenger_id == learner_id
            ),
            forgotten_friends=self._tallies.get(learner_id),
            review_cards=await self.reviews.cards(learner_id),
            review_rounds=self.reviews.rounds(learner_id),
            rhythm=await self.rhythms.rhythm(learner_id),
            pact=self._pacts.get(learner_id),
            check_runs=tuple((r, self.checks.answers_of(r.id)) for r in runs),
            updates=tuple(
                HandledUpdate(k, at, done)
                for k, (at, done, who) in sorted(self._updates.items())
                if who == learner_id
            ),
            classroom=await classroom_data(
                self.classes, self.rounds, self._post_checks, learner_id
            ),
        )

    def _session_times(self, learner_id: int, since: datetime) -> tuple[datetime, ...]:
        lessons = [
            a.finished_at
            for a in self._attempts.values()
            if a.learner_id == learner_id and a.finished_at and not a.challenge_code
        ]
        rounds = self.reviews.finished_rounds(learner_id)
        return tuple(sorted(t for t in (*lessons, *rounds) if t >= since))

    async def open_post_check(self, class_id: int, now: datetime) -> bool:
        if class_id in self._post_checks:
            return False
        self._post_checks[class_id] = now
        return True

    async def post_check_opened(self, learner_id: int) -> bool:
        joined = await self.classes.classes_joined(learner_id)
        return any(c.id in self._post_checks for c in joined)
