"""One leader among several processes: a job (the outbox's sender) that runs in one at a time.

Every process keeps trying to take a claim; the one that holds it runs the job, the others
try again every few seconds, so when the leader dies another takes over within seconds.
The claim is a port: on PostgreSQL a session-level advisory lock on a connection of its
own (`storage.leader_claim`); with one process (SQLite, memory) `SoleClaim` always wins.
Losing the claim stops the job at once, before anything else is tried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

log = logging.getLogger(__name__)
RETRY_SECONDS = 3.0


class LeaderClaim(Protocol):
    """A claim at most one process holds (adapters: `SoleClaim`, PostgreSQL)."""

    async def take(self) -> bool:
        """Try to take the claim, without waiting; whether this process now holds it."""

    async def lost(self) -> None:
        """Return once the claim is lost (its connection gone); only while it is held."""

    async def release(self) -> None:
        """Let the claim go (or forget a lost one); harmless when not held."""

    async def close(self) -> None:
        """Let the claim go and free what it holds, for good."""


class SoleClaim:
    """The claim of the only process there is: always taken, never lost."""

    async def take(self) -> bool:
        return True

    async def lost(self) -> None:
        await asyncio.Event().wait()

    async def release(self) -> None:
        return None

    async def close(self) -> None:
        return None


def _ignore(_: bool) -> None:
    return None


class Leadership:
    """Run a job while this process holds `claim`, and only then.

    `begin` starts the job in the background, `end(lost)` stops it (`lost`: the claim
    went, so at once); `leading` hears each change (for the metrics). Failing to reach the
    claim counts as not holding it.
    """

    def __init__(
        self,
        claim: LeaderClaim,
        begin: Callable[[], None],
        end: Callable[[bool], Awaitable[None]],
        *,
        retry: float = RETRY_SECONDS,
        leading: Callable[[bool], None] = _ignore,
    ) -> None:
        self._claim = claim
        self._begin = begin
        self._end = end
        self._retry = retry
        self._leading = leading
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.is_leader = False

    def start(self) -> None:
        """Keep trying for the claim in the background until `stop`."""
        self._stopping.clear()
        self._task = asyncio.get_running_loop().create_task(self.run(), name="leadership")

    async def stop(self) -> None:
        """Stop the job (if it runs here) and let the claim go."""
        if self._task is None:
            return
        self._stopping.set()
        await self._task
        self._task = None

    async def run(self) -> None:
        """Take the claim when it is free, run the job while it is held, and again."""
        while not self._stopping.is_set():
            if await self._take():
                await self._lead()
            if not self._stopping.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self._retry)

    async def _take(self) -> bool:
        try:
            return await self._claim.take()
        except Exception as error:  # the database is away: try again later
            log.warning("could not try for the sender's claim: %s", error)
            return False

    async def _lead(self) -> None:
        self._set_leading(True)
        lost_it = False
        try:
            self._begin()
            lost = asyncio.ensure_future(self._claim.lost())
            stopping = asyncio.ensure_future(self._stopping.wait())
            await asyncio.wait((lost, stopping), return_when=asyncio.FIRST_COMPLETED)
            for waiter in (lost, stopping):
                waiter.cancel()
            lost_it = lost.done() and not lost.cancelled()
            if lost_it and (lost.exception() or not self._stopping.is_set()):
                log.warning("lost the sender's claim: stopping the sender")
        finally:
            await self._end(lost_it)
            self._set_leading(False)
            with contextlib.suppress(Exception):  # a lost claim's connection is gone anyway
                await self._claim.release()

    def _set_leading(self, leading: bool) -> None:
        self.is_leader = leading
        self._leading(leading)
