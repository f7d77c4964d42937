"""The child process of `bench/bot_throughput.py`: the loopback Telegram server and the
simulated learners, so that their work does not count against the bot's process."""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from collections.abc import Awaitable
from functools import partial
from pathlib import Path

from bot.sandbox.server import SimulatedUser, TelegramServer
from tests.harness import TOKEN

LESSON_TAPS = (
    "Let's go",
    "Why does that work?",
    "Show me an example",
    "I'm ready for the questions",
)


class CallTally:
    """How many Bot API calls each chat has had so far (read incrementally)."""

    def __init__(self, server: TelegramServer) -> None:
        self.server = server
        self._seen = 0
        self._counts: dict[int, int] = {}

    def count(self, chat: int) -> int:
        calls = self.server.calls
        for call in calls[self._seen :]:
            target = call.params.get("chat_id")
            if target is not None:
                key = int(target)
                self._counts[key] = self._counts.get(key, 0) + 1
        self._seen = len(calls)
        return self._counts.get(chat, 0)


class Learner:
    """A simulated learner who times each action until the bot's reply arrives."""

    def __init__(self, user: SimulatedUser, server: TelegramServer, think: float) -> None:
        self.user, self.server = user, server
        self.latencies: list[float] = []
        self.think = think
        self.rng = random.Random(user.id)

    async def _pause(self) -> None:
        if self.think:  # a person reads before tapping again
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)

    async def _reply(self, action: Awaitable[object], replies: int = 1) -> None:
        await self._pause()
        started = time.perf_counter()
        await action
        for _ in range(replies):
            await self.user.receive(within=60)
        self.latencies.append(time.perf_counter() - started)

    async def lesson(self) -> None:
        """/start, the first lesson from the first step to the end card, then /progress."""
        user = self.user
        await self._reply(user.send("/start"))
        for label in LESSON_TAPS:
            await self._reply(user.tap(label))
        await self._reply(user.vote([1]))
        for label in ("Next question", "True", "Next question"):
            await self._reply(user.tap(label))
        # Ticking edits the question's buttons instead of sending a message.
        await self._pause()
        started = time.perf_counter()
        await user.tap("⬜ Wait a moment before sharing")
        ticked = user.last.message_id
        assert await self.server.wait_until(partial(self._ticked, ticked), 60)
        self.latencies.append(time.perf_counter() - started)
        await self._reply(user.tap("Check my answer"))
        await self._reply(user.tap("See my score"))
        await self._reply(user.send("/progress"), 2)  # the picture, then the words

    def _ticked(self, message_id: int) -> bool:
        return ["Check my answer"] in self.user.message(message_id).button_texts

    async def echo(self, calls: list[int], tally: CallTally) -> None:
        """One text per update of the lesson bot's run, each answered by the echo bot with
        as many calls as the lesson bot made for it."""
        chat = self.user.id
        expected = 0
        for i, count in enumerate(calls):
            expected += count
            started = time.perf_counter()
            await self.user.send(f"hello {i}")
            done = partial(lambda target: tally.count(chat) >= target, expected)
            assert await self.server.wait_until(done, 60), f"chat {chat}: update {i}"
            self.latencies.append(time.perf_counter() - started)


async def drive(kind: str, learners: int, think: float, first_id: int, plan: Path | None) -> None:
    """Serve the Bot API, print its URL, drive the learners, print figures."""
    calls: dict[str, list[int]] = json.loads(plan.read_text()) if plan else {}  # noqa: ASYNC240
    # This measures the bot's own speed: Telegram's flood limits (which the loopback server
    # enforces by default, and which `bench/sender.py` measures) are lifted here.
    async with TelegramServer(token=TOKEN, limits=False) as server:
        print(json.dumps({"api_url": server.api_url}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        people = [
            Learner(server.user(first_id + i, f"L{i}", language_code="en"), server, think)
            for i in range(learners)
        ]
        tally = CallTally(server)
        started = time.perf_counter()
        await asyncio.gather(
            *(
                p.lesson() if kind == "bot" else p.echo(calls.get(str(p.user.id), []), tally)
                for p in people
            )
        )
        elapsed = time.perf_counter() - started
        latencies = [lat for p in people for lat in p.latencies]
        figures = {"elapsed": elapsed, "latencies": latencies}
        print(json.dumps(figures), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
