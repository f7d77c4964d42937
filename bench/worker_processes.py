"""Webhook workers as separate processes for the benchmarks: `milclicks run --webhook`, each
with its own port, on one PostgreSQL server that the benchmark starts (tests/postgres.py).

The loopback Telegram server runs in the benchmark's process. Its own webhook delivery
posts one update at a time to one URL; Telegram spreads updates over connections and a
load balancer over workers, so here `Dispatcher` does that: it takes each update the
simulated learners make and posts it at once to a worker, and some of them a second time
(a redelivery). The learners' actions and the bot's replies still go through the server.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.sandbox.server import TelegramServer  # noqa: E402
from tests.postgres import postgres_server  # noqa: E402
from tests.stores import fresh_schema as _fresh_schema  # noqa: E402

TOKEN = "123456:BENCH-TOKEN"
SECRET = "bench-webhook-secret"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A worker's webhook reply waits at most 2 s for the update to be handled
SLOW_REPLY = 1.9


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Worker:
    """One `milclicks run --webhook` process."""

    process: asyncio.subprocess.Process
    base: str
    log: Path

    def cpu(self) -> float:
        """CPU seconds (user + system) the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    async def metrics(self, client: httpx.AsyncClient) -> dict[str, float]:
        text = (await client.get(f"{self.base}/metrics", timeout=10)).text
        samples = (line.rsplit(" ", 1) for line in text.splitlines() if line[:1] != "#")
        return {name: float(value) for name, value in samples}

    async def updates(self, client: httpx.AsyncClient) -> float:
        metrics = await self.metrics(client)
        return sum(
            v for k, v in metrics.items() if k.startswith("milclicks_updates_handled_total")
        )

    def ignored(self) -> int:
        """Redelivered updates the worker recognised and skipped."""
        return self.log.read_text(errors="replace").count("came again: ignored")


async def start_worker(url: str, api_url: str, folder: Path, **settings: str) -> Worker:
    port = free_port()
    log = folder / f"worker-{port}.log"
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env = {
        **keep,
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_URL": url,
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": SECRET,
        "LOG_LEVEL": "INFO",
        **settings,
    }
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--webhook", cwd=folder, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=sink,
        )  # fmt: skip
    worker = Worker(process, f"http://127.0.0.1:{port}", log)
    async with httpx.AsyncClient(trust_env=False) as client:
        for _ in range(600):
            if process.returncode is not None:
                raise RuntimeError(f"a worker stopped: {log.read_text()[-2000:]}")
            try:
                if (await client.get(f"{worker.base}/healthz")).status_code == 200:
                    return worker
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("a worker did not start within 60 s")


async def stop(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.returncode is None:
            worker.process.terminate()
    for worker in workers:
        await worker.process.wait()


@asynccontextmanager
async def database() -> AsyncIterator[tuple[str, Path]]:
    """A PostgreSQL server, and a folder for the workers' logs."""
    folder = Path(tempfile.mkdtemp(prefix="milclicks-workers-"))
    with postgres_server() as url:
        yield url, folder


async def fresh(url: str) -> None:
    await _fresh_schema(url)


def learner_of(update: dict[str, Any]) -> int:
    body = next(v for k, v in update.items() if k != "update_id")
    user = body.get("from") or body.get("user") or {}
    return int(user.get("id", 0))


@dataclass
class Dispatcher:
    """Posts each update the learners make to a worker: a learner's k-th update to worker
    k mod N (so with two workers every two updates in a row go to different workers), one
    learner's updates one after another (the next once the last one's POST is answered),
    different learners' side by side; and a share of them a second time, at once, to the
    other worker, as Telegram redelivers an update it got no answer for."""

    server: TelegramServer
    workers: list[Worker]
    redeliver: float = 0.05
    rng: Random = field(default_factory=lambda: Random(15))
    posted: int = 0
    redelivered: int = 0
    failed: int = 0
    retried: int = 0  # posts tried again after a connection error
    slow: int = 0  # replies that came back only after the worker's 2 s wait
    labels: dict[int, str] = field(default_factory=dict)
    # each update's posts: the HTTP status, or the error; and each learner's last update
    outcomes: defaultdict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    last_update: dict[int, int] = field(default_factory=dict)
    _count: Counter[int] = field(default_factory=Counter)
    _last: dict[int, asyncio.Task[None]] = field(default_factory=dict)

    async def run(self, client: httpx.AsyncClient) -> None:
        queue = self.server.world.updates
        queue.webhook = None  # this dispatcher delivers, not the server's own loop
        while True:
            await self.server.wait_until(lambda: bool(queue.pending), 3600)
            taken, queue.pending[:] = list(queue.pending), []
            for update in taken:
                self._dispatch(client, update)

    def _dispatch(self, client: httpx.AsyncClient, update: dict[str, Any]) -> None:
        learner = learner_of(update)
        kind = next(k for k in update if k != "update_id")
        text = update[kind].get("text", "") if kind == "message" else ""
        self.labels[int(update["update_id"])] = f"{kind} {text}".strip()
        self.last_update[learner] = int(update["update_id"])
        first = self._count[learner] % len(self.workers)
        self._count[learner] += 1
        targets = [self.workers[first]]
        if self.rng.random() < self.redeliver:
            targets.append(self.workers[(first + 1) % len(self.workers)])
            self.redelivered += 1
        before = self._last.get(learner)
        posts = [asyncio.create_task(self._post(client, w, update, before)) for w in targets]
        self._last[learner] = posts[0]
        self.posted += 1

    async def _post(
        self,
        client: httpx.AsyncClient,
        worker: Worker,
        update: dict[str, Any],
        before: asyncio.Task[None] | None,
    ) -> None:
        if before is not None:
            await asyncio.wait([before])
        started = time.perf_counter()
        for attempt in range(3):  # as Telegram tries again when a delivery fails
            try:
                response = await client.post(
                    f"{worker.base}/telegram", json=update, headers=HEADERS, timeout=30
                )
                break
            except httpx.HTTPError as error:  # uvicorn closes idle keep-alive connections
                self.outcomes[int(update["update_id"])].append(type(error).__name__)
                if attempt == 2:
                    self.failed += 1
                    return
                self.retried += 1
                await asyncio.sleep(0.5)
        self.outcomes[int(update["update_id"])].append(str(response.status_code))
        if time.perf_counter() - started >= SLOW_REPLY:
            self.slow += 1
        if response.content:  # a tap's answer carried in the reply
            await self.server._run_webhook_reply(response)
