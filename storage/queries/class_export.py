"""The classroom part of a learner's own data (`/mydata`): the classes they are in, those
they teach (with how many members, never who), and their votes in group rounds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.learning.class_data import ClassJoined, ClassroomData, ClassTaught, RoundPlayed, RoundVote
from storage.queries.classes import CLASSES, MEMBERS, K, M, assignment
from storage.queries.common import ID, LEARNER, run
from storage.queries.mil_check import OP
from storage.queries.rounds import GP, GR, GV, POLLS, VOTES, link

_JOINED = (
    select(K.name, M.joined_at)
    .select_from(MEMBERS)
    .join(CLASSES, K.id == M.class_id)
    .where(M.learner_id == LEARNER)
    .order_by(M.joined_at, K.id)
)
_TAUGHT = (
    select(K.id, K.name, K.created_at, K.closed_at)
    .where(K.teacher_id == LEARNER)
    .order_by(K.created_at, K.id)
)
_HOW_MANY = select(func.count()).select_from(MEMBERS).where(M.class_id == ID)
_OPENED_AT = select(OP.opened_at).where(OP.class_id == ID)
_ROUNDS = (
    select(GR.theme, GR.item_ids, GR.started_at, GR.finished_at)
    .where(GR.class_id == ID)
    .order_by(GR.started_at, GR.id)
)
_VOTES = (
    select(GP.item_id, GP.position, GV.option, GP.correct_option, GV.answered_at)
    .select_from(VOTES)
    .join(POLLS, GP.poll_id == GV.poll_id)
    .where(GV.learner_id == LEARNER)
    .order_by(GV.answered_at, GP.position)
)


def _taught(session: Session, row: Any) -> ClassTaught:
    class_id, name, created_at, closed_at = row
    set_ = assignment(session, class_id)
    group = link(session, class_id)
    rounds = [
        RoundPlayed(theme, tuple(items.split()), started, finished)
        for theme, items, started, finished in run(session, _ROUNDS, id=class_id)
    ]
    return ClassTaught(
        name,
        created_at,
        closed_at,
        members=int(run(session, _HOW_MANY, id=class_id).scalar_one()),
        lesson_ids=() if set_ is None else set_.lesson_ids,
        due_on=None if set_ is None else set_.due_on,
        post_check_opened_at=run(session, _OPENED_AT, id=class_id).scalar(),
        group_added_at=None if group is None else group.bound_at,
        rounds=tuple(rounds),
    )


def classroom_data(session: Session, learner_id: int) -> ClassroomData:
    """The classroom rows that name the learner, as records."""
    joined = [ClassJoined(*row) for row in run(session, _JOINED, learner=learner_id)]
    taught = [_taught(session, row) for row in run(session, _TAUGHT, learner=learner_id)]
    votes = [
        RoundVote(item, position, option, option == correct, at)
        for item, position, option, correct, at in run(session, _VOTES, learner=learner_id)
    ]
    return ClassroomData(tuple(joined), tuple(taught), tuple(votes))
