"""What the teacher's report costs for a class of 40 on a real SQLite file.

Seeds other learners' progress, and a class of 40 who each did every lesson of the bank
(every question answered, half of the lessons taken twice) and both MIL checks; then times
the report's three reads, the whole report (reads and sums), its words and CSV, and the
chart (drawn fresh each time). Prints the median and 95th percentile of each.

    .venv/bin/python bench/class_report.py [--others 5000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.bank.bank import Bank
from bot.bank.check.loader import load_bank
from bot.languages import translator
from bot.learning.mil_check import CHECK_ID
from bot.learning.tutor import Tutor
from bot.pictures.class_chart import class_chart_png
from bot.telegram import class_report_files, class_report_render
from storage.database import Database
from storage.engines import make_engine
from storage.migrate import upgrade_async
from storage.queries.common import ANSWERS, ATTEMPTS, LEARNERS
from storage.queries.mil_check import ANSWERS as SORTED
from storage.queries.mil_check import RUNS

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CLASS, TEACHER = 40, 1


Rows = dict[str, list[dict[str, Any]]]


def _lessons_done(rows: Rows, bank: Bank, learner: int, ids: Iterator[int]) -> None:
    """Every lesson of the bank finished (every other one twice), every question answered."""
    for n, lesson in enumerate(bank.lessons.values()):
        for _ in range(1 + n % 2):  # every other lesson taken twice
            attempt = next(ids)
            rows["attempts"].append(
                {
                    "id": attempt,
                    "learner_id": learner,
                    "lesson_id": lesson.id,
                    "started_at": NOW,
                    "position": 99,
                    "finished_at": NOW,
                    "selection": 0,
                    "challenge_code": None,
                }
            )
            for position, question in enumerate(lesson.questions):
                rows["answers"].append(
                    {
                        "attempt_id": attempt,
                        "learner_id": learner,
                        "lesson_id": lesson.id,
                        "question_id": question.id,
                        "position": position,
                        "choice": str((learner + position) % 2),
                        "correct": (learner + position) % 3 > 0,
                        "answered_at": NOW,
                    }
                )


def _checks_done(rows: Rows, bank: Bank, learner: int, ids: Iterator[int]) -> None:
    """Both MIL checks, the pre and the post, every post sorted."""
    forms = bank.checks[CHECK_ID].forms
    for phase, form in (("pre", forms[0]), ("post", forms[1])):
        run = next(ids)
        rows["runs"].append(
            {
                "id": run,
                "learner_id": learner,
                "phase": phase,
                "form": form.form,
                "started_at": NOW,
                "finished_at": NOW,
            }
        )
        for position, item in enumerate(form.items):
            rows["sorted"].append(
                {
                    "run_id": run,
                    "position": position,
                    "item_id": item.id,
                    "said_manipulative": (learner + position) % 4 > 0,
                    "answered_at": NOW,
                }
            )


def _progress(bank: Bank, learners: range, ids: Iterator[int]) -> Rows:
    """Rows for the learners' progress; attempts and check runs take their ids from `ids`."""
    rows: Rows = {"learners": [], "attempts": [], "answers": [], "runs": [], "sorted": []}
    for learner in learners:
        rows["learners"].append(
            {
                "id": learner,
                "language": "en",
                "first_seen": NOW,
                "last_seen": NOW,
                "challenge_notices": True,
                "first_name": f"Learner {learner}",
            }
        )
        _lessons_done(rows, bank, learner, ids)
        _checks_done(rows, bank, learner, ids)
    return rows


async def _seed(url: str, bank: Bank, others: int) -> int:
    """The teacher, the class (learners 2 to 41) and `others` learners; the class's id."""
    engine = make_engine(url)
    async with engine.begin() as connection:
        learners = range(TEACHER, TEACHER + CLASS + others + 1)
        ids = itertools.count(1)
        tables = (
            (LEARNERS, "learners"),
            (ATTEMPTS, "attempts"),
            (ANSWERS, "answers"),
            (RUNS, "runs"),
            (SORTED, "sorted"),
        )
        for start in range(learners.start, learners.stop, 500):
            rows = _progress(bank, range(start, min(start + 500, learners.stop)), ids)
            for table, key in tables:
                await connection.execute(table.insert(), rows[key])
    await engine.dispose()
    database = Database(url)
    async with database.unit() as store, store.transaction():
        made = await store.classes.create_class(TEACHER, "7B Media", "abcdefghijkl", NOW)
        for learner in range(TEACHER + 1, TEACHER + CLASS + 1):
            await store.classes.join(made.id, learner, NOW)
    await database.close()
    return made.id


async def _timed(rounds: int, step: Callable[[int], Awaitable[object]]) -> list[float]:
    times = []
    for n in range(rounds):
        started = time.perf_counter()
        await step(n)
        times.append(time.perf_counter() - started)
    return times


def _line(name: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"{name:<34} median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms"


async def main(others: int, rounds: int) -> None:
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        await upgrade_async(url)
        class_id = await _seed(url, bank, others)
        database = Database(url)
        members = list(range(TEACHER + 1, TEACHER + CLASS + 1))
        t = translator("en")

        async def reads(_: int) -> object:
            async with database.unit() as store, store.transaction():
                return await store.reports.class_work(members)

        async def report(_: int) -> object:
            async with database.unit() as store:
                return await Tutor(bank, store).class_reports.report(TEACHER, class_id)

        async with database.unit() as store:
            built = await Tutor(bank, store).class_reports.report(TEACHER, class_id)
        assert built is not None and len(built.members) == CLASS

        async def words(_: int) -> object:
            class_report_render.report_messages(built, bank, t, "en")
            return class_report_files.csv_bytes(built, bank, t, "en")

        async def chart(n: int) -> object:
            fresh = replace(built, name=f"7B Media {n}")  # never the cached picture
            return class_chart_png(class_report_files.chart(fresh, t, "en"))

        answers = sum(len(lesson.questions) for lesson in bank.lessons.values())
        print(
            f"class of {CLASS}, {others} other learners, {len(bank.lessons)} lessons "
            f"({answers} questions) each, half taken twice; {rounds} rounds"
        )
        steps = (
            ("the three reads", reads),
            ("the whole report (reads + sums)", report),
            ("its words and the CSV", words),
            ("the chart (drawn fresh)", chart),
        )
        for name, step in steps:
            print(_line(name, await _timed(rounds, step)))
        print(
            f"CSV: {len(class_report_files.csv_bytes(built, bank, t, 'en'))} bytes, "
            f"{len(built.rows)} rows"
        )
        await database.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--others", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=30)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.others, arguments.rounds))
