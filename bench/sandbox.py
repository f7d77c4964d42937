"""How quickly the sandbox starts, and how long the page waits between a click and the
bot's answer on screen.

Start-up: `milclicks run` with no token, in a fresh process, until its screen is printed
and the page answers. Round trip: the page's own path, timed from the POST of an action
to the server-sent event that carries the bot's reply (what the browser would draw), for
`/help` (one message) and for a tap on a lesson's button (answer, buttons removed, next
step), on an SQLite file.

    .venv/bin/python bench/sandbox.py [--rounds 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.bank.check.loader import load_bank  # noqa: E402
from bot.sandbox.launch import SandboxSetup, serve  # noqa: E402
from bot.sandbox.server import spec_path  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_up(folder: Path) -> float:
    """Seconds from `milclicks run` (no token) to the page answering."""
    port = _free_port()
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "SANDBOX_PORT": str(port),
        "SANDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{folder / f'start-{port}.sqlite3'}",
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    httpx.get(f"http://127.0.0.1:{port}/api/state", trust_env=False).raise_for_status()
    elapsed = time.perf_counter() - started
    process.terminate()
    process.wait(30)
    return elapsed


def _more_than(count: int) -> Callable[[Any], bool]:
    return lambda state: bool(len(state["messages"]) > count)


def _lesson_opened(state: Any) -> bool:
    last = state["messages"][-1]
    return last.get("keyboard") is not None and last["text"].startswith("The emotion")


def _next_step_after(hook: int) -> Callable[[Any], bool]:
    def check(state: Any) -> bool:
        last = state["messages"][-1]
        return bool(last["id"] > hook and last.get("keyboard") is not None)

    return check


async def round_trips(folder: Path, rounds: int) -> dict[str, list[float]]:
    """Milliseconds from an action's POST to the event with the bot's reply."""
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    setup = SandboxSetup(
        port=0,
        database_url=f"sqlite+aiosqlite:///{folder / 'round-trips.sqlite3'}",
        spec_path=spec_path(os.environ),
    )
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(setup, bank, announce=lambda url, _: ready.set_result(url), stop=stop)
    )
    url = await ready
    timings: dict[str, list[float]] = {"/help": [], "tap a lesson button": []}
    async with (
        httpx.AsyncClient(trust_env=False, timeout=30) as client,
        client.stream("GET", f"{url}/api/events") as events,
    ):
        lines = events.aiter_lines()

        async def until(check: Callable[[Any], bool]) -> Any:
            async for line in lines:
                if line.startswith("data: "):
                    state = json.loads(line.removeprefix("data: "))
                    if check(state):
                        return state
            raise RuntimeError("the stream ended")

        await until(lambda _: True)
        for _ in range(rounds):
            count = len((await client.get(f"{url}/api/state")).json()["messages"])
            began = time.perf_counter()
            await client.post(f"{url}/api/send", json={"text": "/help"})
            await until(_more_than(count + 1))
            timings["/help"].append((time.perf_counter() - began) * 1000)
        for _ in range(rounds):
            await client.post(f"{url}/api/start", json={"payload": "lesson-emotion-check"})
            hook = (await until(_lesson_opened))["messages"][-1]
            began = time.perf_counter()
            tap = {"message_id": hook["id"], "row": 0, "column": 0}
            await client.post(f"{url}/api/tap", json=tap)
            await until(_next_step_after(hook["id"]))
            timings["tap a lesson button"].append((time.perf_counter() - began) * 1000)
    stop.set()
    await task
    return timings


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as raw:
        folder = Path(raw)
        starts = [start_up(folder) for _ in range(3)]
        print(f"start-up to a page that answers: {min(starts):.2f}-{max(starts):.2f} s (3 runs)")
        for name, values in asyncio.run(round_trips(folder, args.rounds)).items():
            print(
                f"{name}: click to the reply on screen p50 {statistics.median(values):.1f} ms,"
                f" p95 {_quantile(values, 0.95):.1f} ms, max {max(values):.1f} ms"
                f" ({len(values)} rounds)"
            )


if __name__ == "__main__":
    main()
