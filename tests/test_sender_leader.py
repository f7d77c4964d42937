"""Webhook workers on one PostgreSQL database: one runs the outbox's sender at a time, every
row is sent once, another worker takes over when the leader's claim goes; `/metrics` says
which worker leads, what the sender did, and how many rows are due."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.bank.bank import Bank
from bot.learning.outbox import Outgoing
from bot.sandbox.server import TelegramServer
from bot.telegram.sending import Sending
from bot.webhook_runner import Hook, listening_socket, webhook_bot
from storage.database import Database
from storage.leader_claim import AdvisoryClaim
from storage.outbox_sql import SqlOutbox
from tests.harness import TOKEN, WEBHOOK_SECRET
from tests.stores import fresh_schema as _fresh_schema
from tests.test_leader_claim import _cut_the_holders_connection

pytestmark = pytest.mark.unlimited  # Telegram's flood limits are the sender's own test
RETRY = 0.2


@dataclass
class Worker:
    """One webhook worker with a database and a claim of its own, as a process has."""

    base: str
    outbox: SqlOutbox

    async def metrics(self) -> dict[str, float]:
        async with httpx.AsyncClient(trust_env=False) as client:
            text = (await client.get(f"{self.base}/metrics")).text
        samples = (line.rsplit(" ", 1) for line in text.splitlines() if line[:1] != "#")
        return {name: float(value) for name, value in samples}

    async def leads(self) -> bool:
        return (await self.metrics())["milclicks_outbox_sender_leader"] == 1.0

    async def sent(self) -> float:
        return (await self.metrics()).get('milclicks_outbox_messages_total{outcome="sent"}', 0)


@asynccontextmanager
async def worker(
    server: TelegramServer, bank: Bank, url: str, retry: float = RETRY
) -> AsyncIterator[Worker]:
    database, claim = Database(url), AdvisoryClaim(url, check=RETRY)
    sock = listening_socket("127.0.0.1", 0)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    outbox = SqlOutbox(database)
    try:
        async with webhook_bot(
            TOKEN,
            f"{server.api_url}/bot",
            bank,
            database.unit,
            database.ping,
            Hook(f"{base}/telegram", WEBHOOK_SECRET),
            sock,
            outbox=outbox,
            send_rate=1000,
            sending=Sending(claim, retry),
        ):
            yield Worker(base, outbox)
    finally:
        sock.close()
        await claim.close()
        await database.close()


@pytest.fixture
async def url(postgres_url: str) -> str:
    await _fresh_schema(postgres_url)
    return postgres_url


async def _learners(server: TelegramServer, ids: range) -> None:
    for learner in ids:
        user = server.user(learner, "Friend", language_code="en")
        await user.send("/start")
        await user.receive(within=10)


async def _queue(outbox: SqlOutbox, ids: range, text: str) -> None:
    now = datetime.now(UTC)
    for learner in ids:
        assert await outbox.put(Outgoing(learner, "test", text, now, now + timedelta(hours=1)))


def _received(server: TelegramServer, text: str) -> Counter[int]:
    return Counter(
        int(call.params["chat_id"])
        for call in server.calls_to("sendMessage")
        if call.ok and call.params["text"] == text
    )


async def _until(check: Callable[[], Awaitable[bool]], within: float = 15.0) -> None:
    async with asyncio.timeout(within):
        while not await check():  # noqa: ASYNC110 (polling another worker's state)
            await asyncio.sleep(0.05)


async def test_two_workers_send_each_row_once_and_the_other_takes_over(
    server: TelegramServer, bank: Bank, url: str
) -> None:
    learners = range(3001, 3021)
    async with AsyncExitStack() as stack:
        # the first tries again only after a minute: the second is the one to take over
        first = await stack.enter_async_context(worker(server, bank, url, retry=60))
        await _until(first.leads)
        second = await stack.enter_async_context(worker(server, bank, url))
        await _learners(server, learners)
        await _queue(second.outbox, learners, "Time for review")

        async def all_sent() -> bool:
            return await first.outbox.pending() == 0

        await _until(all_sent)
        assert _received(server, "Time for review") == Counter(dict.fromkeys(learners, 1))
        assert (await first.sent(), await second.sent()) == (20, 0)
        assert not await second.leads()

        await _cut_the_holders_connection(url)  # the leader's session dies
        await _until(second.leads)
        assert not await first.leads()
        await _queue(first.outbox, learners, "Your weekly goal")
        await _until(all_sent)
        assert _received(server, "Your weekly goal") == Counter(dict.fromkeys(learners, 1))
        assert (await first.sent(), await second.sent()) == (20, 20)


async def test_metrics_show_the_backlog_until_the_worker_leads_then_what_it_sent(
    server: TelegramServer, bank: Bank, url: str
) -> None:
    learners = range(4001, 4004)
    elsewhere = AdvisoryClaim(url)  # another worker holds the claim
    assert await elsewhere.take()
    try:
        async with worker(server, bank, url) as alone:
            await _learners(server, learners)
            await _queue(alone.outbox, learners, "Time for review")
            metrics = await alone.metrics()
            assert metrics["milclicks_outbox_due"] == 3
            assert metrics["milclicks_outbox_sender_leader"] == 0
            assert _received(server, "Time for review") == Counter()
            await elsewhere.release()
            await _until(alone.leads)

            async def drained() -> bool:
                return (await alone.metrics())["milclicks_outbox_due"] == 0

            await _until(drained)
            assert await alone.sent() == 3
    finally:
        await elsewhere.close()
    assert _received(server, "Time for review") == Counter(dict.fromkeys(learners, 1))
