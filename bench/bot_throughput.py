"""Throughput, CPU and latency of the bot, beside a call-matched echo bot, and paced learners
on a database of a thousand and of a million learners.

The application runs in this process, as in production: alone in its event loop. The
loopback Telegram server and the simulated learners run in a child process
(`throughput_learners.py`), so their work does not count against the bot. Each learner
takes the first lesson from `/start` to the end card, then `/progress`, waiting for the
bot's reply before its next action, as a person does.

- Flat out: every learner acts again the moment a reply lands. Right after each lesson
  bot run, the echo bot (`throughput_echo.py`) gets the same number of updates from the
  same learners and makes, for each, exactly the Bot API calls the lesson bot made for
  that update, on the same request layer: the runs alternate, so the host's noise hits
  both. CPU per update is this process's CPU time over the run, divided by the updates.
- Paced: a few learners (10) read about a second between taps (0.5 to 1.5 s), on an SQLite file of
  1,000 and then of 1,000,000 learners (`million_learners.py` builds it; `--million FILE`
  reuses one), with the slowest SQL statement met while a learner waited.

*Handling* runs from the bot taking an update in hand to the end of its handler; *own
work* is handling minus the time its Bot API calls were in flight (`throughput_timing.py`).

    .venv/bin/python bench/bot_throughput.py [--learners 50] [--paced 10] [--repeat 2]
        [--million FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import Application

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import throughput_timing as timing  # noqa: E402
from million_learners import build  # noqa: E402
from throughput_echo import echo_application  # noqa: E402
from throughput_learners import drive  # noqa: E402
from throughput_run import polling, report  # noqa: E402
from throughput_webhook import calls_per_tap, say  # noqa: E402

from bot.bank.bank import Bank  # noqa: E402
from bot.bank.check.loader import load_bank  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402
from bot.telegram.serving import freeze_startup_objects  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from tests.harness import TOKEN  # noqa: E402

MakeApp = Callable[[str], Application]  # type: ignore[type-arg]


@dataclass
class Phase:
    """One measured run."""

    name: str
    rate: float  # updates a second, as the learners saw them
    cpu: float  # this process's CPU seconds per update
    loop_cpu: float  # of that, the event loop's thread (not drawing charts in a worker)
    updates: int
    figures: timing.Figures
    latencies: list[float]


async def phase(
    name: str,
    kind: str,
    learners: int,
    make: MakeApp,
    think: float = 0.0,
    plan: Path | None = None,
) -> Phase:
    """One run: the child drives, this process's application answers."""
    arguments = ["--drive", kind, "--think", str(think), "--learners", str(learners)]
    if plan is not None:
        arguments += ["--plan", str(plan)]
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        *arguments,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    api_url = json.loads(await child.stdout.readline())["api_url"]
    figures = timing.reset()
    async with polling(make(api_url)):
        cpu, loop_cpu = time.process_time(), time.thread_time()
        child.stdin.write(b"go\n")
        await child.stdin.drain()
        seen = json.loads(await child.stdout.readline())
        cpu, loop_cpu = time.process_time() - cpu, time.thread_time() - loop_cpu
    child.stdin.write(b"done\n")
    await child.stdin.drain()
    await child.wait()
    updates = len(seen["latencies"])
    rate = updates / seen["elapsed"]
    return Phase(
        name, rate, cpu / updates, loop_cpu / updates, updates, figures, seen["latencies"]
    )


async def flat_out(bank: Bank, folder: Path, learners: int, run: int) -> list[Phase]:
    """The lesson bot flat out, then the echo bot with the calls it made."""
    url = f"sqlite+aiosqlite:///{folder / f'flat{run}.sqlite3'}"
    await upgrade_async(url)
    database = Database(url)

    def real_bot(api_url: str) -> Application:  # type: ignore[type-arg]
        # The bot's own pace is measured, not Telegram's 30 a second (SEND_RATE).
        return build_application(TOKEN, f"{api_url}/bot", bank, database.unit, send_rate=100_000)

    bot = await phase("bot", "bot", learners, real_bot)
    await database.close()
    plan = folder / f"plan{run}.json"
    plan.write_text(
        json.dumps(
            {chat: [sum(map(len, u)) for u in ups] for chat, ups in bot.figures.plan.items()}
        )
    )
    recorded = dict(bot.figures.plan)
    echo = await phase(
        "echo bot, same calls",
        "echo",
        learners,
        lambda u: echo_application(u, recorded),
        plan=plan,
    )
    return [bot, echo]


async def paced(bank: Bank, path: Path, learners: int, think: float, label: str) -> Phase:
    """Learners reading between taps, on the database at `path`."""
    database = Database(f"sqlite+aiosqlite:///{path}")
    timing.watch_statements(database._engine)  # type: ignore[arg-type]

    def real_bot(api_url: str) -> Application:  # type: ignore[type-arg]
        return build_application(TOKEN, f"{api_url}/bot", bank, database.unit, send_rate=100_000)

    result = await phase(label, "bot", learners, real_bot, think)
    await database.close()
    return result


async def main(
    learners: int, paced_learners: int, repeat: int, think: float, million: Path | None
) -> None:
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    freeze_startup_objects()  # as `milclicks run` does before polling
    timing.install()
    rows: list[Phase] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        taps = await calls_per_tap(bank, folder)
        for run in range(repeat):
            rows += await flat_out(bank, folder, learners, run)
        small, big = folder / "thousand.sqlite3", million
        await asyncio.to_thread(build, small, 1000)  # it runs its own event loop
        if big is None:
            big = folder / "million.sqlite3"
            await asyncio.to_thread(build, big, 1_000_000)
        # Each run on a fresh copy: a new loopback server numbers its updates from 1
        # again, and the file would take them for the last run's, already handled.
        copy = folder / "copy.sqlite3"
        for run in range(repeat):
            for size, source in (("1k", small), ("1M", big)):
                shutil.copyfile(source, copy)
                label = f"paced, {size} learners, run {run + 1}"
                rows.append(await paced(bank, copy, paced_learners, think, label))
                for leftover in folder.glob("copy.sqlite3*"):  # noqa: ASYNC240
                    leftover.unlink()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(rows, learners, paced_learners, think, peak)
    print(say(taps))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument(
        "--paced",
        type=int,
        default=10,
        help="learners in the paced runs (few, so that the"
        " bot is not saturated: they measure latency, not throughput)",
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, alternating")
    parser.add_argument("--think", type=float, default=1.0, help="seconds a paced learner reads")
    parser.add_argument("--million", type=Path, help="an SQLite file from million_learners.py")
    parser.add_argument("--drive", choices=["bot", "echo"], help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        asyncio.run(drive(args.drive, args.learners, args.think, 10_000, args.plan))
    else:
        asyncio.run(main(args.learners, args.paced, args.repeat, args.think, args.million))
