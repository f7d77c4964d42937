"""The pact desk: taking the MIL CLICKS Pact, withdrawing it, and the MIL CLICKer status."""

from __future__ import annotations

from datetime import datetime

from bot.learning.pact import Pact, PactStatus, themes_to_go
from bot.learning.session import Session


class PactDesk:
    """The pledge, kept with its date; one transaction per call."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._store = session.store

    async def _status(self, learner_id: int, pact: Pact | None) -> PactStatus:
        done = await self._store.finished_lessons(learner_id)
        return PactStatus(pact, themes_to_go(self._session.bank, done))

    async def status(self, learner_id: int, now: datetime) -> PactStatus:
        """Whether the learner took the pledge, and how far they are from MIL CLICKer."""
        async with self._store.transaction():
            await self._session.visit(learner_id, now)
            return await self._status(learner_id, await self._store.pact(learner_id))

    async def take(self, learner_id: int, now: datetime) -> PactStatus:
        """Take the pledge (taking it again keeps the first date)."""
        async with self._store.transaction():
            await self._session.visit(learner_id, now)
            pact = await self._store.pact(learner_id)
            if pact is None:
                pact = Pact(learner_id, now)
                await self._store.save_pact(pact)
            return await self._status(learner_id, pact)

    async def withdraw(self, learner_id: int, now: datetime) -> PactStatus:
        """Withdraw the pledge: its record is deleted."""
        async with self._store.transaction():
            await self._session.visit(learner_id, now)
            await self._store.withdraw_pact(learner_id)
            return await self._status(learner_id, None)
