"""Throughput, latency and memory of the bot, beside a bare echo bot on the same request layer.

The application runs in this process, as in production: alone in its event loop. The
loopback Telegram server and many simulated learners run in a child process, so their
work does not count against the bot. Each learner waits for the bot's reply before its
next action, as a person does. Two latencies are printed:

- handling: from the moment the bot takes an update in hand to the moment it is done
  with it (its Bot API calls answered), measured in this process;
- own work: handling minus the time its Bot API calls were in flight, what the bot itself
  spends on the update (against Telegram itself the calls take far longer than here);
- round trip: from the learner's action to the reply arriving, measured by the learner;
  it adds the loopback server's own work (it checks every call against the Bot API
  specification) and the long-polling hand-over.

The echo bot is driven the same way with the same number of updates. A second echo bot
makes three Bot API calls per update, as the lesson bot must for a tap (answer the tap,
remove the used buttons, send the next step): the most the lesson bot could do with the
calls that UX.md asks for, if its own work took no time at all.

    .venv/bin/python bench/bot_throughput.py [--learners 50] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.bank.check.loader import load_bank  # noqa: E402
from bot.sandbox.server import SimulatedUser, TelegramServer  # noqa: E402
from bot.telegram.app import (  # noqa: E402
    ALLOWED_UPDATES,
    build_application,
    freeze_startup_objects,
)
from bot.telegram.ordering import PerLearnerOrder  # noqa: E402
from bot.telegram.transport import BotApiRequest  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from tests.harness import TOKEN  # noqa: E402

UPDATES_PER_ROUND = 14
# handling time of every update, and of that the time with none of its Bot API calls in
# flight, in this process
HANDLED: list[float] = []
OWN: list[float] = []
_handle = PerLearnerOrder.do_process_update
_request = BotApiRequest.do_request
# (start, end) of each Bot API call the update being handled makes
_CALLS: contextvars.ContextVar[list[tuple[float, float]]] = contextvars.ContextVar("calls")


async def _timed_handle(self: PerLearnerOrder, update: object, coroutine: Awaitable[Any]) -> None:
    """From taking the update in hand (waiting for the learner's earlier ones included) to
    the end of its handler."""
    calls: list[tuple[float, float]] = []
    _CALLS.set(calls)  # the handler's tasks, side-by-side calls too, share this list
    started = time.perf_counter()
    try:
        await _handle(self, update, coroutine)
    finally:
        handled = time.perf_counter() - started
        HANDLED.append(handled)
        OWN.append(handled - _in_flight(calls))


async def _timed_request(self: BotApiRequest, *args: Any, **kwargs: Any) -> Any:
    calls = _CALLS.get(None)
    started = time.perf_counter()
    try:
        return await _request(self, *args, **kwargs)
    finally:
        if calls is not None:
            calls.append((started, time.perf_counter()))


def _in_flight(calls: list[tuple[float, float]]) -> float:
    """How long at least one of the calls was in flight (side-by-side calls count once)."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(calls):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


PerLearnerOrder.do_process_update = _timed_handle  # type: ignore[method-assign]
BotApiRequest.do_request = _timed_request  # type: ignore[method-assign]


class Learner:
    """A simulated learner who times each action until the bot's reply arrives."""

    def __init__(self, user: SimulatedUser, server: TelegramServer, think: float) -> None:
        self.user, self.server = user, server
        self.latencies: list[float] = []
        self.think = think
        self.rng = random.Random(user.id)

    async def _reply(self, action: Awaitable[object], replies: int = 1) -> None:
        if self.think:  # a person reads before tapping again
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)
        started = time.perf_counter()
        await action
        for _ in range(replies):
            await self.user.receive(within=60)
        self.latencies.append(time.perf_counter() - started)

    async def lesson(self, rounds: int) -> None:
        """/start, the first lesson from the first step to the end card, then /progress."""
        user = self.user
        for round_number in range(rounds):
            await self._reply(user.send("/start"))
            if round_number:  # a returning learner also gets the topics menu
                await user.receive(within=60)
            for label in (
                "Let's go",
                "Why does that work?",
                "Show me an example",
                "I'm ready for the questions",
            ):
                await self._reply(user.tap(label))
            await self._reply(user.vote([1]))
            for label in ("Next question", "True", "Next question"):
                await self._reply(user.tap(label))
            # Ticking edits the question's buttons instead of sending a message.
            if self.think:
                await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)
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

    async def echo(self, rounds: int, replies: int) -> None:
        """The same number of updates, each a text the echo bot repeats."""
        for i in range(UPDATES_PER_ROUND * rounds):
            await self._reply(self.user.send(f"hello {i}"), replies)


