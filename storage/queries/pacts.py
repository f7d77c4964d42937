"""The MIL CLICKS pledges."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from bot.learning.pact import Pact
from storage.queries.common import LEARNER, columns_of, inserter, run
from storage.tables import PactRow

PACTS = cast(Table, PactRow.__table__)
_PACT = select(PACTS.c.learner_id, PACTS.c.taken_at).where(PACTS.c.learner_id == LEARNER)
_INSERT = inserter(PACTS)
_DELETE = delete(PACTS).where(PACTS.c.learner_id == LEARNER)


def pact(session: Session, learner_id: int) -> Pact | None:
    row = run(session, _PACT, learner=learner_id).first()
    return Pact(*row) if row else None


def save_pact(session: Session, pact: Pact) -> None:
    run(session, _DELETE, learner=pact.learner_id)
    run(session, _INSERT, **columns_of(pact, PACTS))


def withdraw_pact(session: Session, learner_id: int) -> None:
    run(session, _DELETE, learner=learner_id)
