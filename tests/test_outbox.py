"""The outbox on every adapter: dedupe, atomic claims, leases, expiry; and the sender's
outcomes against the loopback server (sent, blocked, chat not found, 429)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot

from bot.clock import MovableClock
from bot.learning.memory_outbox import MemoryOutbox
from bot.learning.outbox import Outbox, Outgoing
from bot.sandbox.server import TelegramServer
from bot.sandbox.server.flood import FloodControl
from bot.telegram.sender import Sender
from storage.database import Database
from storage.outbox_sql import SqlOutbox
from tests.harness import TOKEN
from tests.stores import fresh_schema

NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def note(chat: int, text: str = "hi", due: datetime = NOW, **extra: object) -> Outgoing:
    return Outgoing(chat, "test", text, due, due + 2 * HOUR, **extra)  # type: ignore[arg-type]


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
async def outbox(request: pytest.FixtureRequest, database: Database) -> AsyncIterator[Outbox]:
    if request.param == "memory":
        yield MemoryOutbox()
    elif request.param == "sqlite":
        yield SqlOutbox(database)
    else:
        url = request.getfixturevalue("postgres_url")
        await fresh_schema(url)
        server_db = Database(url, in_loop=False)
        yield SqlOutbox(server_db)
        await server_db.close()


async def test_a_dedupe_key_queues_once(outbox: Outbox) -> None:
    assert await outbox.put(note(1, dedupe="r:1:2026-03-02"))
    assert not await outbox.put(note(1, "again", dedupe="r:1:2026-03-02"))
    assert await outbox.put(note(1, "another day", dedupe="r:1:2026-03-03"))
    assert await outbox.pending() == 2


async def test_due_counts_what_waits_now_not_later_nor_finished(outbox: Outbox) -> None:
    for chat in (1, 2, 3):
        assert await outbox.put(note(chat))
    assert await outbox.put(note(4, due=NOW + HOUR))
    first, _ = await outbox.claim("a" * 32, NOW, 2)
    await outbox.done(first.id, "sent", NOW)
    assert await outbox.due(NOW) == 2  # the other one claimed is due until it is done
    assert await outbox.due(NOW + HOUR) == 3
    assert await outbox.pending() == 3


async def test_claims_are_disjoint_and_a_dead_senders_rows_come_back(outbox: Outbox) -> None:
    for chat in range(1, 11):
        assert await outbox.put(note(chat, due=NOW + timedelta(seconds=chat)))
    assert await outbox.put(note(99, due=NOW + HOUR))  # not due yet
    later = NOW + timedelta(minutes=1)
    first, second = await asyncio.gather(
        outbox.claim("a" * 32, later, 6), outbox.claim("b" * 32, later, 6)
    )
    ids = [c.id for c in first] + [c.id for c in second]
    assert len(ids) == len(set(ids)) == 10
    assert [c.message.chat_id for c in sorted(first + second, key=lambda c: c.id)] == list(
        range(1, 11)
    )
    assert await outbox.claim("c" * 32, later, 10) == []  # held, within the lease
    for row in first:
        await outbox.done(row.id, "sent", later)
    # the second sender died: after the lease its rows are taken again, tried a second time
    again = await outbox.claim("d" * 32, later + timedelta(seconds=31), 10)
    assert sorted(c.id for c in again) == sorted(c.id for c in second)
    assert {c.tries for c in again} == {2}
    assert await outbox.pending() == 5


async def test_a_row_hours_late_is_dropped_not_sent(outbox: Outbox) -> None:
    assert await outbox.put(note(1))
    await outbox.later((await outbox.claim("a" * 32, NOW, 1))[0].id, NOW + HOUR)
    assert await outbox.claim("b" * 32, NOW + 3 * HOUR, 10) == []
    assert await outbox.pending() == 0


async def test_a_blocked_chat_drops_its_other_rows(outbox: Outbox) -> None:
    assert await outbox.put(note(1))
    assert await outbox.put(note(1, "second"))
    assert await outbox.put(note(2))
    await outbox.mark_inactive(1, NOW)
    claimed = await outbox.claim("a" * 32, NOW, 10)
    assert [c.message.chat_id for c in claimed] == [2]


@pytest.fixture
async def bot(server: TelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{server.api_url}/bot") as running:
        yield running


async def test_the_sender_sends_and_handles_every_final_outcome(
    server: TelegramServer, bot: Bot
) -> None:
    amina = server.user(1001, "Amina")
    bo = server.user(1002, "Bo")
    await amina.send("/start")
    await bo.send("/start")
    server.block(bo)
    outbox = MemoryOutbox()
    clock = MovableClock(NOW)
    buttons = ((("🔁 Review", "j:0"),),)
    for message in (note(1001, "<b>Time</b> for review", buttons=buttons), note(1002), note(5)):
        assert await outbox.put(message)
    sender = Sender(bot, outbox, clock)
    assert await sender.send_due() == 3
    sent = await amina.receive()
    assert (sent.text, sent.button_texts) == ("Time for review", [["🔁 Review"]])
    assert outbox.outcomes() == ["sent", "blocked", "gone"]  # 403; 400 chat not found
    assert outbox.inactive == {1002, 5}


async def test_a_429_puts_the_row_back_until_retry_after() -> None:
    async with TelegramServer(token=TOKEN, flood=FloodControl(bot_rate=1)) as server:
        for user in (server.user(1001, "Amina"), server.user(1002, "Bo")):
            await user.send("/start")
        async with Bot(TOKEN, base_url=f"{server.api_url}/bot") as limited:
            outbox = MemoryOutbox()
            clock = MovableClock(NOW)
            assert await outbox.put(note(1001))
            assert await outbox.put(note(1002))
            sender = Sender(limited, outbox, clock, in_flight=1)
            assert await sender.send_due() == 2
            assert outbox.outcomes() == ["sent", None]  # the second waits for retry_after
            assert await sender.send_due() == 0  # not due again yet
            clock.advance(timedelta(seconds=1))
            assert await sender.send_due() == 1
            assert outbox.outcomes() == ["sent", "sent"]


async def test_a_clean_stop_notes_every_message_it_sent(server: TelegramServer, bot: Bot) -> None:
    outbox = MemoryOutbox()
    for chat in range(2001, 2041):
        await server.user(chat, "Friend").send("/start")
        assert await outbox.put(note(chat))
    sender = Sender(bot, outbox, MovableClock(NOW), batch=40)
    sender.start()
    assert await server.wait_until(lambda: len(server.calls_to("sendMessage")) >= 3)
    await sender.stop()
    delivered = sum(c.ok for c in server.calls_to("sendMessage"))
    # the pass ran to its end: each delivered message is noted (past 30 a second the
    # server refused some, which wait for their retry_after)
    assert outbox.outcomes().count("sent") == delivered >= 30


async def test_stopping_at_once_lets_the_rest_of_the_pass_go_for_the_next_leader(
    server: TelegramServer, bot: Bot
) -> None:
    outbox, heard = MemoryOutbox(), list[str]()
    for chat in range(2001, 2041):
        await server.user(chat, "Friend").send("/start")
        assert await outbox.put(note(chat))
    sender = Sender(bot, outbox, MovableClock(NOW), batch=40, in_flight=1, observe=heard.append)
    sender.start()
    assert await server.wait_until(lambda: len(server.calls_to("sendMessage")) >= 3)
    await sender.stop(at_once=True)
    delivered = sum(c.ok for c in server.calls_to("sendMessage"))
    assert 3 <= delivered < 10  # the call in hand is finished; no new one is begun
    assert outbox.outcomes().count("sent") == delivered == heard.count("sent")
    assert len(heard) == delivered
    # the rest are free at once, not after the lease
    assert len(await outbox.claim("next-leader", NOW, 100)) == 40 - delivered


async def test_network_failures_leave_the_row_for_later_then_give_up() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outbox, clock = MemoryOutbox(), MovableClock(NOW)
    assert await outbox.put(Outgoing(1001, "test", "hi", NOW, NOW + 12 * HOUR))
    unreachable = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot")
    await unreachable.request.initialize()  # not `initialize()`: it would call getMe
    try:
        sender = Sender(unreachable, outbox, clock)
        for attempt in range(1, 6):
            assert await sender.send_due() == 1
            expected = "gave-up" if attempt == 5 else None
            assert outbox.outcomes() == [expected]
            assert await sender.send_due() == 0  # backing off: 30 s, then 60 s, ...
            clock.advance(timedelta(seconds=30 * attempt))
    finally:
        await unreachable.request.shutdown()


async def test_a_5xx_leaves_the_row_for_the_next_pass(server: TelegramServer, bot: Bot) -> None:
    amina = server.user(1001, "Amina")
    await amina.send("/start")
    server.faults.fail("sendMessage", status=502)
    server.faults.fail("sendMessage", status=500)
    outbox, clock = MemoryOutbox(), MovableClock(NOW)
    assert await outbox.put(note(1001, "Time for review"))
    sender = Sender(bot, outbox, clock)
    for attempt in (1, 2):
        assert await sender.send_due() == 1
        assert outbox.outcomes() == [None]  # let go, backing off
        clock.advance(timedelta(seconds=30 * attempt))
    assert await sender.send_due() == 1
    assert outbox.outcomes() == ["sent"]
    assert (await amina.receive()).text == "Time for review"
