"""The outbox's retention: finished rows go once their expiry is `RETENTION` behind, rows
still to send never do (on every adapter); the planner prunes once an hour; the DELETE
walks an index on a real SQLite file, not the table."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.learning.memory_outbox import MemoryOutbox
from bot.learning.memory_store import MemoryStore
from bot.learning.outbox import LEASE, RETENTION, Outbox, Outgoing
from bot.telegram.reminders import PRUNE_EVERY, Planner
from storage.database import Database
from storage.outbox_sql import SqlOutbox
from tests.test_outbox import HOUR, NOW, outbox
from tests.test_query_plans import _sqlite_problems, recorded

__all__ = ["outbox"]  # the adapters' fixture, shared with the outbox's tests
EXPIRED = NOW + 2 * HOUR  # when the rows queued at NOW expire


def row(chat: int, kind: str = "test", at: datetime = NOW) -> Outgoing:
    return Outgoing(chat, kind, f"hi {chat}", at, at + 2 * HOUR)


async def _one_of_each(outbox: Outbox) -> None:
    """Chat 1 sent, 2 given up on, 3 in doubt, 4 expired unsent, 5 never claimed (pending
    past its expiry), 6 sent but queued later (not old enough)."""
    for chat, kind in ((1, "test"), (2, "test"), (3, "reminder"), (4, "test")):
        assert await outbox.put(row(chat, kind, NOW))
    held = {c.message.chat_id: c.id for c in await outbox.claim("a" * 32, NOW, 3)}
    await outbox.done(held[1], "sent", NOW)
    await outbox.done(held[2], "gave-up", NOW)
    await outbox.sending([held[3]], NOW)
    after_lease = NOW + LEASE + timedelta(seconds=1)
    (fourth,) = await outbox.claim("b" * 32, after_lease, 1)
    assert fourth.message.chat_id == 4
    await outbox.later(fourth.id, NOW + HOUR)
    assert await outbox.claim("c" * 32, EXPIRED, 10) == []  # 4 expired now
    fresh = NOW + RETENTION
    assert await outbox.put(row(6, at=fresh))
    (sixth,) = await outbox.claim("d" * 32, fresh, 10)
    await outbox.done(sixth.id, "sent", fresh)
    assert await outbox.put(row(5, at=NOW))


async def test_finished_rows_go_after_the_retention_and_waiting_ones_stay(
    outbox: Outbox,
) -> None:
    await _one_of_each(outbox)
    assert await outbox.pending() == 1  # chat 5's, never claimed: the next claim expires it
    assert await outbox.prune(EXPIRED) == 0  # not a moment too early
    assert await outbox.prune(EXPIRED + timedelta(seconds=1)) == 4  # chats 1 to 4
    assert await outbox.pending() == 1  # chat 5's is still there
    assert await outbox.prune(NOW + RETENTION + 3 * HOUR) == 1  # chat 6's, a month on
    assert await outbox.pending() == 1
    assert await outbox.put(row(7))  # ids are not reused: a new row is a new row
    assert await outbox.pending() == 2


def _planner(bank: Bank, outbox: Outbox, clock: MovableClock) -> Planner:
    return Planner(bank, MemoryStore().unit, outbox, clock, asyncio.Event())


async def test_the_planner_prunes_once_an_hour(bank: Bank) -> None:
    outbox, clock = MemoryOutbox(), MovableClock(NOW)
    planner = _planner(bank, outbox, clock)
    assert await outbox.put(row(1))
    (held,) = await outbox.claim("a" * 32, NOW, 1)
    await outbox.done(held.id, "sent", NOW)
    assert await planner.prune_once() == 0  # sent just now
    clock.advance(RETENTION + 3 * HOUR)
    assert await planner.prune_once() == 1
    assert await outbox.put(row(2))
    (held,) = await outbox.claim("b" * 32, NOW, 1)
    await outbox.done(held.id, "sent", NOW)
    assert await planner.prune_once() == 0  # pruned less than an hour ago
    clock.advance(PRUNE_EVERY)
    assert await planner.prune_once() == 1


async def test_pruning_an_sqlite_file_walks_the_expiry_index(database: Database) -> None:
    outbox = SqlOutbox(database)
    for chat in range(50):
        assert await outbox.put(row(chat))
    for claimed in await outbox.claim("a" * 32, NOW, 50):
        await outbox.done(claimed.id, "sent", NOW)
    with recorded() as seen:
        assert await outbox.prune(EXPIRED + timedelta(seconds=1)) == 50
    path = database.url.split("///", 1)[1]
    (delete,) = [(s, p) for s, p in seen if s.lstrip().upper().startswith("DELETE")]
    assert _sqlite_problems(path, *delete) == []
    with closing(sqlite3.connect(path)) as connection:
        plan = [r[3] for r in connection.execute("EXPLAIN QUERY PLAN " + delete[0], delete[1])]
    assert plan == ["SEARCH outbox USING INDEX ix_outbox_expires (expires_at<?)"]
    assert await outbox.pending() == 0
