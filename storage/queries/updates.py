"""Handled updates: claim an update id, mark it done, forget old ones."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.learning.store import Claim
from storage.tables import HandledUpdateRow

HANDLED = cast(Table, HandledUpdateRow.__table__)
H = HANDLED.c


def claim_update(session: Session, update_id: int, learner_id: int | None, now: datetime) -> Claim:
    """Take an update on: "new" the first time, else whether it was handled to the end."""
    done = session.execute(select(H.done).where(H.update_id == update_id)).scalar()
    if done is None:
        session.execute(
            insert(HANDLED).values(
                update_id=update_id, learner_id=learner_id, received_at=now, done=False
            )
        )
        return "new"
    return "done" if done else "unfinished"


def finish_update(session: Session, update_id: int) -> None:
    """Note that an update was handled to the end."""
    session.execute(update(HANDLED).where(H.update_id == update_id).values(done=True))


def unfinished_updates(session: Session, since: datetime) -> list[tuple[int, int]]:
    """(update id, learner id) of updates taken on since `since` and never finished."""
    rows = session.execute(
        select(H.update_id, H.learner_id)
        .where(H.done.is_(False), H.learner_id.is_not(None), H.received_at >= since)
        .order_by(H.update_id)
    )
    return [(int(u), int(learner)) for u, learner in rows]


def forget_updates(session: Session, before: datetime) -> int:
    """Forget updates received before `before`; how many went."""
    result = session.execute(delete(HANDLED).where(H.received_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
