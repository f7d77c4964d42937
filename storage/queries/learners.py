"""Learners, the days they were active, and the quiz polls sent to them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import BindParameter, bindparam, delete, func, select
from sqlalchemy.orm import Session

from bot.learning.records import Learner, PollRef
from storage.queries.common import (
    DAYS,
    ID,
    LEARNER,
    LEARNERS,
    POLLS,
    D,
    L,
    P,
    columns_of,
    inserter,
    run,
    update_params,
    updater,
)

_CHANGING = (
    "language", "last_seen", "challenge_notices", "first_name", "awaiting", "awaiting_since"
)  # fmt: skip
# In the order of `Learner`'s fields.
_FIELDS = ("id", "language", "first_seen", "last_seen", "challenge_notices", "first_name",
           "awaiting", "awaiting_since")  # fmt: skip
_LEARNER_ROW = select(*(L[c] for c in _FIELDS)).where(L.id == ID)
_UPDATE_LEARNER = updater(LEARNERS, *_CHANGING)
_INSERT_LEARNER = inserter(LEARNERS)


def learner(session: Session, learner_id: int) -> Learner | None:
    row = run(session, _LEARNER_ROW, id=learner_id).first()
    return Learner(*row) if row else None


def save_learner(session: Session, learner: Learner) -> None:
    values = columns_of(learner, LEARNERS)
    changing = {column: values[column] for column in _CHANGING}
    if not run(session, _UPDATE_LEARNER, **update_params(learner.id, changing)).rowcount:
        run(session, _INSERT_LEARNER, **values)


_DAY: BindParameter[date] = bindparam("day")
_ACTIVE_ON = select(D.learner_id).where(D.learner_id == LEARNER, D.day == _DAY)
_INSERT_DAY = inserter(DAYS)
_DAYS_ACTIVE = select(func.count()).select_from(DAYS).where(D.learner_id == LEARNER)


def mark_active(session: Session, learner_id: int, day: date) -> None:
    if run(session, _ACTIVE_ON, learner=learner_id, day=day).first() is None:
        run(session, _INSERT_DAY, learner_id=learner_id, day=day)


def days_active(session: Session, learner_id: int) -> int:
    return int(run(session, _DAYS_ACTIVE, learner=learner_id).scalar() or 0)


_POLL: BindParameter[str] = bindparam("poll")
_FIND_POLL = select(P.learner_id, P.attempt_id, P.position).where(P.poll_id == _POLL)
# A poll id seen again (another Bot API server, a test's) replaces the old row.
_REPLACE_POLL = delete(POLLS).where(P.poll_id == _POLL)
_INSERT_POLL = inserter(POLLS)


# A poll is answered within minutes; one kept a week is one nobody will answer. Each new
# poll takes its learner's older ones with it, so the table holds about one row per
# active learner, however many polls were ever sent (an index search, no sweep).
POLL_KEPT = timedelta(days=7)
_PRUNE_POLLS = delete(POLLS).where(P.learner_id == LEARNER, P.sent_at < bindparam("before"))


def save_poll(session: Session, poll_id: str, ref: PollRef, now: datetime) -> None:
    run(session, _PRUNE_POLLS, learner=ref.learner_id, before=now - POLL_KEPT)
    run(session, _REPLACE_POLL, poll=poll_id)
    run(session, _INSERT_POLL, **columns_of(ref, POLLS, poll_id=poll_id, sent_at=now))


def find_poll(session: Session, poll_id: str) -> PollRef | None:
    row = run(session, _FIND_POLL, poll=poll_id).first()
    return PollRef(*row) if row else None
