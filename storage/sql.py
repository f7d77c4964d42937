"""The SQL progress store: the core's `ProgressStore` port on SQLAlchemy 2, within one
session. The queries live in `storage.queries` as plain functions of a session;
`storage.database` makes the sessions (and says why SQLite's run in the event loop).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.learning.check_records import CheckAnswer, CheckRun, Phase
from bot.learning.my_data import LearnerData
from bot.learning.pact import Pact
from bot.learning.records import Answer, Attempt, Challenge, Learner, PeerRecord, PollRef, Tally
from bot.learning.store import Claim
from bot.learning.totals import Totals
from storage import queries
from storage.class_sql import SqlClasses
from storage.engines import READ_ONLY
from storage.queries import erasure, export, pacts
from storage.queries import updates as handled
from storage.report_sql import SqlReports
from storage.review_sql import SqlReviews
from storage.rhythm_sql import SqlRhythms
from storage.round_sql import SqlRounds

T = TypeVar("T")


class SqlStore:
    """Learners, attempts, answers and challenges in SQL, within one session."""

    def __init__(self, session: Session | AsyncSession) -> None:
        self.session = session
        self.reviews = SqlReviews(self._run)
        self.rhythms = SqlRhythms(self._run)
        self.classes = SqlClasses(self._run)
        self.reports = SqlReports(self._run, session)
        self.rounds = SqlRounds(self._run)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[object]:
        """One short transaction, committed at the end of the block."""
        if isinstance(self.session, AsyncSession):
            async with self.session.begin() as transaction:
                yield transaction
        else:
            with self._sync_transaction() as transaction:
                yield transaction

    @contextmanager
    def _sync_transaction(self) -> Iterator[object]:
        assert isinstance(self.session, Session)
        with self.session.begin() as transaction:
            yield transaction

    async def run(self, query: Callable[..., T], *args: Any) -> T:
        """Run one of `storage.queries`' functions on this store's session."""
        return await self._run(query, *args)

    async def _run(self, query: Callable[..., T], *args: Any) -> T:
        if isinstance(self.session, AsyncSession):
            return await self.session.run_sync(query, *args)
        return query(self.session, *args)

    async def learner(self, learner_id: int) -> Learner | None:
        return await self._run(queries.learner, learner_id)

    async def save_learner(self, learner: Learner) -> None:
        return await self._run(queries.save_learner, learner)

    async def new_attempt(
        self, learner_id: int, lesson_id: str, now: datetime, challenge_code: str | None = None
    ) -> Attempt:
        return await self._run(queries.new_attempt, learner_id, lesson_id, now, challenge_code)

    async def attempt(self, attempt_id: int) -> Attempt | None:
        return await self._run(queries.attempt, attempt_id)

    async def open_attempt(self, learner_id: int) -> Attempt | None:
        return await self._run(queries.open_attempt, learner_id)

    async def save_position(self, attempt: Attempt) -> None:
        return await self._run(queries.save_position, attempt)

    async def add_answer(self, attempt: Attempt, answer: Answer) -> bool:
        return await self._run(queries.add_answer, attempt, answer)

    async def finished_lessons(self, learner_id: int) -> frozenset[str]:
        return await self._run(queries.finished_lessons, learner_id)

    async def tallies(self, learner_id: int) -> dict[str, Tally]:
        return await self._run(queries.tallies, learner_id)

    async def mark_active(self, learner_id: int, day: date) -> None:
        return await self._run(queries.mark_active, learner_id, day)

    async def days_active(self, learner_id: int) -> int:
        return await self._run(queries.days_active, learner_id)

    async def save_poll(self, poll_id: str, ref: PollRef, now: datetime) -> None:
        return await self._run(queries.save_poll, poll_id, ref, now)

    async def find_poll(self, poll_id: str) -> PollRef | None:
        return await self._run(queries.find_poll, poll_id)

    async def best_result(self, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
        return await self._run(queries.best_result, learner_id, lesson_id)

    async def latest_finished(self, learner_id: int) -> str | None:
        return await self._run(queries.latest_finished, learner_id)

    async def save_challenge(self, challenge: Challenge) -> None:
        return await self._run(queries.save_challenge, challenge)

    async def challenge(self, code: str) -> Challenge | None:
        return await self._run(queries.challenge, code)

    async def challenges_since(self, learner_id: int, since: datetime) -> int:
        return await self._run(queries.challenges_since, learner_id, since)

    async def challenge_attempt(self, code: str, learner_id: int) -> Attempt | None:
        return await self._run(queries.challenge_attempt, code, learner_id)

    async def peer_record(self, learner_id: int) -> PeerRecord:
        return await self._run(queries.peer_record, learner_id)

    async def mark_shared(self, code: str, now: datetime) -> None:
        return await self._run(queries.mark_shared, code, now)

    async def totals(self, since: datetime) -> Totals:
        if isinstance(self.session, AsyncSession):  # the server counts; the loop waits
            return await self._run(queries.totals, since)
        # In the loop, counting a million learners would stall every learner for most of a
        # second: count in a thread, on a connection of its own, from a snapshot.
        return await asyncio.to_thread(_totals_apart, self.session.get_bind(), since)

    async def pact(self, learner_id: int) -> Pact | None:
        return await self._run(pacts.pact, learner_id)

    async def save_pact(self, pact: Pact) -> None:
        return await self._run(pacts.save_pact, pact)

    async def withdraw_pact(self, learner_id: int) -> None:
        return await self._run(pacts.withdraw_pact, learner_id)

    async def claim_update(self, update_id: int, learner_id: int | None, now: datetime) -> Claim:
        return await self._run(handled.claim_update, update_id, learner_id, now)

    async def unfinished_updates(self, since: datetime) -> list[tuple[int, int]]:
        return await self._run(handled.unfinished_updates, since)

    async def finish_update(self, update_id: int) -> None:
        return await self._run(handled.finish_update, update_id)

    async def forget_updates(self, before: datetime) -> int:
        return await self._run(handled.forget_updates, before)

    async def inactive_learners(self, before: datetime) -> list[int]:
        return await self._run(erasure.inactive_learners, before)

    async def erase_learner(self, learner_id: int) -> None:
        return await self._run(erasure.erase_learner, learner_id)

    async def learner_data(self, learner_id: int) -> LearnerData:
        return await self._run(export.learner_data, learner_id)

    # The MIL check (bot/learning/mil_check.py)
    async def check_runs(self, learner_id: int) -> list[CheckRun]:
        return await self._run(queries.check_runs, learner_id)

    async def new_check_run(
        self, learner_id: int, phase: Phase, form: str, now: datetime
    ) -> CheckRun:
        return await self._run(queries.new_check_run, learner_id, phase, form, now)

    async def finish_check_run(self, run_id: int, now: datetime) -> None:
        return await self._run(queries.finish_check_run, run_id, now)

    async def check_runs_started(self, phase: Phase) -> int:
        return await self._run(queries.check_runs_started, phase)

    async def add_check_answer(self, answer: CheckAnswer) -> bool:
        return await self._run(queries.add_check_answer, answer)

    async def check_answers(self, run_id: int) -> list[CheckAnswer]:
        return await self._run(queries.check_answers, run_id)

    async def open_post_check(self, class_id: int, now: datetime) -> bool:
        return await self._run(queries.open_post_check, class_id, now)

    async def post_check_opened(self, learner_id: int) -> bool:
        return await self._run(queries.post_check_opened, learner_id)


def _totals_apart(bind: Any, since: datetime) -> Totals:
    """The admin counts on a read-only connection (in a worker thread)."""
    with (
        bind.connect().execution_options(**{READ_ONLY: True}) as connection,
        Session(connection) as session,
    ):
        return queries.totals(session, since)
