"""The SQL progress store: the core's `ProgressStore` port on SQLAlchemy 2.

The queries live in `storage.queries` as plain functions of a session. On SQLite they run
right in the event loop: a statement on a local file takes microseconds, far less than
handing it to a driver thread and back (aiosqlite costs a thread hop per step of every
statement). Every transaction the core opens runs to its end without giving the loop to
another task, so transactions never interleave. On a database server (PostgreSQL), the
same functions run through `AsyncSession.run_sync` on an async driver.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, sessionmaker

from bot.learning.check_records import CheckAnswer, CheckRun, Phase
from bot.learning.pact import Pact
from bot.learning.records import Answer, Attempt, Challenge, Learner, PeerRecord, PollRef, Tally
from bot.learning.store import Claim
from bot.learning.totals import Totals
from storage import queries
from storage.learner_locks import learner_held
from storage.queries import erasure, pacts
from storage.queries import updates as handled
from storage.review_sql import SqlReviews
from storage.rhythm_sql import SqlRhythms

SQLITE_BUSY_TIMEOUT_MS = 5000
READ_ONLY = "milclicks_read_only"
T = TypeVar("T")


def _tune_sqlite(engine: Engine) -> None:
    """WAL for readers beside a writer, a busy timeout, and write locks taken up front."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at the start, so another process writing at the
        # same time waits on the busy timeout instead of failing halfway. A read-only
        # connection (the admin counts) reads a snapshot and takes no lock.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def is_sqlite(url: str) -> bool:
    """Whether the URL names an SQLite database."""
    return url.startswith("sqlite")


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for `url` (migrations use it), tuned on SQLite like the store's."""
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine.sync_engine)
    return engine


def make_sync_engine(url: str, **options: Any) -> Engine:
    """A synchronous SQLite engine for an `sqlite+aiosqlite://` (or `sqlite://`) URL."""
    engine = create_engine(url.replace("sqlite+aiosqlite:", "sqlite:", 1), **options)
    _tune_sqlite(engine)
    return engine


class Database:
    """An engine and its sessions; `unit()` gives each update its own session."""

    def __init__(self, url: str, *, in_loop: bool | None = None, **options: Any) -> None:
        """`in_loop`: run queries in the event loop (the default on SQLite only)."""
        self.url = url
        self._sync: sessionmaker[Session] | None = None
        self._async: async_sessionmaker[AsyncSession] | None = None
        if is_sqlite(url) if in_loop is None else in_loop:
            self._engine: Engine | AsyncEngine = make_sync_engine(url, **options)
            self._sync = sessionmaker(self._engine, expire_on_commit=False)
        else:
            self._engine = make_engine(url, **options)
            self._async = async_sessionmaker(self._engine, expire_on_commit=False)

    @asynccontextmanager
    async def unit(self, learner_id: int | None = None) -> AsyncIterator[SqlStore]:
        """A store bound to one session, for one update; on PostgreSQL, the learner's
        updates wait for each other across every worker (see `storage.learner_locks`)."""
        if self._sync is not None:
            with self._sync() as session:
                yield SqlStore(session)
            return
        assert self._async is not None and isinstance(self._engine, AsyncEngine)
        if learner_id is None or self._engine.dialect.name != "postgresql":
            async with self._async() as async_session:
                yield SqlStore(async_session)
            return
        async with (
            self._engine.connect() as connection,
            learner_held(connection, learner_id),
            self._async(bind=connection) as async_session,
        ):
            yield SqlStore(async_session)

    async def ping(self) -> bool:
        """Whether the database answers a trivial query (for /healthz)."""
        try:
            if isinstance(self._engine, AsyncEngine):
                async with self._engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            else:
                with self._engine.connect() as sync_connection:
                    sync_connection.execute(text("SELECT 1"))
        except Exception:  # any failure means: not healthy
            return False
        return True

    async def close(self) -> None:
        """Close every pooled connection."""
        if isinstance(self._engine, AsyncEngine):
            await self._engine.dispose()
        else:
            self._engine.dispose()


class SqlStore:
    """Learners, attempts, answers and challenges in SQL, within one session."""

    def __init__(self, session: Session | AsyncSession) -> None:
        self.session = session
        self.reviews = SqlReviews(self._run)
        self.rhythms = SqlRhythms(self._run)

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


def _totals_apart(bind: Any, since: datetime) -> Totals:
    """The admin counts on a read-only connection (in a worker thread)."""
    with (
        bind.connect().execution_options(**{READ_ONLY: True}) as connection,
        Session(connection) as session,
    ):
        return queries.totals(session, since)
