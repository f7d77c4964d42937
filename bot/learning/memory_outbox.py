"""The outbox in memory: for the terminal twin and for tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.learning.outbox import AT_MOST_ONCE, LEASE, Claimed, Outcome, Outgoing


@dataclass(frozen=True)
class _Row:
    message: Outgoing
    tries: int = 0
    claim: str | None = None
    claimed_at: datetime | None = None
    outcome: Outcome | None = None
    sending_at: datetime | None = None


class MemoryOutbox:
    """Outgoing messages in a dictionary."""

    def __init__(self) -> None:
        self._rows: dict[int, _Row] = {}
        self.inactive: set[int] = set()
        self._ids = itertools.count(1)

    async def put(self, message: Outgoing) -> bool:
        if message.dedupe and any(r.message.dedupe == message.dedupe for r in self._rows.values()):
            return False
        self._rows[next(self._ids)] = _Row(message)
        return True

    async def claim(
        self, token: str, now: datetime, limit: int, lease: timedelta = LEASE
    ) -> list[Claimed]:
        claimed: list[Claimed] = []
        for row_id, row in sorted(
            self._rows.items(), key=lambda kv: (kv[1].message.due_at, kv[0])
        ):
            if row.outcome is not None:
                continue
            stale = row.claimed_at is not None and row.claimed_at <= now - lease
            if row.message.expires_at <= now:
                self._rows[row_id] = replace(row, outcome="expired")
            elif stale and row.sending_at is not None and row.message.kind in AT_MOST_ONCE:
                self._rows[row_id] = replace(row, outcome="in-doubt")
            elif (
                row.message.due_at <= now
                and len(claimed) < limit
                and (row.claimed_at is None or row.claimed_at <= now - lease)
            ):
                taken = replace(
                    row, claim=token, claimed_at=now, tries=row.tries + 1, sending_at=None
                )
                self._rows[row_id] = taken
                claimed.append(Claimed(row_id, row.message, taken.tries))
        return claimed

    async def sending(self, row_ids: Sequence[int], now: datetime) -> None:
        for row_id in row_ids:
            self._rows[row_id] = replace(self._rows[row_id], sending_at=now)

    async def done(
        self, row_id: int, outcome: Outcome, now: datetime, *, then: int | None = None
    ) -> None:
        self._rows[row_id] = replace(self._rows[row_id], outcome=outcome)
        if then is not None:
            await self.sending([then], now)

    async def later(self, row_id: int, due_at: datetime) -> None:
        row = self._rows[row_id]
        message = replace(row.message, due_at=due_at)
        self._rows[row_id] = replace(
            row, message=message, claim=None, claimed_at=None, sending_at=None
        )

    async def pending(self) -> int:
        return sum(row.outcome is None for row in self._rows.values())

    async def due(self, now: datetime) -> int:
        return sum(r.outcome is None and r.message.due_at <= now for r in self._rows.values())

    def outcomes(self) -> list[Outcome | None]:
        """Each row's outcome, in the order they were queued (for tests)."""
        return [self._rows[i].outcome for i in sorted(self._rows)]

    async def mark_inactive(self, chat_id: int, now: datetime) -> None:
        self.inactive.add(chat_id)
        for row_id, row in self._rows.items():
            if row.message.chat_id == chat_id and row.outcome is None:
                self._rows[row_id] = replace(row, outcome="blocked")

    async def prune(self, before: datetime) -> int:
        gone = [
            row_id
            for row_id, row in self._rows.items()
            if row.outcome is not None and row.message.expires_at < before
        ]
        for row_id in gone:
            del self._rows[row_id]
        return len(gone)
