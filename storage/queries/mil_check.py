"""The MIL check's runs and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.learning.check_records import CheckAnswer, CheckRun, Phase
from storage.queries.common import ID, LEARNER, columns_of, run
from storage.tables import CheckAnswerRow, CheckRunRow, ClassMemberRow, ClassPostCheckRow, ClassRow

RUNS = cast(Table, CheckRunRow.__table__)
ANSWERS = cast(Table, CheckAnswerRow.__table__)
R, CA = RUNS.c, ANSWERS.c
OPENED, CLASSES, MEMBERS = (
    cast(Table, row.__table__) for row in (ClassPostCheckRow, ClassRow, ClassMemberRow)
)
OP, K, M = OPENED.c, CLASSES.c, MEMBERS.c

_RUN_COLUMNS = (R.id, R.learner_id, R.phase, R.form, R.started_at, R.finished_at)
_RUNS_OF = select(*_RUN_COLUMNS).where(R.learner_id == LEARNER).order_by(R.id)
_INSERT_RUN = insert(RUNS).returning(R.id)
_FINISH = update(RUNS).where(R.id == bindparam("key")).values(finished_at=bindparam("now"))
_STARTED = select(func.count()).select_from(RUNS).where(R.phase == bindparam("phase"))
_ANSWERS_OF = (
    select(CA.run_id, CA.position, CA.item_id, CA.said_manipulative, CA.answered_at)
    .where(CA.run_id == ID)
    .order_by(CA.position)
)
_INSERT_ANSWER = insert(ANSWERS)
_OPEN_POST = insert(OPENED)
_POST_OPENED = (
    select(OP.class_id)
    .join(MEMBERS, M.class_id == OP.class_id)
    .join(CLASSES, K.id == OP.class_id)
    .where(M.learner_id == LEARNER, K.closed_at.is_(None))
    .limit(1)
)


def _run(row: Row[*tuple[Any, ...]]) -> CheckRun:
    return CheckRun(*row)


def check_runs(session: Session, learner_id: int) -> list[CheckRun]:
    return [_run(row) for row in run(session, _RUNS_OF, learner=learner_id)]


def new_check_run(
    session: Session, learner_id: int, phase: Phase, form: str, now: datetime
) -> CheckRun:
    values = {"learner_id": learner_id, "phase": phase, "form": form, "started_at": now}
    run_id = run(session, _INSERT_RUN, **values).scalar_one()
    return CheckRun(run_id, learner_id, phase, form, now)


def finish_check_run(session: Session, run_id: int, now: datetime) -> None:
    run(session, _FINISH, key=run_id, now=now)


def check_runs_started(session: Session, phase: Phase) -> int:
    return int(run(session, _STARTED, phase=phase).scalar_one())


def add_check_answer(session: Session, answer: CheckAnswer) -> bool:
    # A savepoint, so a second tap on the same post leaves the transaction usable.
    try:
        with session.begin_nested():
            run(session, _INSERT_ANSWER, **columns_of(answer, ANSWERS))
    except IntegrityError:
        return False
    return True


def check_answers(session: Session, run_id: int) -> list[CheckAnswer]:
    return [CheckAnswer(*row) for row in run(session, _ANSWERS_OF, id=run_id)]


def open_post_check(session: Session, class_id: int, now: datetime) -> bool:
    try:
        with session.begin_nested():
            run(session, _OPEN_POST, class_id=class_id, opened_at=now)
    except IntegrityError:
        return False
    return True


def post_check_opened(session: Session, learner_id: int) -> bool:
    return run(session, _POST_OPENED, learner=learner_id).first() is not None


def erase_post_checks(session: Session, teacher_id: int) -> None:
    """The opened post checks of the classes a learner teaches (before the classes go)."""
    taught = select(K.id).where(K.teacher_id == teacher_id)
    session.execute(delete(OPENED).where(OP.class_id.in_(taught)))
