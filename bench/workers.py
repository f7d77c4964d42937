"""Two webhook workers against one, on PostgreSQL: CPU per update, order, redeliveries.

Each worker is a `milclicks run --webhook` process (see bench/worker_processes.py). The
simulated learners take the first lesson from /start to the score and /progress, each
waiting for the bot's reply, then send /help and /topics at once (two updates in flight
for one learner). A learner's updates go to the workers in turn, so with two workers every
two updates in a row land on different workers, and 5% are posted a second time to the
other worker, as Telegram redelivers an update it got no answer for.

Printed for one worker, then two: updates handled, throughput, CPU per update per worker
(goal: two within 1.1 times one), updates handled twice (goal 0: redeliveries minus those
recognised and skipped) and learners whose updates were handled out of order (goal 0:
from the handled_updates table, the order each update was taken in hand), with the
webhook replies that came back only after the 2 s a worker waits for an update to be
handled: past that, the learner's next update may overtake it on the other worker.

This machine has 2 cores, which the benchmark's own process (the loopback server and the
learners) shares with the workers: it cannot show how throughput scales with workers.

    .venv/bin/python bench/workers.py [--learners 40] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
from sqlalchemy import text
from worker_processes import (
    TOKEN,
    Dispatcher,
    Worker,
    database,
    fresh,
    start_worker,
    stop,
)

from bot.sandbox.server import SimulatedUser, TelegramServer
from storage.engines import make_engine

ORDER = text(
    "SELECT learner_id, update_id FROM handled_updates WHERE learner_id IS NOT NULL"
    " ORDER BY learner_id, received_at, update_id"
)
# A reply may be slow on a machine shared with other work; a learner who gets none in
# this long stops, and is shown with what became of the last update.
WAIT = 180
STUCK: list[int] = []
HANDLED = text("SELECT done FROM handled_updates WHERE update_id = :update_id")
LESSON_TAPS = (
    "Let's go",
    "Why does that work?",
    "Show me an example",
    "I'm ready for the questions",
)


async def lesson(user: SimulatedUser, server: TelegramServer, rounds: int) -> None:
    """A learner who stops when a reply does not come (and is counted as stuck)."""
    try:
        await _lesson(user, server, rounds)
    except AssertionError:
        STUCK.append(user.id)


async def _lesson(user: SimulatedUser, server: TelegramServer, rounds: int) -> None:
    """The first lesson, as bench/bot_throughput.py drives it, then two commands at once."""
    for round_number in range(rounds):
        await user.send("/start")
        for _ in range(2 if round_number else 1):
            await user.receive(within=WAIT)
        for label in LESSON_TAPS:
            await user.tap(label)
            await user.receive(within=WAIT)
        await user.vote([1])
        await user.receive(within=WAIT)
        for label in ("Next question", "True", "Next question"):
            await user.tap(label)
            await user.receive(within=WAIT)
        await user.tap("⬜ Wait a moment before sharing")
        ticked = user.last.message_id
        assert await server.wait_until(partial(_ticked, user, ticked), WAIT)
        for label in ("Check my answer", "See my score"):
            await user.tap(label)
            await user.receive(within=WAIT)
        await user.send("/progress")
        for _ in range(2):  # the picture, then the words
            await user.receive(within=WAIT)
        await user.send("/help")
        await user.send("/topics")  # not waiting for /help's answer first
        for _ in range(2):
            await user.receive(within=WAIT)


def _ticked(user: SimulatedUser, message_id: int) -> bool:
    return ["Check my answer"] in user.message(message_id).button_texts


async def out_of_order(url: str, labels: dict[int, str]) -> tuple[int, Counter[str]]:
    """Learners whose updates were taken in hand out of id order, and what overtook what."""
    engine = make_engine(url)
    async with engine.connect() as connection:
        rows = (await connection.execute(ORDER)).all()
    await engine.dispose()
    taken: defaultdict[int, list[int]] = defaultdict(list)
    for learner, update_id in rows:
        taken[int(learner)].append(int(update_id))
    overtaken: Counter[str] = Counter()
    for ids in taken.values():
        for earlier, later in itertools.pairwise(ids):
            if later < earlier:
                overtaken[f"{labels.get(earlier)} taken before {labels.get(later)}"] += 1
    return sum(ids != sorted(ids) for ids in taken.values()), overtaken


@dataclass
class Figures:
    updates: int
    seconds: float
    cpu_ms: float  # CPU per update, the mean over the workers
    per_worker: list[float]
    redelivered: int
    twice: int
    out_of_order: int
    overtaken: Counter[str]
    failed: int
    retried: int
    slow: int
    stuck: list[str]

    def line(self, label: str) -> str:
        spread = ", ".join(f"{h:.0f}" for h in self.per_worker)
        return (
            f"{label}: {self.updates} updates ({self.redelivered} posted twice) in"
            f" {self.seconds:.1f} s, {self.updates / self.seconds:.0f}/s; CPU"
            f" {self.cpu_ms:.2f} ms per update per worker (updates per worker: {spread});"
            f" handled twice {self.twice}; learners out of order {self.out_of_order};"
            f" posts tried again {self.retried}, failed {self.failed};"
            f" replies after the full 2 s wait {self.slow}"
            + "".join(f"\n  {n} x {what}" for what, n in self.overtaken.most_common())
            + "".join(f"\n  stuck: {what}" for what in self.stuck)
        )


async def _drive(server: TelegramServer, first_id: int, learners: int, rounds: int) -> float:
    people = [server.user(first_id + i, f"L{i}", language_code="en") for i in range(learners)]
    started = time.perf_counter()
    await asyncio.gather(*(lesson(p, server, rounds) for p in people))
    return time.perf_counter() - started


async def phase(url: str, folder: Path, count: int, learners: int, rounds: int) -> Figures:
    await fresh(url)
    async with TelegramServer(token=TOKEN, limits=False) as server:
        workers: list[Worker] = []
        try:
            return await _measure(server, url, folder, workers, count, learners, rounds)
        finally:
            await stop(workers)


async def _measure(
    server: TelegramServer,
    url: str,
    folder: Path,
    workers: list[Worker],
    count: int,
    learners: int,
    rounds: int,
) -> Figures:
    workers += [await start_worker(url, server.api_url, folder) for _ in range(count)]
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(trust_env=False, limits=limits) as client:
        dispatcher = Dispatcher(server, workers)
        delivering = asyncio.create_task(dispatcher.run(client))
        # warm-up learners: a worker's first updates pay for imports and caches
        await _drive(server, 6_000_000, 2 * count, 1)
        cpu = [w.cpu() for w in workers]
        handled = [await w.updates(client) for w in workers]
        posted, redelivered = dispatcher.posted, dispatcher.redelivered
        elapsed = await _drive(server, 7_000_000, learners, rounds)
        await asyncio.sleep(1.0)  # the last updates' bookkeeping
        cpu = [w.cpu() - c for w, c in zip(workers, cpu, strict=True)]
        handled = [await w.updates(client) - h for w, h in zip(workers, handled, strict=True)]
        delivering.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await delivering
    per_update = [c / h * 1000 for c, h in zip(cpu, handled, strict=True)]
    order = await out_of_order(url, dispatcher.labels)
    stuck = [await _fate(url, dispatcher, learner) for learner in STUCK]
    STUCK.clear()
    return Figures(
        updates=dispatcher.posted - posted,
        seconds=elapsed,
        cpu_ms=sum(per_update) / len(per_update),
        per_worker=handled,
        redelivered=dispatcher.redelivered - redelivered,
        # every redelivered copy (warm-up's too) should have been recognised and skipped;
        # a post tried again after a connection error may have arrived twice, or once
        twice=max(0, dispatcher.redelivered - sum(w.ignored() for w in workers)),
        out_of_order=order[0],
        overtaken=order[1],
        failed=dispatcher.failed,
        retried=dispatcher.retried,
        slow=dispatcher.slow,
        stuck=stuck,
    )


async def _fate(url: str, dispatcher: Dispatcher, learner: int) -> str:
    update_id = dispatcher.last_update.get(learner, 0)
    engine = make_engine(url)
    async with engine.connect() as connection:
        done = (await connection.execute(HANDLED, {"update_id": update_id})).scalar()
    await engine.dispose()
    return (
        f"learner {learner}, update {update_id} ({dispatcher.labels.get(update_id)}):"
        f" posts {dispatcher.outcomes.get(update_id)}, handled_updates done={done}"
    )


async def main(learners: int, rounds: int) -> None:
    async with database() as (url, folder):
        one = await phase(url, folder, 1, learners, rounds)
        two = await phase(url, folder, 2, learners, rounds)
    print(one.line("one worker"))
    print(two.line("two workers"))
    print(f"CPU per update, two workers / one: {two.cpu_ms / one.cpu_ms:.2f} (goal at most 1.10)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=1)
    arguments = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    asyncio.run(main(arguments.learners, arguments.rounds))
