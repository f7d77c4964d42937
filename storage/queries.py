"""The progress store's SQL, written once as plain functions of a SQLAlchemy session.

`storage.sql` runs them directly on SQLite (in-process and quick, so no thread hop per
statement) and through `AsyncSession.run_sync` on database servers such as PostgreSQL.

Every statement is built once, here, with named parameters, and runs as SQLAlchemy Core on
the session's connection: the bot makes a handful of them per update, and building a
statement and loading ORM objects cost more than SQLite takes to run it. The ORM classes in
`storage.tables` define the schema (and Alembic's migrations); rows come back as tuples.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CursorResult,
    Executable,
    Row,
    Table,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.learning.records import Answer, Attempt, Challenge, Learner, PeerRecord, PollRef, Tally
from bot.learning.totals import Totals
from storage.tables import (
    ActivityDayRow,
    AnswerRow,
    AttemptRow,
    ChallengeRow,
    LearnerRow,
    PollRow,
)

LEARNERS, ATTEMPTS, ANSWERS, DAYS, POLLS, CHALLENGES = (
    cast(Table, row.__table__)
    for row in (LearnerRow, AttemptRow, AnswerRow, ActivityDayRow, PollRow, ChallengeRow)
)
L, A, AN, D, P, C = (t.c for t in (LEARNERS, ATTEMPTS, ANSWERS, DAYS, POLLS, CHALLENGES))

_ID: BindParameter[int] = bindparam("id")
_LEARNER: BindParameter[int] = bindparam("learner")
_CODE: BindParameter[str] = bindparam("code")
# UPDATE statements: a parameter may not share its name with a column of the table.
_KEY: BindParameter[int] = bindparam("key")


def _update_by_id(table: Table, *columns: str) -> Executable:
    """`UPDATE table SET column = :new_column, ... WHERE id = :key`."""
    return (
        update(table)
        .where(table.c.id == _KEY)
        .values({column: bindparam(f"new_{column}") for column in columns})
    )


def _run(session: Session, statement: Executable, **params: Any) -> CursorResult[*tuple[Any, ...]]:
    return session.connection().execute(statement, params)


def _lessons_done() -> tuple[ColumnElement[bool], ...]:
    return (A.learner_id == _LEARNER, A.finished_at.is_not(None), A.challenge_code.is_(None))


_LEARNER_ROW = select(L.id, L.language, L.first_seen, L.last_seen, L.challenge_notices).where(
    L.id == _ID
)
_UPDATE_LEARNER = _update_by_id(LEARNERS, "language", "last_seen", "challenge_notices")
_INSERT_LEARNER = insert(LEARNERS)


def learner(session: Session, learner_id: int) -> Learner | None:
    row = _run(session, _LEARNER_ROW, id=learner_id).first()
    return Learner(*row) if row else None


def save_learner(session: Session, learner: Learner) -> None:
    changed = _run(
        session,
        _UPDATE_LEARNER,
        key=learner.id,
        new_language=learner.language,
        new_last_seen=learner.last_seen,
        new_challenge_notices=learner.challenge_notices,
    )
    if not changed.rowcount:
        _run(
            session,
            _INSERT_LEARNER,
            id=learner.id,
            language=learner.language,
            first_seen=learner.first_seen,
            last_seen=learner.last_seen,
            challenge_notices=learner.challenge_notices,
        )


_ATTEMPT_COLUMNS = (
    A.id,
    A.learner_id,
    A.lesson_id,
    A.started_at,
    A.position,
    A.finished_at,
    A.selection,
    A.challenge_code,
)
_ATTEMPT_ROW = select(*_ATTEMPT_COLUMNS).where(A.id == _ID)
_OPEN_ATTEMPT = (
    select(*_ATTEMPT_COLUMNS)
    .where(A.learner_id == _LEARNER, A.finished_at.is_(None))
    .order_by(A.id.desc())
    .limit(1)
)
_CHALLENGE_ATTEMPT = (
    select(*_ATTEMPT_COLUMNS).where(A.challenge_code == _CODE, A.learner_id == _LEARNER).limit(1)
)
_ANSWERS = (
    select(AN.question_id, AN.position, AN.choice, AN.correct, AN.answered_at)
    .where(AN.attempt_id == _ID)
    .order_by(AN.position)
)
_INSERT_ATTEMPT = insert(ATTEMPTS)
_SAVE_POSITION = _update_by_id(ATTEMPTS, "position", "finished_at", "selection")
_INSERT_ANSWER = insert(ANSWERS)


def new_attempt(
    session: Session,
    learner_id: int,
    lesson_id: str,
    now: datetime,
    challenge_code: str | None = None,
) -> Attempt:
    result = _run(
        session,
        _INSERT_ATTEMPT,
        learner_id=learner_id,
        lesson_id=lesson_id,
        started_at=now,
        position=0,
        selection=0,
        challenge_code=challenge_code,
    )
    (attempt_id,) = result.inserted_primary_key or (None,)
    assert attempt_id is not None
    return Attempt(attempt_id, learner_id, lesson_id, now, challenge_code=challenge_code)


def _attempt(session: Session, row: Row[*tuple[Any, ...]]) -> Attempt:
    attempt_id, learner_id, lesson_id, started_at, position, finished_at, selection, code = row
    answers = _run(session, _ANSWERS, id=attempt_id)
    return Attempt(
        attempt_id,
        learner_id,
        lesson_id,
        started_at,
        position,
        finished_at,
        selection=frozenset(i for i in range(selection.bit_length()) if selection >> i & 1),
        challenge_code=code,
        answers=tuple(Answer(*answer) for answer in answers),
    )


def attempt(session: Session, attempt_id: int) -> Attempt | None:
    row = _run(session, _ATTEMPT_ROW, id=attempt_id).first()
    return _attempt(session, row) if row else None


def open_attempt(session: Session, learner_id: int) -> Attempt | None:
    row = _run(session, _OPEN_ATTEMPT, learner=learner_id).first()
    return _attempt(session, row) if row else None


def save_position(session: Session, attempt: Attempt) -> None:
    _run(
        session,
        _SAVE_POSITION,
        key=attempt.id,
        new_position=attempt.position,
        new_finished_at=attempt.finished_at,
        new_selection=sum(1 << i for i in attempt.selection),
    )


def add_answer(session: Session, attempt: Attempt, answer: Answer) -> bool:
    try:
        with session.begin_nested():
            _run(
                session,
                _INSERT_ANSWER,
                attempt_id=attempt.id,
                learner_id=attempt.learner_id,
                lesson_id=attempt.lesson_id,
                question_id=answer.question_id,
                position=answer.position,
                choice=answer.choice,
                correct=answer.correct,
                answered_at=answer.answered_at,
            )
    except IntegrityError:
        return False
    return True


_FINISHED_LESSONS = select(A.lesson_id).where(*_lessons_done()).distinct()
_TALLIES = (
    select(AN.lesson_id, func.count(), func.sum(case((AN.correct, 1), else_=0)))
    .join(ATTEMPTS, A.id == AN.attempt_id)
    .where(AN.learner_id == _LEARNER, A.challenge_code.is_(None))
    .group_by(AN.lesson_id)
)


def finished_lessons(session: Session, learner_id: int) -> frozenset[str]:
    return frozenset(_run(session, _FINISHED_LESSONS, learner=learner_id).scalars())


def tallies(session: Session, learner_id: int) -> dict[str, Tally]:
    rows = _run(session, _TALLIES, learner=learner_id)
    return {lesson: Tally(int(right or 0), int(total)) for lesson, total, right in rows}


_DAY: BindParameter[date] = bindparam("day")
_ACTIVE_ON = select(D.learner_id).where(D.learner_id == _LEARNER, D.day == _DAY)
_INSERT_DAY = insert(DAYS)
_DAYS_ACTIVE = select(func.count()).select_from(DAYS).where(D.learner_id == _LEARNER)


def mark_active(session: Session, learner_id: int, day: date) -> None:
    if _run(session, _ACTIVE_ON, learner=learner_id, day=day).first() is None:
        _run(session, _INSERT_DAY, learner_id=learner_id, day=day)


def days_active(session: Session, learner_id: int) -> int:
    return int(_run(session, _DAYS_ACTIVE, learner=learner_id).scalar() or 0)


_POLL: BindParameter[str] = bindparam("poll")
_FIND_POLL = select(P.learner_id, P.attempt_id, P.position).where(P.poll_id == _POLL)
# A poll id seen again (another Bot API server, a test's) replaces the old row.
_REPLACE_POLL = delete(POLLS).where(P.poll_id == _POLL)
_INSERT_POLL = insert(POLLS)


def save_poll(session: Session, poll_id: str, ref: PollRef, now: datetime) -> None:
    _run(session, _REPLACE_POLL, poll=poll_id)
    _run(
        session,
        _INSERT_POLL,
        poll_id=poll_id,
        learner_id=ref.learner_id,
        attempt_id=ref.attempt_id,
        position=ref.position,
        sent_at=now,
    )


def find_poll(session: Session, poll_id: str) -> PollRef | None:
    row = _run(session, _FIND_POLL, poll=poll_id).first()
    return PollRef(*row) if row else None


_RIGHT = func.sum(case((AN.correct, 1), else_=0))
_BEST_RESULT = (
    select(_RIGHT, func.count())
    .select_from(ATTEMPTS)
    .join(ANSWERS, AN.attempt_id == A.id)
    .where(*_lessons_done(), A.lesson_id == bindparam("lesson"))
    .group_by(A.id)
    .order_by(_RIGHT.desc())
    .limit(1)
)
_LATEST_FINISHED = (
    select(A.lesson_id)
    .where(*_lessons_done())
    .order_by(A.finished_at.desc(), A.id.desc())
    .limit(1)
)


def best_result(session: Session, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
    row = _run(session, _BEST_RESULT, learner=learner_id, lesson=lesson_id).first()
    return (int(row[0]), int(row[1])) if row else None


def latest_finished(session: Session, learner_id: int) -> str | None:
    value = _run(session, _LATEST_FINISHED, learner=learner_id).scalar()
    return str(value) if value is not None else None


_CHALLENGE_COLUMNS = (
    C.code,
    C.challenger_id,
    C.challenger_name,
    C.lesson_id,
    C.question_ids,
    C.challenger_score,
    C.challenger_total,
    C.created_at,
    C.expires_at,
)
_CHALLENGE = select(*_CHALLENGE_COLUMNS).where(C.code == _CODE)
_INSERT_CHALLENGE = insert(CHALLENGES)
_CHALLENGES_SINCE = (
    select(func.count())
    .select_from(CHALLENGES)
    .where(C.challenger_id == _LEARNER, C.created_at >= bindparam("since"))
)
_MARK_SHARED = (
    update(CHALLENGES).where(C.code == bindparam("key")).values(shared_at=bindparam("now"))
)


def _challenge(row: Row[*tuple[Any, ...]]) -> Challenge:
    code, challenger, name, lesson, questions, score, total, created, expires = row
    return Challenge(
        code, challenger, name, lesson, tuple(questions.split(",")), score, total, created, expires
    )


def save_challenge(session: Session, challenge: Challenge) -> None:
    _run(
        session,
        _INSERT_CHALLENGE,
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


def challenge(session: Session, code: str) -> Challenge | None:
    row = _run(session, _CHALLENGE, code=code).first()
    return _challenge(row) if row else None


def challenges_since(session: Session, learner_id: int, since: datetime) -> int:
    return int(_run(session, _CHALLENGES_SINCE, learner=learner_id, since=since).scalar() or 0)


def challenge_attempt(session: Session, code: str, learner_id: int) -> Attempt | None:
    row = _run(session, _CHALLENGE_ATTEMPT, code=code, learner=learner_id).first()
    return _attempt(session, row) if row else None


def _peer_counts() -> tuple[Executable, Executable]:
    later = ATTEMPTS.alias("later")
    runs = (
        select(A.learner_id)
        .join(CHALLENGES, C.code == A.challenge_code)
        .where(
            C.challenger_id == _LEARNER,
            A.learner_id != _LEARNER,
            A.finished_at.is_not(None),
        )
    )
    went_on = runs.where(
        exists().where(
            later.c.learner_id == A.learner_id,
            later.c.challenge_code.is_(None),
            later.c.finished_at.is_not(None),
            later.c.finished_at >= A.started_at,
        )
    )
    took = select(func.count(func.distinct(runs.subquery().c.learner_id)))
    followed = select(func.count(func.distinct(went_on.subquery().c.learner_id)))
    return took, followed


_TOOK, _FOLLOWED = _peer_counts()


def peer_record(session: Session, learner_id: int) -> PeerRecord:
    took = _run(session, _TOOK, learner=learner_id).scalar()
    followed = _run(session, _FOLLOWED, learner=learner_id).scalar()
    return PeerRecord(int(took or 0), int(followed or 0))


def mark_shared(session: Session, code: str, now: datetime) -> None:
    _run(session, _MARK_SHARED, key=code, now=now)


_FINISHED = A.finished_at.is_not(None)
_TOTALS = select(
    select(func.count()).select_from(LEARNERS).scalar_subquery(),
    select(func.count())
    .select_from(LEARNERS)
    .where(L.last_seen >= bindparam("since"))
    .scalar_subquery(),
    select(func.count())
    .select_from(ATTEMPTS)
    .where(_FINISHED, A.challenge_code.is_(None))
    .scalar_subquery(),
    select(func.count())
    .select_from(ATTEMPTS)
    .where(_FINISHED, A.challenge_code.is_not(None))
    .scalar_subquery(),
)


def totals(session: Session, since: datetime) -> Totals:
    row = _run(session, _TOTALS, since=since).one()
    return Totals(*(int(value or 0) for value in row))
