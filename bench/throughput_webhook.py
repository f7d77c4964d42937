"""Bot API calls per tap in webhook mode, counted at the loopback Telegram server.

One learner takes the first lesson through the bot in webhook mode (as `milclicks run
--webhook` runs it); after each tap the bot is let settle, and the calls the server saw
since the tap are counted: those that came as their own HTTP request, and the one carried
back in the webhook's reply (answering the tap).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from throughput_learners import LESSON_TAPS

from bot.bank.bank import Bank
from bot.sandbox.server import TelegramServer
from storage.database import Database
from storage.migrate import upgrade_async
from tests.harness import TOKEN, webhook_running_bot

TAPS = (*LESSON_TAPS, "Next question", "True", "Next question")
TICK = ("⬜ Wait a moment before sharing", "Check my answer", "See my score")


async def calls_per_tap(bank: Bank, folder: Path) -> Counter[tuple[int, int]]:
    """How many taps made (HTTP calls, calls in the webhook reply)."""
    url = f"sqlite+aiosqlite:///{folder / 'webhook.sqlite3'}"
    await upgrade_async(url)
    database = Database(url)
    seen: Counter[tuple[int, int]] = Counter()
    async with (
        TelegramServer(token=TOKEN, limits=False) as server,
        webhook_running_bot(server, bank, database.unit, database.ping) as (bot, _, _),
    ):
        user = server.user(77, "Wen", language_code="en")
        await user.send("/start")
        await bot.settle()
        for label in (*TAPS[:4], None, *TAPS[4:], *TICK):
            before = len(server.calls)
            if label is None:
                await user.vote([1])  # a quiz poll's answer, not a tap
                await bot.settle()
                continue
            await user.tap(label)
            await bot.settle()
            made = server.calls[before:]
            seen[(sum(not c.in_reply for c in made), sum(c.in_reply for c in made))] += 1
    await database.close()
    return seen


def say(seen: Counter[tuple[int, int]]) -> str:
    """The count in words, most common first."""
    parts = [
        f"{taps} tap(s): {http} HTTP call(s) + {reply} in the webhook reply"
        for (http, reply), taps in seen.most_common()
    ]
    return "calls per tap in webhook mode: " + "; ".join(parts)
