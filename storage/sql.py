"""The SQL progress store: the core's `ProgressStore` port on SQLAlchemy 2 async."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, event, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import aliased

from bot.learning.challenges import PeerRecord, Totals
from bot.learning.records import Answer, Attempt, Challenge, Learner, PollRef
from bot.learning.store import Tally
from storage.tables import (
    ActivityDayRow,
    AnswerRow,
    AttemptRow,
    ChallengeRow,
    LearnerRow,
    PollRow,
)

SQLITE_BUSY_TIMEOUT_MS = 5000


def _tune_sqlite(engine: AsyncEngine) -> None:
    """WAL for readers beside a writer, a busy timeout, and write locks taken up front."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at the start, so two writers queue on the busy
        # timeout instead of failing halfway with "database is locked".
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for `url`, tuned for concurrent use on SQLite.

    SQLite takes one writer at a time. With one pooled connection, updates queue for it in
    the event loop and are handed over at once; with several, they would wait in SQLite's
    busy handler, which sleeps in growing steps of up to 100 ms between tries.
    """
    if url.startswith("sqlite") and ":memory:" not in url:
        options = {"pool_size": 1, "max_overflow": 0, **options}
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


class Database:
    """An engine and its sessions; `unit()` opens one transaction per update."""

    def __init__(self, url: str, **options: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **options)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[SqlStore]:
        """A store bound to one session, for one update."""
        async with self._sessions() as session:
            yield SqlStore(session)

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def _lessons_done(learner_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        AttemptRow.learner_id == learner_id,
        AttemptRow.finished_at.is_not(None),
        AttemptRow.challenge_code.is_(None),
    )


def _challenge(row: ChallengeRow) -> Challenge:
    return Challenge(
        row.code,
        row.challenger_id,
        row.challenger_name,
        row.lesson_id,
        tuple(row.question_ids.split(",")),
        row.challenger_score,
        row.challenger_total,
        row.created_at,
        row.expires_at,
    )


def _learner(row: LearnerRow) -> Learner:
    return Learner(row.id, row.language, row.first_seen, row.last_seen, row.challenge_notices)


class SqlStore:
    """Learners, attempts and answers in SQL, within one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[object]:
        """One short transaction, committed at the end of the block."""
        async with self.session.begin() as transaction:
            yield transaction

    async def learner(self, learner_id: int) -> Learner | None:
        row = await self.session.get(LearnerRow, learner_id)
        return _learner(row) if row else None

    async def save_learner(self, learner: Learner) -> None:
        row = await self.session.get(LearnerRow, learner.id)
        if row is None:
            self.session.add(
                LearnerRow(
                    id=learner.id,
                    language=learner.language,
                    first_seen=learner.first_seen,
                    last_seen=learner.last_seen,
                    challenge_notices=learner.challenge_notices,
                )
            )
        else:
            row.language = learner.language
            row.last_seen = learner.last_seen
            row.challenge_notices = learner.challenge_notices
        await self.session.flush()

    async def new_attempt(
        self, learner_id: int, lesson_id: str, now: datetime, challenge_code: str | None = None
    ) -> Attempt:
        row = AttemptRow(
            learner_id=learner_id,
            lesson_id=lesson_id,
            started_at=now,
            position=0,
            challenge_code=challenge_code,
        )
        self.session.add(row)
        await self.session.flush()
        return Attempt(row.id, learner_id, lesson_id, now, challenge_code=challenge_code)

    async def _attempt(self, row: AttemptRow) -> Attempt:
        answers = await self.session.scalars(
            select(AnswerRow).where(AnswerRow.attempt_id == row.id).order_by(AnswerRow.position)
        )
        return Attempt(
            row.id,
            row.learner_id,
            row.lesson_id,
            row.started_at,
            row.position,
            row.finished_at,
            selection=frozenset(
                i for i in range(row.selection.bit_length()) if row.selection >> i & 1
            ),
            challenge_code=row.challenge_code,
            answers=tuple(
                Answer(a.question_id, a.position, a.choice, a.correct, a.answered_at)
                for a in answers
            ),
        )

    async def attempt(self, attempt_id: int) -> Attempt | None:
        row = await self.session.get(AttemptRow, attempt_id)
        return await self._attempt(row) if row else None

    async def open_attempt(self, learner_id: int) -> Attempt | None:
        row = await self.session.scalar(
            select(AttemptRow)
            .where(AttemptRow.learner_id == learner_id, AttemptRow.finished_at.is_(None))
            .order_by(AttemptRow.id.desc())
            .limit(1)
        )
        return await self._attempt(row) if row else None

    async def save_position(self, attempt: Attempt) -> None:
        await self.session.execute(
            update(AttemptRow)
            .where(AttemptRow.id == attempt.id)
            .values(
                position=attempt.position,
                finished_at=attempt.finished_at,
                selection=sum(1 << i for i in attempt.selection),
            )
        )

    async def add_answer(self, attempt: Attempt, answer: Answer) -> bool:
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(AnswerRow).values(
                        attempt_id=attempt.id,
                        learner_id=attempt.learner_id,
                        lesson_id=attempt.lesson_id,
                        question_id=answer.question_id,
                        position=answer.position,
                        choice=answer.choice,
                        correct=answer.correct,
                        answered_at=answer.answered_at,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def finished_lessons(self, learner_id: int) -> frozenset[str]:
        rows = await self.session.scalars(
            select(AttemptRow.lesson_id).where(*_lessons_done(learner_id)).distinct()
        )
        return frozenset(rows)

    async def tallies(self, learner_id: int) -> dict[str, Tally]:
        rows = await self.session.execute(
            select(
                AnswerRow.lesson_id,
                func.count(),
                func.sum(case((AnswerRow.correct, 1), else_=0)),
            )
            .join(AttemptRow, AttemptRow.id == AnswerRow.attempt_id)
            .where(AnswerRow.learner_id == learner_id, AttemptRow.challenge_code.is_(None))
            .group_by(AnswerRow.lesson_id)
        )
        return {lesson: Tally(int(right or 0), int(total)) for lesson, total, right in rows}

    async def mark_active(self, learner_id: int, day: date) -> None:
        exists = await self.session.get(ActivityDayRow, (learner_id, day))
        if exists is None:
            self.session.add(ActivityDayRow(learner_id=learner_id, day=day))
            await self.session.flush()

    async def days_active(self, learner_id: int) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(ActivityDayRow)
            .where(ActivityDayRow.learner_id == learner_id)
        )
        return int(count or 0)

    async def save_poll(self, poll_id: str, ref: PollRef, now: datetime) -> None:
        # merge: a poll id seen again (another Bot API server, a test's) replaces the old row
        await self.session.merge(
            PollRow(
                poll_id=poll_id,
                learner_id=ref.learner_id,
                attempt_id=ref.attempt_id,
                position=ref.position,
                sent_at=now,
            )
        )
        await self.session.flush()

    async def find_poll(self, poll_id: str) -> PollRef | None:
        row = await self.session.get(PollRow, poll_id)
        return PollRef(row.learner_id, row.attempt_id, row.position) if row else None

    async def best_result(self, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
        right = func.sum(case((AnswerRow.correct, 1), else_=0))
        row = (
            await self.session.execute(
                select(right, func.count())
                .select_from(AttemptRow)
                .join(AnswerRow, AnswerRow.attempt_id == AttemptRow.id)
                .where(*_lessons_done(learner_id), AttemptRow.lesson_id == lesson_id)
                .group_by(AttemptRow.id)
                .order_by(right.desc())
                .limit(1)
            )
        ).first()
        return (int(row[0]), int(row[1])) if row else None

    async def latest_finished(self, learner_id: int) -> str | None:
        return await self.session.scalar(
            select(AttemptRow.lesson_id)
            .where(*_lessons_done(learner_id))
            .order_by(AttemptRow.finished_at.desc(), AttemptRow.id.desc())
            .limit(1)
        )

    async def save_challenge(self, challenge: Challenge) -> None:
        self.session.add(
            ChallengeRow(
                code=challenge.code,
                challenger_id=challenge.challenger_id,
                challenger_name=challenge.challenger_name,
                lesson_id=challenge.lesson_id,
                question_ids=",".join(challenge.question_ids),
                challenger_score=challenge.challenger_score,
                challenger_total=challenge.challenger_total,
                created_at=challenge.created_at,
                expires_at=challenge.expires_at,
            )
        )
        await self.session.flush()

    async def challenge(self, code: str) -> Challenge | None:
        row = await self.session.get(ChallengeRow, code)
        return _challenge(row) if row else None

    async def challenges_since(self, learner_id: int, since: datetime) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(ChallengeRow)
            .where(ChallengeRow.challenger_id == learner_id, ChallengeRow.created_at >= since)
        )
        return int(count or 0)

    async def challenge_attempt(self, code: str, learner_id: int) -> Attempt | None:
        row = await self.session.scalar(
            select(AttemptRow)
            .where(AttemptRow.challenge_code == code, AttemptRow.learner_id == learner_id)
            .limit(1)
        )
        return await self._attempt(row) if row else None

    async def peer_record(self, learner_id: int) -> PeerRecord:
        later = aliased(AttemptRow)
        runs = (
            select(AttemptRow.learner_id)
            .join(ChallengeRow, ChallengeRow.code == AttemptRow.challenge_code)
            .where(
                ChallengeRow.challenger_id == learner_id,
                AttemptRow.learner_id != learner_id,
                AttemptRow.finished_at.is_not(None),
            )
        )
        went_on = runs.where(
            exists().where(
                later.learner_id == AttemptRow.learner_id,
                later.challenge_code.is_(None),
                later.finished_at.is_not(None),
                later.finished_at >= AttemptRow.started_at,
            )
        )
        took = await self.session.scalar(
            select(func.count(func.distinct(runs.subquery().c.learner_id)))
        )
        followed = await self.session.scalar(
            select(func.count(func.distinct(went_on.subquery().c.learner_id)))
        )
        return PeerRecord(int(took or 0), int(followed or 0))

    async def mark_shared(self, code: str, now: datetime) -> None:
        await self.session.execute(
            update(ChallengeRow).where(ChallengeRow.code == code).values(shared_at=now)
        )

    async def totals(self, since: datetime) -> Totals:
        learners = await self.session.scalar(select(func.count()).select_from(LearnerRow))
        active = await self.session.scalar(
            select(func.count()).select_from(LearnerRow).where(LearnerRow.last_seen >= since)
        )
        finished = AttemptRow.finished_at.is_not(None)
        lessons = await self.session.scalar(
            select(func.count()).where(finished, AttemptRow.challenge_code.is_(None))
        )
        challenges = await self.session.scalar(
            select(func.count()).where(finished, AttemptRow.challenge_code.is_not(None))
        )
        return Totals(
            int(learners or 0), int(active or 0), int(lessons or 0), int(challenges or 0)
        )
