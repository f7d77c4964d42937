"""The outbox sender with two webhook workers on PostgreSQL: one sends at a time, at the set
rate; then the leader is killed with SIGKILL and the other takes over.

Two `milclicks run --webhook` processes (bench/worker_processes.py) share one outbox. The
loopback Telegram server enforces the set rate as the bot's limit (5% above it, as
Telegram's own limit sits a little above what a careful bot sets), so two senders at once
would show as twice the rate and a run of 429s. Both workers' `/metrics` are read every
0.1 s: how many led at once (goal: never more than 1).

Printed for each run: messages sent, the rate achieved against the set rate (past the
first second, whose burst both the bot's limiter and the server's let through; before the
kill in the second run), 429s,
learners messaged twice (duplicates) and never (misses); for the SIGKILL run also the
takeover time, from the kill to the survivor's first message, and to the survivor's
`milclicks_outbox_sender_leader` gauge reading 1. Rows the dead worker held come back
after their lease (30 s), so that run waits for them.

    .venv/bin/python bench/sender_workers.py [--learners 600] [--rate 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from worker_processes import TOKEN, Worker, database, fresh, start_worker, stop

from bot.learning.outbox import Outgoing
from bot.sandbox.server import TelegramServer
from bot.sandbox.server.flood import FloodControl
from storage.database import Database
from storage.outbox_sql import SqlOutbox
from storage.queries.outbox import put_outgoing

FIRST_ID = 20_000_000


@dataclass
class TimedFlood(FloodControl):
    """The server's flood control, noting when each send it let through arrived."""

    passed: list[float] = field(default_factory=list)

    def check(self, method: str, params: dict[str, object], now: float) -> None:
        super().check(method, params, now)
        if method == "sendMessage":
            self.passed.append(time.perf_counter())


@dataclass
class Watch:
    """Both workers' leader gauges, read every 0.1 s."""

    workers: list[Worker]
    most_at_once: int = 0
    led_at: dict[int, float] = field(default_factory=dict)

    async def run(self, client: httpx.AsyncClient) -> None:
        while True:
            leading = 0
            for index, worker in enumerate(self.workers):
                if worker.process.returncode is not None:
                    continue
                with contextlib.suppress(httpx.HTTPError):
                    if (await worker.metrics(client))["milclicks_outbox_sender_leader"] == 1:
                        leading += 1
                        self.led_at.setdefault(index, time.perf_counter())
            self.most_at_once = max(self.most_at_once, leading)
            await asyncio.sleep(0.1)


async def fill(url: str, learners: int, text: str) -> None:
    """Queue a message for every learner in one transaction: all due at once."""
    database = Database(url)
    now = datetime.now(UTC)
    async with database.unit() as store, store.transaction():
        for i in range(learners):
            message = Outgoing(FIRST_ID + i, "reminder", text, now, now + timedelta(hours=2))
            await store.run(put_outgoing, message)
    await database.close()


async def pending(url: str) -> int:
    database = Database(url)
    count = await SqlOutbox(database).pending()
    await database.close()
    return count


async def _kill_leader(
    workers: list[Worker], leader: int, watch: Watch, flood: TimedFlood
) -> dict[str, float]:
    """SIGKILL the leading worker; how long until the other one sends, and leads."""
    killed_at = time.perf_counter()
    workers[leader].process.send_signal(signal.SIGKILL)
    await workers[leader].process.wait()
    while len(watch.led_at) < 2:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    after: list[float] = []
    async with asyncio.timeout(120):
        while not after:
            await asyncio.sleep(0.01)
            after = [t for t in flood.passed if t > killed_at]
    return {
        "first send after kill": after[0] - killed_at,
        "leader gauge after kill": watch.led_at[1 - leader] - killed_at,
    }


async def run(url: str, folder: Path, learners: int, rate: float, kill: bool) -> dict[str, float]:
    await fresh(url)
    flood = TimedFlood(bot_rate=rate * 1.05, chat_burst=1)
    text = "🔁 2 reviews and the next lesson are waiting (3 min)."
    figures: dict[str, float] = {}
    async with TelegramServer(token=TOKEN, flood=flood) as server:
        for i in range(learners):
            server.world.chats[server.user(FIRST_ID + i, f"L{i}").id].opened = True
        workers: list[Worker] = []
        try:
            workers += [
                await start_worker(url, server.api_url, folder, SEND_RATE=str(rate))
                for _ in range(2)
            ]
            async with httpx.AsyncClient(trust_env=False) as client:
                watch = Watch(workers)
                watching = asyncio.create_task(watch.run(client))
                while not watch.led_at:  # noqa: ASYNC110 (polling the workers' metrics)
                    await asyncio.sleep(0.05)
                leader = next(iter(watch.led_at))
                await fill(url, learners, text)
                if kill:
                    await server.wait_until(lambda: len(flood.passed) >= learners // 2, within=600)
                    figures |= await _kill_leader(workers, leader, watch, flood)
                while await pending(url):  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
                per_worker = [
                    (await w.metrics(client)).get(
                        'milclicks_outbox_messages_total{outcome="sent"}', 0
                    )
                    for w in workers
                    if w.process.returncode is None
                ]
                watching.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watching
        finally:
            await stop(workers)
        sends = server.calls_to("sendMessage")
    per_chat = Counter(int(c.params["chat_id"]) for c in sends if c.ok)
    # past the first second's burst (both limiters let a second's worth through at once),
    # and before the kill
    passed = flood.passed[int(rate) : learners // 2 if kill else learners]
    achieved = (len(passed) - 1) / (passed[-1] - passed[0])
    figures.update(
        {
            "sent": sum(per_chat.values()),
            "achieved": achieved,
            "429s": sum(1 for c in sends if c.error_code == 429),
            "duplicates": sum(1 for n in per_chat.values() if n > 1),
            "misses": learners - len(per_chat),
            "most leading at once": watch.most_at_once,
            "sent by the first": per_worker[0],
            "sent by the second": per_worker[-1] if len(per_worker) > 1 else float("nan"),
        }
    )
    return figures


async def main(learners: int, rate: float) -> None:
    async with database() as (url, folder):
        for label, kill in (("straight", False), ("SIGKILL of the leader halfway", True)):
            figures = await run(url, folder, learners, rate, kill)
            print(
                f"{label}: {figures['sent']:.0f} sent to {learners} learners at"
                f" {figures['achieved']:.1f}/s of {rate:.0f}/s set"
                f" (ratio {figures['achieved'] / rate:.3f}); 429s {figures['429s']:.0f};"
                f" duplicates {figures['duplicates']:.0f}; misses {figures['misses']:.0f};"
                f" workers leading at once at most {figures['most leading at once']:.0f}"
            )
            if not kill:
                print(
                    f"  sent per worker (/metrics): {figures['sent by the first']:.0f} and"
                    f" {figures['sent by the second']:.0f}"
                )
            if kill:
                print(
                    f"  takeover: first message {figures['first send after kill']:.2f} s after"
                    " the kill; the survivor's leader gauge read 1 after"
                    f" {figures['leader gauge after kill']:.2f} s"
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--learners", type=int, default=600)
    parser.add_argument("--rate", type=float, default=50.0)
    arguments = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    asyncio.run(main(arguments.learners, arguments.rate))
