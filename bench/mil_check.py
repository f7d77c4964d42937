"""How long the MIL check takes per tap on a real SQLite file, and what its files cost to load.

Runs learners through the whole pre check (16 sorts each, one store per tap as in the bot)
on a migrated SQLite file, and prints the median and 95th percentile of one sort, the
last one included (it scores the run). Then times loading the check's five files alone.

    .venv/bin/python bench/mil_check.py [--learners 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bank.check.check_files import load_checks
from bot.bank.check.discovery import discover
from bot.bank.check.loader import load_bank
from bot.learning.mil_check import CHECK_ID, CheckCard
from bot.learning.tutor import Tutor
from storage.database import Database
from storage.migrate import upgrade_async

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _sorts(learners: int) -> list[float]:
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    items = bank.checks[CHECK_ID].forms
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        await upgrade_async(url)
        database = Database(url)
        for learner in range(1, learners + 1):
            async with database.unit() as store:
                tutor = Tutor(bank, store)
                await tutor.profile(learner, NOW)
                card = await tutor.check_desk(6).begin(learner, "en", NOW)
            assert isinstance(card, CheckCard)
            form = items[(learner - 1) % 2].items
            for position, item in enumerate(form):
                started = time.perf_counter()
                async with database.unit() as store:
                    desk = Tutor(bank, store).check_desk(6)
                    when = NOW + timedelta(seconds=position)
                    await desk.sort(learner, card.run_id, position, item.manipulative, "en", when)
                times.append(time.perf_counter() - started)
        await database.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=200)
    learners = parser.parse_args().learners
    times = sorted(asyncio.run(_sorts(learners)))
    median = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95)] * 1000
    print(f"{len(times)} sorts by {learners} learners: median {median:.2f} ms, p95 {p95:.2f} ms")
    files = discover(REPO / "lessons", REPO / "quizzes")
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    taught = frozenset(t for lesson in bank.lessons.values() for t in lesson.techniques)
    started = time.perf_counter()
    for _ in range(20):
        load_checks(files.checks, files.check_translations, taught, str)
    each = (time.perf_counter() - started) / 20 * 1000
    count = len(files.checks) + len(files.check_translations)
    print(f"loading and checking the {count} MIL check files: {each:.1f} ms")


if __name__ == "__main__":
    main()
