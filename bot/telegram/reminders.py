"""The reminder planner: once a minute, queue the reminders that are due in the outbox;
once an hour, delete the outbox's long-finished rows (`bot.learning.outbox.RETENTION`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.bank.bank import Bank
from bot.clock import Clock
from bot.languages import translator
from bot.learning.outbox import RETENTION, Outbox, Outgoing
from bot.learning.rhythm import REMINDER_LIFETIME
from bot.learning.store import StoreFactory
from bot.learning.tutor import Tutor
from bot.telegram import rhythm_render
from bot.telegram.background import Background

log = logging.getLogger(__name__)
INTERVAL = timedelta(minutes=1)
PRUNE_EVERY = timedelta(hours=1)


class Planner:
    """Finds the learners due a reminder and queues one each, in their language."""

    def __init__(
        self,
        bank: Bank | Callable[[], Bank],
        stores: StoreFactory,
        outbox: Outbox,
        clock: Clock,
        wake: asyncio.Event,
    ) -> None:
        # a callable hands out the bank of the moment (the sandbox's preview reloads it)
        self._bank = bank if callable(bank) else lambda: bank
        self._stores = stores
        self._outbox = outbox
        self._clock = clock
        self._wake = wake
        self._loop = Background(
            "reminders",
            INTERVAL,
            self._pass,
            "planning reminders failed; trying again in a minute",
        )
        self._pruned_at: datetime | None = None

    async def plan_once(self) -> int:
        """One pass: queue every reminder due now; how many were queued."""
        now = self._clock()
        async with self._stores() as store:
            nudges = await Tutor(self._bank(), store).rhythm.plan(now)
        queued = 0
        for nudge in nudges:
            reply = rhythm_render.nudge(nudge, translator(nudge.language))
            kind = "stop-notice" if nudge.stop else "reminder"
            message = Outgoing(
                nudge.learner_id, kind, reply.html, now, now + REMINDER_LIFETIME,
                reply.buttons(), f"{kind[0]}:{nudge.learner_id}:{nudge.day.isoformat()}",
            )  # fmt: skip
            queued += await self._outbox.put(message)
        if queued:
            self._wake.set()
        return queued

    async def prune_once(self) -> int:
        """Delete the outbox's rows finished more than `RETENTION` ago, at most once every
        `PRUNE_EVERY`; how many went."""
        now = self._clock()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return 0
        self._pruned_at = now
        gone = await self._outbox.prune(now - RETENTION)
        if gone:
            log.info("deleted %d finished outbox row(s) past the retention", gone)
        return gone

    async def _pass(self) -> None:
        await self.plan_once()
        await self.prune_once()

    def start(self) -> None:
        """Run the planner in the background until `stop`."""
        self._loop.start()

    async def stop(self) -> None:
        """Stop planning."""
        await self._loop.stop()
