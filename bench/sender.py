"""The outbox sender at a set rate: 10,000 learners due at once, then again with a crash.

The loopback Telegram server runs in this process and enforces the set rate as the bot's
limit (as Telegram enforces about 30 a second); the sender runs in a child process, as
`milclicks run` would, on an SQLite outbox. Printed for each run: messages a second
achieved against the set rate (goal at least 0.95), 429s the server answered (goal 0),
learners messaged twice (duplicates) or never (misses), both goal 0, and the rows closed
as in doubt (marked sending by a sender that died; reminders are not sent twice).

The second run kills the sender with SIGKILL halfway and starts a new one; the rows the
dead sender held come back once their lease (here 2 s) has passed.

    .venv/bin/python bench/sender.py [--learners 10000] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.learning.outbox import Outgoing  # noqa: E402
from bot.sandbox.server import TelegramServer  # noqa: E402
from bot.sandbox.server.flood import FloodControl  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from storage.outbox_sql import SqlOutbox  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
LEASE = timedelta(seconds=2)
FIRST_ID = 10_000_000


@dataclass
class TimedFlood(FloodControl):
    """The server's flood control, noting when each send it let through arrived."""

    passed: list[float] = field(default_factory=list)

    def check(self, method: str, params: dict[str, object], now: float) -> None:
        super().check(method, params, now)
        if method == "sendMessage":
            self.passed.append(time.perf_counter())


async def worker(url: str, api: str, rate: float) -> None:
    """The sender process: send until the outbox is empty."""
    from telegram.ext import AIORateLimiter, ExtBot

    from bot.clock import wall_clock
    from bot.config import prepare_libraries
    from bot.telegram.sender import Sender
    from bot.telegram.transport import BotApiRequest

    prepare_libraries()
    database = Database(url)
    outbox = SqlOutbox(database)
    limiter = AIORateLimiter(overall_max_rate=rate, max_retries=0)
    request = BotApiRequest(connection_pool_size=16)
    async with ExtBot(TOKEN, base_url=api, rate_limiter=limiter, request=request) as bot:
        sender = Sender(bot, outbox, wall_clock, batch=max(20, int(rate // 2)), lease=LEASE)
        while await outbox.pending():
            if not await sender.send_due():
                await asyncio.sleep(0.05)
    await database.close()


async def fill(url: str, learners: int) -> None:
    database = Database(url)
    outbox = SqlOutbox(database)
    now = datetime.now(UTC)
    for i in range(learners):
        chat = FIRST_ID + i
        text = "🔁 2 reviews and the next lesson are waiting (3 min)."
        message = Outgoing(chat, "reminder", text, now, now + timedelta(hours=2), (), f"b:{chat}")
        await outbox.put(message)
    await database.close()


async def outcomes(url: str) -> Counter[str]:
    """How the outbox's rows ended (sent, in-doubt...)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT outcome, count(*) FROM outbox GROUP BY 1"))
        counted = Counter({str(outcome): int(n) for outcome, n in rows})
    await engine.dispose()
    return counted


async def run(learners: int, rate: float, kill_at: int | None) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="milclicks-sender-"))
    url = f"sqlite+aiosqlite:///{folder / 'outbox.sqlite3'}"
    await upgrade_async(url)
    await fill(url, learners)
    # Telegram's own limit sits a little above what a careful bot sets: 5% here.
    flood = TimedFlood(bot_rate=rate * 1.05, chat_burst=1)
    async with TelegramServer(token=TOKEN, flood=flood) as server:
        for i in range(learners):
            user = server.user(FIRST_ID + i, f"L{i}")
            server.world.chats[user.id].opened = True
        api = f"{server.api_url}/bot"
        command = [sys.executable, __file__, "--worker", url, api, str(rate)]
        child = await asyncio.create_subprocess_exec(*command)
        kills = 0
        if kill_at is not None:
            await server.wait_until(lambda: len(flood.passed) >= kill_at, within=600)
            child.send_signal(signal.SIGKILL)
            await child.wait()
            kills = 1
            child = await asyncio.create_subprocess_exec(*command)
        await child.wait()
        sends = server.calls_to("sendMessage")
    per_chat = Counter(int(c.params["chat_id"]) for c in sends if c.ok)
    span = flood.passed[-1] - flood.passed[0] if len(flood.passed) > 1 else float("nan")
    achieved = (len(flood.passed) - 1) / span
    return {
        "sent": sum(per_chat.values()),
        "achieved": achieved,
        "ratio": achieved / rate,
        "429s": sum(1 for c in sends if c.error_code == 429),
        "duplicates": sum(1 for n in per_chat.values() if n > 1),
        "misses": learners - len(per_chat),
        "kills": kills,
        "in_doubt": (await outcomes(url))["in-doubt"],
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        asyncio.run(worker(sys.argv[2], sys.argv[3], float(sys.argv[4])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    for label, kill_at in (("straight", None), ("SIGKILL halfway", args.learners // 2)):
        figures = asyncio.run(run(args.learners, args.rate, kill_at))
        print(
            f"{label}: {figures['sent']:.0f} sent to {args.learners} learners at "
            f"{figures['achieved']:.1f}/s of {args.rate:.0f}/s set "
            f"(ratio {figures['ratio']:.3f}); 429s {figures['429s']:.0f}; "
            f"duplicates {figures['duplicates']:.0f}; misses {figures['misses']:.0f}; "
            f"in doubt {figures['in_doubt']:.0f}"
        )


if __name__ == "__main__":
    main()
