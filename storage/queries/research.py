"""What the research export reads: learners' language and first visit, finished MIL check
runs with their answers, and lesson answers, streamed in order so a large export never
holds every row in memory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, func, select
from sqlalchemy.orm import Session

from storage.queries.common import AN, ANSWERS, L
from storage.tables import CheckAnswerRow, CheckRunRow, ClassMemberRow

RUNS, CHECK_ANSWERS = (cast(Table, row.__table__) for row in (CheckRunRow, CheckAnswerRow))
R, CA = RUNS.c, CHECK_ANSWERS.c
M = cast(Table, ClassMemberRow.__table__).c
BATCH = 2000

_PROFILES = select(L.id, L.language, L.first_seen)
_MEMBERSHIPS = select(M.learner_id, M.class_id).order_by(M.learner_id, M.class_id)


def _stream(session: Session, statement: Any) -> Iterator[Row[Any]]:
    connection = session.connection().execution_options(stream_results=True, yield_per=BATCH)
    yield from connection.execute(statement)


def profiles(session: Session) -> dict[int, tuple[str, datetime]]:
    """Every learner's interface language and first visit, by id."""
    return {row.id: (row.language, row.first_seen) for row in _stream(session, _PROFILES)}


def memberships(session: Session) -> dict[int, list[int]]:
    """The classes each learner is in now (closed classes too: their pre and post checks
    still compare), by learner id."""
    found: dict[int, list[int]] = {}
    for row in _stream(session, _MEMBERSHIPS):
        found.setdefault(row.learner_id, []).append(row.class_id)
    return found


def check_learners(session: Session, since: datetime) -> set[int]:
    """Learners with a finished MIL check run started on or after `since`."""
    statement = (
        select(R.learner_id).distinct().where(R.finished_at.is_not(None), R.started_at >= since)
    )
    return {row[0] for row in _stream(session, statement)}


def check_answers(session: Session, since: datetime) -> Iterator[Row[Any]]:
    """(run id, learner, phase, form, started, finished, item id, said manipulative) of
    every answer of a finished run started on or after `since`, run by run."""
    statement = (
        select(
            R.id, R.learner_id, R.phase, R.form, R.started_at, R.finished_at,
            CA.item_id, CA.said_manipulative,
        )
        .join(CHECK_ANSWERS, CA.run_id == R.id)
        .where(R.finished_at.is_not(None), R.started_at >= since)
        .order_by(R.id, CA.position)
    )  # fmt: skip
    return _stream(session, statement)


def answer_learners(session: Session, since: datetime) -> set[int]:
    """Learners with a lesson answer on or after `since`."""
    statement = select(AN.learner_id).distinct().where(AN.answered_at >= since)
    return {row[0] for row in _stream(session, statement)}


def lesson_answers(session: Session) -> Iterator[Row[Any]]:
    """(learner, attempt id, lesson, question, position, choice, correct, answered) of
    every lesson answer, learner by learner and attempt by attempt (so attempts can be
    numbered; the caller drops those before the export's start)."""
    statement = (
        select(
            AN.learner_id, AN.attempt_id, AN.lesson_id, AN.question_id, AN.position,
            AN.choice, AN.correct, AN.answered_at,
        )
        .order_by(AN.learner_id, AN.attempt_id, AN.position)
    )  # fmt: skip
    return _stream(session, statement)


def answer_total(session: Session) -> int:
    """How many lesson answers there are (for the progress lines)."""
    return int(
        session.connection().execute(select(func.count()).select_from(ANSWERS)).scalar_one()
    )