async def drive(kind: str, learners: int, rounds: int, think: float, first_id: int) -> None:
    """Child process: serve the Bot API, print its URL, drive the learners, print figures."""
    # This measures the bot's own speed: Telegram's flood limits (which the loopback server
    # enforces by default, and which `bench/sender.py` measures) are lifted here.
    async with TelegramServer(token=TOKEN, limits=False) as server:
        print(json.dumps({"api_url": server.api_url}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        people = [
            Learner(server.user(first_id + i, f"L{i}", language_code="en"), server, think)
            for i in range(learners)
        ]
        started = time.perf_counter()
        await asyncio.gather(
            *(
                p.lesson(rounds) if kind == "bot" else p.echo(rounds, ECHO_REPLIES[kind])
                for p in people
            )
        )
        elapsed = time.perf_counter() - started
        latencies = [lat for p in people for lat in p.latencies]
        print(json.dumps({"elapsed": elapsed, "latencies": latencies}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


ECHO_REPLIES = {"echo": 1, "echo3": 3}


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    assert update.message is not None
    await context.bot.send_message(update.effective_chat.id, update.message.text or "")


async def _echo3(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Three calls side by side, as the lesson bot makes them for a tap."""
    await asyncio.gather(*(_echo(update, context) for _ in range(3)))


def echo_application(api_url: str, calls: int = 1) -> Application:  # type: ignore[type-arg]
    """A bare echo bot on the same request layer and update processor as the real bot."""
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .concurrent_updates(PerLearnerOrder())
        .request(BotApiRequest())
        .get_updates_request(BotApiRequest(connection_pool_size=1))
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, _echo if calls == 1 else _echo3))
    return application


@asynccontextmanager
async def polling(application: Application) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Run an application the way `milclicks run` does, in this event loop."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, allowed_updates=ALLOWED_UPDATES)
    try:
        yield
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def phase(
    kind: str,
    learners: int,
    rounds: int,
    make: Callable[[str], Application],  # type: ignore[type-arg]
    think: float = 0.0,
    first_id: int = 10_000,
) -> tuple[float, list[float], list[float], list[float]]:
    """One measured run: the child drives, this process's application answers."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--drive",
        kind,
        "--think",
        str(think),
        "--first-id",
        str(first_id),
        "--learners",
        str(learners),
        "--rounds",
        str(rounds),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    api_url = json.loads(await child.stdout.readline())["api_url"]
    HANDLED.clear()
    OWN.clear()
    async with polling(make(api_url)):
        child.stdin.write(b"go\n")
        await child.stdin.drain()
        figures = json.loads(await child.stdout.readline())
    child.stdin.write(b"done\n")
    await child.stdin.drain()
    await child.wait()
    updates = len(figures["latencies"])
    return updates / figures["elapsed"], list(HANDLED), list(OWN), figures["latencies"]


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def main(learners: int, rounds: int, think: float) -> None:
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        await upgrade_async(url)
        database = Database(url)
        freeze_startup_objects()  # as `milclicks run` does before polling

        def real_bot(api_url: str) -> Application:  # type: ignore[type-arg]
            # The bot's own pace is measured, not Telegram's 30 a second (SEND_RATE).
            return build_application(
                TOKEN, f"{api_url}/bot", bank, database.unit, send_rate=100_000
            )

        rows.append(("bot", *await phase("bot", learners, rounds, real_bot)))
        # A second loopback server numbers its updates from 1 again, as a new bot would:
        # a fresh file, so that they are not taken for the first run's, already handled.
        await database.close()
        url = f"sqlite+aiosqlite:///{Path(folder) / 'paced.sqlite3'}"
        await upgrade_async(url)
        database = Database(url)
        paced = await phase("bot", learners, rounds, real_bot, think, first_id=1_000_000)
        bot_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        await database.close()
    rows.append(("echo bot", *await phase("echo", learners, rounds, echo_application)))
    three = partial(echo_application, calls=3)
    rows.append(("echo bot, 3 calls", *await phase("echo3", learners, rounds, three)))
    rows.append((f"bot, {think:g} s reading", *paced))
    print(f"{learners} learners at once, {rounds} lesson(s) each; SQLite file; loopback HTTP")
    print(f"{'':20} {'':>10} {'handling':>17} {'own work':>17} {'round trip':>17}")
    print(f"{'':20} {'updates/s':>10}" + f" {'p50 ms':>8} {'p99 ms':>8}" * 3 + f" {'updates':>8}")
    for name, rate, handled, own, lat in rows:
        print(
            f"{name:20} {rate:>10.0f}"
            + "".join(f" {_ms(v, 0.5):>8.1f} {_ms(v, 0.99):>8.1f}" for v in (handled, own, lat))
            + f" {len(lat):>8}"
        )
    print(f"bot / echo throughput, both flat out: {rows[0][1] / rows[1][1]:.2f}")
    print(f"bot / echo with three calls per update: {rows[0][1] / rows[2][1]:.2f}")
    print(f"peak memory of the bot's process (RSS): {bot_peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds a learner reads, for the paced run"
    )
    parser.add_argument("--drive", choices=["bot", *ECHO_REPLIES], help=argparse.SUPPRESS)
    parser.add_argument("--first-id", type=int, default=10_000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        asyncio.run(drive(args.drive, args.learners, args.rounds, args.think, args.first_id))
    else:
        asyncio.run(main(args.learners, args.rounds, args.think))
