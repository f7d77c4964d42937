"""The outbox: queueing, claiming with a token, and each row's outcome.

Claiming is one UPDATE over a common table expression, portable to SQLite and
PostgreSQL. On PostgreSQL the CTE takes its rows FOR UPDATE SKIP LOCKED, so two senders
take different rows (a CTE runs once; a plain sub-select with LIMIT may be run again by
the planner and take more rows than asked); the conditions are repeated in the UPDATE's
own WHERE, so a row another sender claimed meanwhile is re-checked and left alone.
SQLite takes the write lock at BEGIN (see `storage.sql`), so claims there run one after
another.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.learning.outbox import AT_MOST_ONCE, Claimed, Outcome, Outgoing
from storage.queries.common import KEY, inserter, run
from storage.tables import OutboxRow, RhythmRow

OUTBOX = cast(Table, OutboxRow.__table__)
RHYTHMS = cast(Table, RhythmRow.__table__)
OB, RH = OUTBOX.c, RHYTHMS.c
_AT: BindParameter[datetime] = bindparam("at")
_STALE: BindParameter[datetime] = bindparam("stale")
_TOKEN: BindParameter[str] = bindparam("token")
_CHAT: BindParameter[int] = bindparam("chat")

_INSERT = inserter(OUTBOX)
_EXPIRE = (
    update(OUTBOX)
    .where(OB.outcome.is_(None), OB.expires_at <= _AT)
    .values(outcome="expired", sent_at=None)
)
# Rows a dead sender was sending (marked, no outcome, the lease run out): in doubt.
_IN_DOUBT = (
    update(OUTBOX)
    .where(
        OB.outcome.is_(None),
        OB.sending_at.is_not(None),
        OB.claimed_at <= _STALE,
        OB.kind.in_(sorted(AT_MOST_ONCE)),
    )
    .values(outcome="in-doubt")
)
_SENDING = update(OUTBOX).where(OB.id.in_(bindparam("ids", expanding=True))).values(sending_at=_AT)
_CLAIMABLE = (
    OB.outcome.is_(None),
    OB.due_at <= _AT,
    or_(OB.claimed_at.is_(None), OB.claimed_at <= _STALE),
)
_CLAIMED = select(
    OB.id, OB.chat_id, OB.kind, OB.payload, OB.due_at, OB.expires_at, OB.dedupe, OB.tries
).where(OB.claim == _TOKEN, OB.outcome.is_(None))
_DONE = update(OUTBOX).where(OB.id == KEY).values(outcome=bindparam("result"), sent_at=_AT)
_LATER = (
    update(OUTBOX)
    .where(OB.id == KEY)
    .values(claim=None, claimed_at=None, sending_at=None, due_at=bindparam("when"))
)
_PENDING = select(func.count()).select_from(OUTBOX).where(OB.outcome.is_(None))
# `sent_at IS NULL` first: the rows not sent yet are a short range of ix_outbox_pending,
# however many rows were sent before.
_DUE = (
    select(func.count())
    .select_from(OUTBOX)
    .where(OB.sent_at.is_(None), OB.due_at <= _AT, OB.outcome.is_(None))
)
_DROP_CHAT = (
    update(OUTBOX).where(OB.chat_id == _CHAT, OB.outcome.is_(None)).values(outcome="blocked")
)
# Finished rows long expired: a range of ix_outbox_expires, whatever the table holds.
_PRUNE = delete(OUTBOX).where(
    OB.expires_at < _AT,
    OB.outcome.is_not(None),
    or_(OB.sent_at.is_(None), OB.sent_at < _AT),
)
_SET_INACTIVE = update(RHYTHMS).where(RH.learner_id == _CHAT).values(inactive_since=_AT)


def _payload(message: Outgoing) -> str:
    return json.dumps({"text": message.text, "buttons": message.buttons}, ensure_ascii=False)


def put_outgoing(session: Session, message: Outgoing) -> bool:
    values: dict[str, Any] = {
        "chat_id": message.chat_id, "kind": message.kind, "payload": _payload(message),
        "due_at": message.due_at, "expires_at": message.expires_at, "dedupe": message.dedupe,
        "tries": 0,
    }  # fmt: skip
    try:
        with session.begin_nested():
            run(session, _INSERT, **values)
    except IntegrityError:  # the dedupe key is taken: queued already
        return False
    return True


def claim_outgoing(
    session: Session, token: str, now: datetime, limit: int, lease: timedelta
) -> list[Claimed]:
    run(session, _EXPIRE, at=now)
    run(session, _IN_DOUBT, stale=now - lease)
    due = (
        select(OB.id)
        .where(*_CLAIMABLE)
        .order_by(OB.due_at, OB.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("picked")
    )
    take = (
        update(OUTBOX)
        .add_cte(due)
        .where(OB.id.in_(select(due.c.id)), *_CLAIMABLE)
        .values(claim=_TOKEN, claimed_at=_AT, tries=OB.tries + 1, sending_at=None)
    )
    params = {"at": now, "stale": now - lease, "token": token}
    run(session, take, **params)
    claimed = []
    for row in run(session, _CLAIMED, token=token):
        data = json.loads(row.payload)
        buttons = tuple(tuple((label, value) for label, value in r) for r in data["buttons"])
        message = Outgoing(
            row.chat_id, row.kind, data["text"], row.due_at, row.expires_at, buttons, row.dedupe
        )
        claimed.append(Claimed(row.id, message, row.tries))
    return sorted(claimed, key=lambda c: (c.message.due_at, c.id))


def mark_sending(session: Session, row_ids: Sequence[int], now: datetime) -> None:
    run(session, _SENDING, ids=list(row_ids), at=now)


def finish_outgoing(
    session: Session, row_id: int, outcome: Outcome, now: datetime, then: int | None = None
) -> None:
    run(session, _DONE, key=row_id, result=outcome, at=now)
    if then is not None:
        mark_sending(session, [then], now)


def retry_outgoing(session: Session, row_id: int, due_at: datetime) -> None:
    run(session, _LATER, key=row_id, when=due_at)


def pending_outgoing(session: Session) -> int:
    return int(run(session, _PENDING).scalar() or 0)


def due_outgoing(session: Session, now: datetime) -> int:
    return int(run(session, _DUE, at=now).scalar() or 0)


def mark_chat_inactive(session: Session, chat_id: int, now: datetime) -> None:
    run(session, _DROP_CHAT, chat=chat_id)
    run(session, _SET_INACTIVE, chat=chat_id, at=now)


def prune_outgoing(session: Session, before: datetime) -> int:
    return int(run(session, _PRUNE, at=before).rowcount)
