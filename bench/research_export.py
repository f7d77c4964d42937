"""How fast `milclicks research export` writes, and what memory it holds, on an SQLite file.

Fills a migrated SQLite file with learners (each in one of 40 classes, with a finished pre
check of 16 sorts and two runs through 5 lessons of 4 questions: 40 answers), then times
each of the three exports (the command itself, as a process) into a CSV file and prints
rows a second and each export process's peak resident memory.

    .venv/bin/python bench/research_export.py [--learners 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, create_engine, insert

from bot.bank.check.loader import load_bank
from bot.learning.mil_check import CHECK_ID
from storage.migrate import upgrade_async
from storage.tables import (
    AnswerRow,
    AttemptRow,
    CheckAnswerRow,
    CheckRunRow,
    ClassMemberRow,
    ClassRow,
    LearnerRow,
)

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)
CLASSES = 40


def _table(row: Any) -> Table:
    return cast(Table, row.__table__)


def _fill(path: Path, learners: int, kinds: dict[tuple[str, str], bool]) -> None:
    items = sorted(item for form, item in kinds if form == "a")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as db:
        db.execute(
            insert(_table(LearnerRow)),
            [
                {"id": i, "language": "en", "first_seen": NOW, "last_seen": NOW,
                 "challenge_notices": True}
                for i in range(1, learners + 1)
            ],
        )  # fmt: skip
        db.execute(
            insert(_table(ClassRow)),
            [
                {"id": c, "teacher_id": 1, "name": f"class {c}", "join_code": f"code{c:08d}",
                 "names_shown": False, "created_at": NOW, "closed_at": None}
                for c in range(1, CLASSES + 1)
            ],
        )  # fmt: skip
        db.execute(
            insert(_table(ClassMemberRow)),
            [
                {"class_id": 1 + i % CLASSES, "learner_id": i, "joined_at": NOW}
                for i in range(1, learners + 1)
            ],
        )
        attempts, answers, runs, sorts = [], [], [], []
        for i in range(1, learners + 1):
            done = NOW + timedelta(minutes=3)
            runs.append({"id": i, "learner_id": i, "phase": "pre", "form": "a",
                         "started_at": NOW, "finished_at": done})  # fmt: skip
            sorts += [
                {"run_id": i, "position": p, "item_id": item, "said_manipulative": p % 3 == 0,
                 "answered_at": NOW}
                for p, item in enumerate(items)
            ]  # fmt: skip
            for n in range(10):
                attempt = (i - 1) * 10 + n + 1
                lesson = f"lesson-{n % 5}"
                attempts.append({"id": attempt, "learner_id": i, "lesson_id": lesson,
                                 "started_at": NOW, "position": 0, "finished_at": NOW,
                                 "selection": 0, "challenge_code": None})  # fmt: skip
                answers += [
                    {"attempt_id": attempt, "learner_id": i, "lesson_id": lesson,
                     "question_id": f"q{q}", "position": q, "choice": "1",
                     "correct": (i + q) % 4 != 0, "answered_at": NOW + timedelta(days=n)}
                    for q in range(4)
                ]  # fmt: skip
        db.execute(insert(_table(CheckRunRow)), runs)
        db.execute(insert(_table(CheckAnswerRow)), sorts)
        db.execute(insert(_table(AttemptRow)), attempts)
        db.execute(insert(_table(AnswerRow)), answers)
    engine.dispose()


# The command, then its own peak resident size (VmHWM: this process image only; getrusage
# would count the parent's memory, which a spawned child inherits until exec).
CHILD = """
import sys
from bot.cli import main
code = main(sys.argv[1:])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(int(peak.split()[1]) // 1024, file=sys.stderr)
sys.exit(code)
"""


def _export(url: str, what: str, out: Path) -> tuple[float, int]:
    """`milclicks research export` as a process, as an operator runs it: seconds taken
    and its peak memory (MiB)."""
    environment = {**os.environ, "DATABASE_URL": url, "RESEARCH_SECRET": "s" * 32}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "research", "export", "--what", what, "--out", str(out)],
        env=environment, check=True, capture_output=True, cwd=out.parent, text=True,
    )  # fmt: skip
    return time.perf_counter() - started, int(done.stderr.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=20_000)
    args = parser.parse_args()
    bank = load_bank(REPO / "lessons", REPO / "quizzes").bank
    forms = bank.checks[CHECK_ID].forms
    kinds: dict[tuple[str, str], bool] = {
        (f.form, item.id): item.manipulative for f in forms for item in f.items
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
        asyncio.run(upgrade_async(url))
        started = time.perf_counter()
        _fill(path, args.learners, kinds)
        print(
            f"filled {args.learners} learners ({args.learners * 40} lesson answers,"
            f" {args.learners * 16} check sorts) in {time.perf_counter() - started:.1f} s"
        )
        for what in ("checks", "answers", "items"):
            out = Path(folder) / f"{what}.csv"
            took, peak = _export(url, what, out)
            with out.open(encoding="utf-8") as handle:
                rows = sum(1 for _ in handle) - 1
            print(
                f"{what}: {rows} rows in {took:.2f} s ({rows / took:,.0f} rows/s),"
                f" {out.stat().st_size / 2**20:.1f} MiB; peak memory {peak} MiB"
            )


if __name__ == "__main__":
    main()
