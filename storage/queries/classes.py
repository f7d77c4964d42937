"""Classes: a teacher's classes, who joined them, and the lessons each one set."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby
from typing import cast

from sqlalchemy import BindParameter, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.learning.class_records import Assignment, Classroom, Member
from storage.queries.common import ID, KEY, LEARNER, LEARNERS, L, run
from storage.tables import ClassAssignmentRow, ClassMemberRow, ClassRow

CLASSES, MEMBERS, SET = (
    cast(Table, row.__table__) for row in (ClassRow, ClassMemberRow, ClassAssignmentRow)
)
K, M, S = CLASSES.c, MEMBERS.c, SET.c
_CLASS_ID: BindParameter[int] = bindparam("class_id")
_JOIN_CODE: BindParameter[str] = bindparam("join_code")
_COLUMNS = (K.id, K.teacher_id, K.name, K.join_code, K.names_shown, K.created_at, K.closed_at)
_CHANGING = ("name", "join_code", "names_shown", "closed_at")
_INSERT = insert(CLASSES).returning(K.id)
_BY_ID = select(*_COLUMNS).where(K.id == ID)
_BY_CODE = select(*_COLUMNS).where(K.join_code == _JOIN_CODE)
_OPEN = K.closed_at.is_(None)
_TAUGHT = select(*_COLUMNS).where(K.teacher_id == LEARNER, _OPEN).order_by(K.created_at, K.id)
_JOINED = (
    select(*_COLUMNS)
    .join(MEMBERS, M.class_id == K.id)
    .where(M.learner_id == LEARNER, _OPEN)
    .order_by(K.created_at, K.id)
)
_UPDATE = update(CLASSES).where(K.id == KEY).values({f: bindparam(f"new_{f}") for f in _CHANGING})
_IS_MEMBER = select(M.class_id).where(M.class_id == _CLASS_ID, M.learner_id == LEARNER)
_JOIN = insert(MEMBERS)
_LEAVE = delete(MEMBERS).where(M.class_id == _CLASS_ID, M.learner_id == LEARNER)
_MEMBERS = (
    select(M.learner_id, L.first_name, M.joined_at)
    .join(LEARNERS, L.id == M.learner_id)
    .where(M.class_id == _CLASS_ID)
    .order_by(M.joined_at, M.learner_id)
)
_SET_ROWS = (S.class_id, S.lesson_id, S.due_on, S.set_at)
_UNSET = delete(SET).where(S.class_id == _CLASS_ID)
_SET = insert(SET)
_ASSIGNMENT = select(*_SET_ROWS).where(S.class_id == _CLASS_ID).order_by(S.position)
_ASSIGNED_TO = (
    select(*_SET_ROWS)
    .join(CLASSES, K.id == S.class_id)
    .join(MEMBERS, M.class_id == S.class_id)
    .where(M.learner_id == LEARNER, _OPEN)
    .order_by(K.created_at, K.id, S.position)
)


def create_class(
    session: Session, teacher_id: int, name: str, join_code: str, now: datetime
) -> Classroom:
    values = {"teacher_id": teacher_id, "name": name, "join_code": join_code}
    values |= {"names_shown": False, "created_at": now, "closed_at": None}
    class_id = run(session, _INSERT, **values).scalar_one()
    return Classroom(int(class_id), teacher_id, name, join_code, False, now, None)


def classroom(session: Session, class_id: int) -> Classroom | None:
    row = run(session, _BY_ID, id=class_id).first()
    return Classroom(*row) if row else None


def class_by_code(session: Session, join_code: str) -> Classroom | None:
    row = run(session, _BY_CODE, join_code=join_code).first()
    return Classroom(*row) if row else None


def classes_taught(session: Session, teacher_id: int) -> list[Classroom]:
    return [Classroom(*row) for row in run(session, _TAUGHT, learner=teacher_id)]


def classes_joined(session: Session, learner_id: int) -> list[Classroom]:
    return [Classroom(*row) for row in run(session, _JOINED, learner=learner_id)]


def update_class(session: Session, value: Classroom) -> None:
    changing = {f"new_{f}": getattr(value, f) for f in _CHANGING}
    run(session, _UPDATE, key=value.id, **changing)


def is_member(session: Session, class_id: int, learner_id: int) -> bool:
    return run(session, _IS_MEMBER, class_id=class_id, learner=learner_id).first() is not None


def join(session: Session, class_id: int, learner_id: int, now: datetime) -> bool:
    if is_member(session, class_id, learner_id):
        return False
    run(session, _JOIN, class_id=class_id, learner_id=learner_id, joined_at=now)
    return True


def leave(session: Session, class_id: int, learner_id: int) -> bool:
    return bool(run(session, _LEAVE, class_id=class_id, learner=learner_id).rowcount)


def members(session: Session, class_id: int) -> list[Member]:
    rows = run(session, _MEMBERS, class_id=class_id)
    return [Member(int(who), name or "", joined) for who, name, joined in rows]


def set_assignment(session: Session, value: Assignment) -> None:
    run(session, _UNSET, class_id=value.class_id)
    rows = [
        {"class_id": value.class_id, "position": position, "lesson_id": lesson_id}
        | {"due_on": value.due_on, "set_at": value.set_at}
        for position, lesson_id in enumerate(value.lesson_ids)
    ]
    if rows:
        session.connection().execute(_SET, rows)


def assignment(session: Session, class_id: int) -> Assignment | None:
    found = _assignments(run(session, _ASSIGNMENT, class_id=class_id))
    return found[0] if found else None


def assignments_for(session: Session, learner_id: int) -> list[Assignment]:
    return _assignments(run(session, _ASSIGNED_TO, learner=learner_id))


def _assignments(rows: object) -> list[Assignment]:
    """Rows of (class, lesson, due, set) in order, one assignment per class."""
    found = []
    for class_id, group in groupby(rows, key=lambda row: row[0]):  # type: ignore[call-overload]
        lessons = list(group)
        first = lessons[0]
        found.append(Assignment(int(class_id), tuple(r[1] for r in lessons), first[2], first[3]))
    return found


def erase_classes(session: Session, learner_id: int) -> None:
    """The learner's memberships, and the classes they teach with everything in them."""
    taught = select(K.id).where(K.teacher_id == learner_id)
    session.execute(delete(SET).where(S.class_id.in_(taught)))
    session.execute(delete(MEMBERS).where(M.class_id.in_(taught) | (M.learner_id == learner_id)))
    session.execute(delete(CLASSES).where(K.teacher_id == learner_id))
