"""The sender's leader claim on PostgreSQL: a session-level advisory lock on its own connection.

The lock lives as long as the server session that took it, so it goes when the worker dies
(its sockets close) or its connection is cut: another worker's next try then wins. The
connection is one of its own (no pool), never lent to a query, so nothing else can close it
or hand it to an update. The driver tells the moment the connection closes; a trivial query
every few seconds catches a connection that went quiet without closing (no answer within
10 s counts as lost: this worker stops sending, and the server lets the lock go when it
notices the session is gone).

The one-key form of the lock is apart from the learners' two-key locks
(`storage.learner_locks`).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import NullPool

from bot.learning.leader import RETRY_SECONDS, LeaderClaim, SoleClaim
from storage.engines import make_engine

# "MILCSEND" in ASCII
SENDER_KEY = 0x4D494C4353454E44
TAKE = text("SELECT pg_try_advisory_lock(:key)")
LET_GO = text("SELECT pg_advisory_unlock(:key)")
ALIVE = text("SELECT 1")
ANSWER_SECONDS = 10.0


class AdvisoryClaim:
    """`LeaderClaim` on PostgreSQL: held while its connection holds the advisory lock."""

    def __init__(
        self,
        url: str,
        key: int = SENDER_KEY,
        check: float = RETRY_SECONDS,
        answer_within: float = ANSWER_SECONDS,
    ) -> None:
        """`check`: seconds between liveness checks; `answer_within`: how long one may
        take before the connection counts as lost (generous: a busy server is not dead)."""
        self._engine: AsyncEngine = make_engine(url, poolclass=NullPool)
        self._key = key
        self._check = check
        self._answer_within = answer_within
        self._connection: AsyncConnection | None = None
        self._gone = asyncio.Event()

    async def take(self) -> bool:
        if self._connection is not None:
            return True
        connection = await self._engine.connect()
        try:
            taken = bool((await connection.execute(TAKE, {"key": self._key})).scalar())
            await connection.commit()  # the lock is the session's, not the transaction's
        except BaseException:
            await connection.invalidate()
            raise
        if not taken:
            await connection.close()
            return False
        self._gone = asyncio.Event()
        raw: Any = (await connection.get_raw_connection()).driver_connection
        raw.add_termination_listener(lambda _: self._gone.set())
        self._connection = connection
        return True

    async def lost(self) -> None:
        assert self._connection is not None, "lost() is only for a held claim"
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._gone.wait(), self._check)
                return
            try:  # a connection cut off without a word would hang a query for minutes
                async with asyncio.timeout(self._answer_within):
                    await self._connection.execute(ALIVE)
                    await self._connection.commit()
            except Exception:  # any failure: the session, and so the lock, may be gone
                return

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if self._gone.is_set():
            await connection.invalidate()
            return
        try:
            await connection.execute(LET_GO, {"key": self._key})
            await connection.commit()
        finally:
            await connection.close()

    async def close(self) -> None:
        """Let the claim go and close the engine."""
        with contextlib.suppress(Exception):
            await self.release()
        await self._engine.dispose()


def sender_claim(url: str, check: float = RETRY_SECONDS) -> LeaderClaim:
    """The sender's claim for the database at `url`: an advisory lock on PostgreSQL; on
    SQLite (one process) the sender simply runs."""
    if url.startswith("postgresql"):
        return AdvisoryClaim(url, check=check)
    return SoleClaim()
