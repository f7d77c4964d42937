"""The outbox on SQL: the `Outbox` port, each call in its own short transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.learning.outbox import LEASE, Claimed, Outcome, Outgoing
from storage.database import Database
from storage.queries import outbox as q

T = TypeVar("T")


class SqlOutbox:
    """Outgoing messages in the `outbox` table, shared by every sender process."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def _do(self, query: Callable[..., T], *args: Any) -> T:
        async with self._database.unit() as store, store.transaction():
            return await store.run(query, *args)

    async def put(self, message: Outgoing) -> bool:
        return await self._do(q.put_outgoing, message)

    async def claim(
        self, token: str, now: datetime, limit: int, lease: timedelta = LEASE
    ) -> list[Claimed]:
        return await self._do(q.claim_outgoing, token, now, limit, lease)

    async def sending(self, row_ids: Sequence[int], now: datetime) -> None:
        await self._do(q.mark_sending, row_ids, now)

    async def done(
        self, row_id: int, outcome: Outcome, now: datetime, *, then: int | None = None
    ) -> None:
        await self._do(q.finish_outgoing, row_id, outcome, now, then)

    async def later(self, row_id: int, due_at: datetime) -> None:
        await self._do(q.retry_outgoing, row_id, due_at)

    async def pending(self) -> int:
        return await self._do(q.pending_outgoing)

    async def due(self, now: datetime) -> int:
        return await self._do(q.due_outgoing, now)

    async def mark_inactive(self, chat_id: int, now: datetime) -> None:
        await self._do(q.mark_chat_inactive, chat_id, now)

    async def prune(self, before: datetime) -> int:
        return await self._do(q.prune_outgoing, before)
