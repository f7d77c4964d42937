"""A sender that dies during a call: the rule for the rows it was sending (on every adapter,
and through the sender itself on an SQLite file)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import cast

from telegram import Bot

from bot.clock import MovableClock
from bot.learning.outbox import AT_MOST_ONCE, LEASE, Outbox, Outgoing
from bot.telegram.sender import Sender
from storage.database import Database
from storage.outbox_sql import SqlOutbox
from tests.test_outbox import HOUR, NOW, outbox

__all__ = ["outbox"]  # the adapters' fixture, shared with the outbox's tests
AFTER_LEASE = NOW + LEASE + timedelta(seconds=1)


def of_kind(chat: int, kind: str) -> Outgoing:
    return Outgoing(chat, kind, "hi", NOW, NOW + 2 * HOUR)


def test_reminders_and_notices_go_at_most_once() -> None:
    assert {"reminder", "stop-notice", "challenge"} <= AT_MOST_ONCE
    assert "test" not in AT_MOST_ONCE


async def test_rows_a_dead_sender_was_sending_follow_their_kind(outbox: Outbox) -> None:
    """Reminder 1 and note 2 were mid-call at the crash; reminder 3 and note 4 were claimed
    but not yet called. Only the mid-call reminder stays unsent."""
    for chat, kind in ((1, "reminder"), (2, "test"), (3, "reminder"), (4, "test")):
        assert await outbox.put(of_kind(chat, kind))
    held = {c.message.chat_id: c.id for c in await outbox.claim("a" * 32, NOW, 10)}
    await outbox.sending([held[1], held[2]], NOW)
    assert await outbox.claim("b" * 32, NOW + LEASE / 2, 10) == []  # the lease still holds
    again = await outbox.claim("c" * 32, AFTER_LEASE, 10)
    assert sorted(c.message.chat_id for c in again) == [2, 3, 4]
    assert await outbox.pending() == 3  # reminder 1 is closed as in doubt
    # Taken again, the mark is gone: a second crash before the call loses nothing.
    later = await outbox.claim("d" * 32, AFTER_LEASE + LEASE * 2, 10)
    assert sorted(c.message.chat_id for c in later) == [2, 3, 4]


async def test_a_row_let_go_after_its_call_is_sent_again(outbox: Outbox) -> None:
    """A 429 or a network error answered the call: not delivered, so not in doubt."""
    assert await outbox.put(of_kind(1, "reminder"))
    (row,) = await outbox.claim("a" * 32, NOW, 10)
    await outbox.sending([row.id], NOW)
    await outbox.later(row.id, NOW)
    assert [c.id for c in await outbox.claim("b" * 32, AFTER_LEASE, 10)] == [row.id]


class HangingBot:
    """A bot whose call reaches "Telegram" and never answers: the process dies there."""

    def __init__(self) -> None:
        self.called = asyncio.Event()

    async def send_message(self, *args: object, **kwargs: object) -> None:
        self.called.set()
        await asyncio.Event().wait()


async def test_the_sender_marks_a_row_before_its_call(database: Database) -> None:
    outbox = SqlOutbox(database)
    assert await outbox.put(of_kind(1, "reminder"))
    hanging = HangingBot()
    clock = MovableClock(NOW)
    sender = Sender(cast(Bot, hanging), outbox, clock)
    task = asyncio.create_task(sender.send_due())
    await hanging.called.wait()
    task.cancel()  # the sender dies mid-call: no outcome is written
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert await outbox.pending() == 1
    assert await outbox.claim("b" * 32, AFTER_LEASE, 10) == []  # in doubt: never sent twice
    assert await outbox.pending() == 0


class NotingBot:
    """A bot that notes how many rows are pending at each call, and hangs on the third."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self.pending: list[int] = []
        self.third = asyncio.Event()

    async def send_message(self, *args: object, **kwargs: object) -> None:
        self.pending.append(await self.outbox.pending())
        if len(self.pending) == 3:
            self.third.set()
            await asyncio.Event().wait()


async def test_each_outcome_is_written_before_the_next_call(database: Database) -> None:
    outbox = SqlOutbox(database)
    for chat in (1, 2, 3):
        assert await outbox.put(of_kind(chat, "reminder"))
    noting = NotingBot(outbox)
    sender = Sender(cast(Bot, noting), outbox, MovableClock(NOW), in_flight=1)
    task = asyncio.create_task(sender.send_due())
    await noting.third.wait()
    task.cancel()  # dies during the third call
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert noting.pending == [3, 2, 1]  # the first two were noted as their answers came
    assert await outbox.claim("b" * 32, AFTER_LEASE, 10) == []  # the third: in doubt
    assert await outbox.pending() == 0
