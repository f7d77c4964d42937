"""Rhythms: reminder settings and weekly goals, and the session times goals count."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import BindParameter, Table, bindparam, select, union_all, update
from sqlalchemy.orm import Session

from bot.learning.rhythm import Rhythm
from storage.queries.common import LEARNER, LEARNERS, A, L, columns_of, inserter, run
from storage.queries.reviews import RR
from storage.tables import RhythmRow

RHYTHMS = cast(Table, RhythmRow.__table__)
RH = RHYTHMS.c
_SINCE: BindParameter[datetime] = bindparam("since")
_FIELDS = ("asked", "reminders", "hour", "utc_offset", "quiet_from", "quiet_until", "ignored",
           "last_reminded", "inactive_since", "weekly_goal")  # fmt: skip
_COLUMNS = (RH.learner_id, *(RH[f] for f in _FIELDS))
_RHYTHM = select(*_COLUMNS).where(RH.learner_id == LEARNER)
_UPDATE = (
    update(RHYTHMS)
    .where(RH.learner_id == LEARNER)
    .values({f: bindparam(f"new_{f}") for f in _FIELDS})
)
_INSERT = inserter(RHYTHMS)
_WITH_REMINDERS = (
    select(*_COLUMNS, L.last_seen)
    .join(LEARNERS, L.id == RH.learner_id)
    .where(RH.reminders.is_(True))
)
_SESSIONS = union_all(
    select(A.finished_at.label("at")).where(
        A.learner_id == LEARNER,
        A.finished_at >= _SINCE,
        A.challenge_code.is_(None),
    ),
    select(RR.finished_at.label("at")).where(RR.learner_id == LEARNER, RR.finished_at >= _SINCE),
)


def rhythm(session: Session, learner_id: int) -> Rhythm | None:
    row = run(session, _RHYTHM, learner=learner_id).first()
    return Rhythm(*row) if row else None


def save_rhythm(session: Session, value: Rhythm) -> None:
    values = columns_of(value, RHYTHMS)
    changing = {f"new_{f}": values[f] for f in _FIELDS}
    if not run(session, _UPDATE, learner=value.learner_id, **changing).rowcount:
        run(session, _INSERT, **values)


def with_reminders(session: Session) -> list[tuple[Rhythm, datetime]]:
    return [(Rhythm(*row[:-1]), row[-1]) for row in run(session, _WITH_REMINDERS)]


def session_times(session: Session, learner_id: int, since: datetime) -> tuple[datetime, ...]:
    rows = run(session, _SESSIONS, learner=learner_id, since=since)
    return tuple(sorted(row[0] for row in rows))
