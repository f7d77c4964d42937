"""Attempts at lessons (and challenge runs), their answers, and what they add up to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, bindparam, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.learning.records import Answer, Attempt, Tally
from storage.queries.common import (
    AN,
    ANSWERS,
    ATTEMPTS,
    CODE,
    ID,
    LEARNER,
    A,
    columns_of,
    inserter,
    run,
    update_params,
    updater,
)


def lessons_done() -> tuple[ColumnElement[bool], ...]:
    """The learner's finished lesson attempts (challenge runs are not lessons)."""
    return (A.learner_id == LEARNER, A.finished_at.is_not(None), A.challenge_code.is_(None))


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
_ATTEMPT_ROW = select(*_ATTEMPT_COLUMNS).where(A.id == ID)
_OPEN_ATTEMPT = (
    select(*_ATTEMPT_COLUMNS)
    .where(A.learner_id == LEARNER, A.finished_at.is_(None))
    .order_by(A.id.desc())
    .limit(1)
)
_CHALLENGE_ATTEMPT = (
    select(*_ATTEMPT_COLUMNS).where(A.challenge_code == CODE, A.learner_id == LEARNER).limit(1)
)
_ANSWERS = (
    select(AN.question_id, AN.position, AN.choice, AN.correct, AN.answered_at)
    .where(AN.attempt_id == ID)
    .order_by(AN.position)
)
_INSERT_ATTEMPT = inserter(ATTEMPTS)
_SAVE_POSITION = updater(ATTEMPTS, "position", "finished_at", "selection")
_INSERT_ANSWER = inserter(ANSWERS)


def _mask(selection: frozenset[int]) -> int:
    return sum(1 << i for i in selection)


def new_attempt(
    session: Session,
    learner_id: int,
    lesson_id: str,
    now: datetime,
    challenge_code: str | None = None,
) -> Attempt:
    fresh = Attempt(0, learner_id, lesson_id, now, challenge_code=challenge_code)
    values = columns_of(fresh, ATTEMPTS, selection=0)
    del values["id"], values["finished_at"]
    result = run(session, _INSERT_ATTEMPT, **values)
    (attempt_id,) = result.inserted_primary_key or (None,)
    assert attempt_id is not None
    return Attempt(attempt_id, learner_id, lesson_id, now, challenge_code=challenge_code)


def _attempt(session: Session, row: Row[*tuple[Any, ...]]) -> Attempt:
    attempt_id, learner_id, lesson_id, started_at, position, finished_at, selection, code = row
    answers = run(session, _ANSWERS, id=attempt_id)
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


_ATTEMPTS_OF = select(*_ATTEMPT_COLUMNS).where(A.learner_id == LEARNER).order_by(A.id)


def attempts_of(session: Session, learner_id: int) -> tuple[Attempt, ...]:
    """Every attempt of the learner (lessons and challenge runs), oldest first."""
    rows = run(session, _ATTEMPTS_OF, learner=learner_id).all()
    return tuple(_attempt(session, row) for row in rows)


def attempt(session: Session, attempt_id: int) -> Attempt | None:
    row = run(session, _ATTEMPT_ROW, id=attempt_id).first()
    return _attempt(session, row) if row else None


def open_attempt(session: Session, learner_id: int) -> Attempt | None:
    row = run(session, _OPEN_ATTEMPT, learner=learner_id).first()
    return _attempt(session, row) if row else None


def challenge_attempt(session: Session, code: str, learner_id: int) -> Attempt | None:
    row = run(session, _CHALLENGE_ATTEMPT, code=code, learner=learner_id).first()
    return _attempt(session, row) if row else None


def save_position(session: Session, attempt: Attempt) -> None:
    moved = {
        "position": attempt.position,
        "finished_at": attempt.finished_at,
        "selection": _mask(attempt.selection),
    }
    run(session, _SAVE_POSITION, **update_params(attempt.id, moved))


def add_answer(session: Session, attempt: Attempt, answer: Answer) -> bool:
    values = columns_of(
        answer,
        ANSWERS,
        attempt_id=attempt.id,
        learner_id=attempt.learner_id,
        lesson_id=attempt.lesson_id,
    )
    try:
        with session.begin_nested():
            run(session, _INSERT_ANSWER, **values)
    except IntegrityError:
        return False
    return True


_FINISHED_LESSONS = select(A.lesson_id).where(*lessons_done()).distinct()
_TALLIES = (
    select(AN.lesson_id, func.count(), func.sum(case((AN.correct, 1), else_=0)))
    .join(ATTEMPTS, A.id == AN.attempt_id)
    .where(AN.learner_id == LEARNER, A.challenge_code.is_(None))
    .group_by(AN.lesson_id)
)


def finished_lessons(session: Session, learner_id: int) -> frozenset[str]:
    return frozenset(run(session, _FINISHED_LESSONS, learner=learner_id).scalars())


def tallies(session: Session, learner_id: int) -> dict[str, Tally]:
    rows = run(session, _TALLIES, learner=learner_id)
    return {lesson: Tally(int(right or 0), int(total)) for lesson, total, right in rows}


_RIGHT = func.sum(case((AN.correct, 1), else_=0))
_BEST_RESULT = (
    select(_RIGHT, func.count())
    .select_from(ATTEMPTS)
    .join(ANSWERS, AN.attempt_id == A.id)
    .where(*lessons_done(), A.lesson_id == bindparam("lesson"))
    .group_by(A.id)
    .order_by(_RIGHT.desc())
    .limit(1)
)
_LATEST_FINISHED = (
    select(A.lesson_id).where(*lessons_done()).order_by(A.finished_at.desc(), A.id.desc()).limit(1)
)


def best_result(session: Session, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
    row = run(session, _BEST_RESULT, learner=learner_id, lesson=lesson_id).first()
    return (int(row[0]), int(row[1])) if row else None


def latest_finished(session: Session, learner_id: int) -> str | None:
    value = run(session, _LATEST_FINISHED, learner=learner_id).scalar()
    return str(value) if value is not None else None
