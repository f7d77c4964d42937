"""The sender: takes due rows from the outbox and sends them, within Telegram's limits.

Everything the bot says on its own initiative (reminders, challenge notices) goes through
here. The application's `AIORateLimiter` paces every call, replies included; this loop
decides what a final outcome means for a row. Retrying a 5xx or a network error inside
one call belongs to the request layer; here a failed row is let go for a later pass, a
bounded number of times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
import warnings
from collections import deque
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.clock import Clock
from bot.learning.outbox import LEASE, MAX_TRIES, Claimed, Outbox, Outcome

log = logging.getLogger(__name__)
BACKOFF = timedelta(seconds=30)


def _keyboard(row: Claimed) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in line]
        for line in row.message.buttons
    ]
    return InlineKeyboardMarkup(rows) if rows else None


class SenderWatch(Protocol):
    """Who hears what the sender does (the webhook's metrics)."""

    def observe_outcome(self, outcome: str) -> None:
        """A row's outcome, or "retry"."""

    def observe_leading(self, leading: bool) -> None:
        """This worker began (True) or stopped (False) running the sender."""


def _unobserved(_: str) -> None:
    return None


def _seconds(error: RetryAfter) -> float:
    # python-telegram-bot 22 warns that `retry_after` becomes a timedelta; either is read.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = error.retry_after
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


class Sender:
    """One sender loop. Several on one outbox would never send a row twice (claims), but
    would multiply the rate: with several workers one leads (`bot.learning.leader`)."""

    def __init__(
        self,
        bot: Bot,
        outbox: Outbox,
        clock: Clock,
        *,
        batch: int = 100,
        idle: float = 0.5,
        in_flight: int = 8,
        lease: timedelta = LEASE,
        observe: Callable[[str], None] = _unobserved,
    ) -> None:
        """`observe` hears each row's outcome (or "retry" when it is let go for later)."""
        self._bot = bot
        self._outbox = outbox
        self._clock = clock
        self._batch = batch
        self._idle = idle
        self._in_flight = in_flight
        self._lease = lease
        self._resume_at = 0.0
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._letting_go = False
        self._observe = observe
        self.wake = asyncio.Event()

    def start(self) -> None:
        """Run the loop in the background until `stop`."""
        self._stopping = self._letting_go = False
        self._task = asyncio.get_running_loop().create_task(self.run(), name="outbox-sender")

    async def stop(self, grace: float = 10.0, *, at_once: bool = False) -> None:
        """Finish the pass under way (no call is cut off between Telegram's answer and the
        note of it), then stop; past `grace` seconds, stop at once: the rows it held are
        taken again by the next sender after the lease. `at_once` (this worker no longer
        leads): only the calls already made are finished; the pass's other rows go back
        to the outbox, due now, for the next leader."""
        if self._task is None:
            return
        self._stopping = True
        self._letting_go = at_once
        self.wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def run(self) -> None:
        """Send what is due, pass after pass; rest a moment when nothing is."""
        while not self._stopping:
            try:
                sent = await self.send_due()
            except Exception:  # a database hiccup must not end the loop
                log.exception("the sender's pass failed; trying again shortly")
                sent = 0
            if not sent and not self._stopping:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), self._idle)

    async def send_due(self) -> int:
        """One pass: claim up to a batch of due rows and send them, `in_flight` calls at a
        time; how many were claimed."""
        rows = await self._outbox.claim(uuid.uuid4().hex, self._clock(), self._batch, self._lease)
        queue = deque(rows)
        await asyncio.gather(*(self._work(queue) for _ in range(min(self._in_flight, len(rows)))))
        return len(rows)

    async def _work(self, queue: deque[Claimed]) -> None:
        """One call at a time from the queue. Each row is marked sending before its call
        (if this process dies before the answer is noted, the next sender knows the row
        was mid-call: see `bot.learning.outbox`); a sent row's outcome is written as the
        answer arrives, in one write with the next row's mark."""
        loop = asyncio.get_running_loop()
        sent: int | None = None  # sent, its outcome going with the next mark
        try:
            while queue:
                row = queue.popleft()
                if self._letting_go:  # no longer the leader: the row goes back, due now
                    await self._outbox.later(row.id, row.message.due_at)
                    continue
                if row.message.expires_at <= self._clock():
                    await self._done(row, "expired")
                    continue
                if self._resume_at > loop.time():  # Telegram asked the whole bot to wait
                    if sent is not None:
                        await self._note_sent(sent)
                        sent = None
                    await asyncio.sleep(self._resume_at - loop.time())
                if sent is None:
                    await self._outbox.sending([row.id], self._clock())
                else:
                    await self._note_sent(sent, then=row.id)
                    sent = None
                if await self._send(row):
                    sent = row.id
        finally:
            if sent is not None:
                await self._note_sent(sent)

    async def _send(self, row: Claimed) -> bool:
        """Make the call; True if Telegram took the message (any other outcome is noted)."""
        loop = asyncio.get_running_loop()
        try:
            await self._bot.send_message(
                row.message.chat_id,
                row.message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=_keyboard(row),
                disable_web_page_preview=True,
            )
        except RetryAfter as error:
            wait = _seconds(error)
            self._resume_at = max(self._resume_at, loop.time() + wait)
            await self._later(row, timedelta(seconds=wait))
        except Forbidden:  # blocked, or a deleted account
            await self._final(row, "blocked")
        except BadRequest as error:
            gone = "chat not found" in error.message.lower()
            await self._final(row, "gone" if gone else "refused")
            log.info("Telegram refused an outbox message (%s): %s", row.message.kind, error)
        except (NetworkError, TelegramError) as error:
            await self._transient(row, error)
        else:
            return True
        return False

    async def _note_sent(self, row_id: int, then: int | None = None) -> None:
        """A sent row's outcome, in one write with the next row's mark (`then`)."""
        await self._outbox.done(row_id, "sent", self._clock(), then=then)
        self._observe("sent")

    async def _done(self, row: Claimed, outcome: Outcome) -> None:
        await self._outbox.done(row.id, outcome, self._clock())
        self._observe(outcome)

    async def _later(self, row: Claimed, wait: timedelta) -> None:
        await self._outbox.later(row.id, self._clock() + wait)
        self._observe("retry")

    async def _final(self, row: Claimed, outcome: Outcome) -> None:
        if outcome in ("blocked", "gone"):
            await self._outbox.mark_inactive(row.message.chat_id, self._clock())
        await self._done(row, outcome)

    async def _transient(self, row: Claimed, error: TelegramError) -> None:
        if row.tries >= MAX_TRIES:
            log.warning("gave up on an outbox message after %d tries: %s", row.tries, error)
            await self._done(row, "gave-up")
        else:
            await self._later(row, BACKOFF * row.tries)
