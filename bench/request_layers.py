"""The client's CPU per Bot API call: python-telegram-bot's httpx request on aiohttp's pool
(`BotApiRequest`, before) against the request class made directly on aiohttp
(`DirectRequest`, now).

The loopback Telegram server runs in a thread with its own event loop; the calls are made
from the main thread, whose CPU time alone is counted (`time.thread_time`), so the
server's work is left out. Each round sends the same `sendMessage` calls (a card's text
and buttons), 16 side by side, through each layer in turn, so the host's noise hits both.

    .venv/bin/python bench/request_layers.py [--calls 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import BaseRequest

from bot.sandbox.server import TelegramServer
from bot.telegram.direct_request import DirectRequest
from bot.telegram.transport import BotApiRequest
from tests.harness import TOKEN

CHAT = 4242
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Why does that work?", callback_data="l:1:2")],
        [InlineKeyboardButton("📚 Topics", callback_data="t")],
    ]
)


def serve(ready: threading.Event, box: dict[str, str], stop: threading.Event) -> None:
    """The loopback server, in this thread's own event loop, until `stop` is set."""

    async def run() -> None:
        async with TelegramServer(token=TOKEN, limits=False) as server:
            await server.user(CHAT, "Ada", language_code="en").send("/start")
            box["url"] = server.api_url
            ready.set()
            await asyncio.to_thread(stop.wait)

    asyncio.run(run())


async def cpu_per_call(base: str, request: BaseRequest, calls: int) -> float:
    """Main-thread CPU milliseconds per sendMessage through `request`."""
    async with Bot(TOKEN, base_url=f"{base}/bot", request=request) as bot:
        await bot.send_message(CHAT, "warm up", reply_markup=KEYBOARD)
        started = time.thread_time()
        for _ in range(calls // 16):
            await asyncio.gather(
                *(
                    bot.send_message(
                        CHAT, "<b>A step</b> of a lesson", parse_mode="HTML", reply_markup=KEYBOARD
                    )
                    for _ in range(16)
                )
            )
        return (time.thread_time() - started) / (calls // 16 * 16) * 1000


async def main(calls: int, rounds: int) -> None:
    ready, stop = threading.Event(), threading.Event()
    box: dict[str, str] = {}
    thread = threading.Thread(target=serve, args=(ready, box, stop), daemon=True)
    thread.start()
    ready.wait(30)
    layers = {"httpx on aiohttp (before)": BotApiRequest, "DirectRequest (now)": DirectRequest}
    seen: dict[str, list[float]] = {name: [] for name in layers}
    for _ in range(rounds):
        for name, layer in layers.items():
            seen[name].append(await cpu_per_call(box["url"], layer(), calls))
    stop.set()
    thread.join(10)
    print(f"client CPU per sendMessage, ms ({rounds} rounds of {calls} calls, 16 side by side)")
    for name, values in seen.items():
        print(
            f"{name:<28} median {statistics.median(values):.3f}"
            f"  range {min(values):.3f}-{max(values):.3f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.rounds))
