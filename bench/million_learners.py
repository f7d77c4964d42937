"""The statements a learner waits for, timed on an SQLite file of a million learners.

Builds (or reuses, with --keep) a migrated SQLite database of N learners, each with two
finished attempts of three answers, a poll and an activity day, and one challenge per ten
learners, then times each statement the bot runs while a learner waits, as
`storage.queries` runs it, for learners spread across the table (the best of 5 per
learner, the median and the worst over 200 learners); and the admin counts once.

    .venv/bin/python bench/million_learners.py [--learners 1000000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import Session

from storage import queries
from storage.engines import make_sync_engine
from storage.migrate import upgrade_async

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
FIRST = 5_000_000_000


def build(path: Path, learners: int) -> None:
    """Fill a migrated database, in batches, straight through sqlite3."""
    asyncio.run(upgrade_async(f"sqlite+aiosqlite:///{path}"))
    stamp = T0.isoformat(sep=" ")
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        batch = 50_000
        for start in range(0, learners, batch):
            ids = range(start, min(start + batch, learners))
            db.executemany(
                "INSERT INTO learners VALUES (?, 'en', ?, ?, 1)",
                ((FIRST + n, stamp, stamp) for n in ids),
            )
            db.executemany(
                "INSERT INTO activity_days VALUES (?, '2026-03-01')", ((FIRST + n,) for n in ids)
            )
            db.executemany(
                "INSERT INTO challenges VALUES (?, ?, 'Sam', 'emotion-check', 'a,b,c', 2, 3,"
                " ?, ?, NULL)",
                ((f"C{n:08d}", FIRST + n, stamp, stamp) for n in ids if n % 10 == 0),
            )
            db.executemany(
                "INSERT INTO attempts (id, learner_id, lesson_id, started_at, position,"
                " finished_at, selection, challenge_code) VALUES (?, ?, ?, ?, 9, ?, 0, NULL)",
                (
                    (2 * n + k + 1, FIRST + n, ("emotion-check", "either-or")[k], stamp, stamp)
                    for n in ids
                    for k in (0, 1)
                ),
            )
            db.executemany(
                "INSERT INTO answers (attempt_id, learner_id, lesson_id, question_id, position,"
                " choice, correct, answered_at) VALUES (?, ?, 'emotion-check', ?, ?, '1', ?, ?)",
                (
                    (2 * n + k + 1, FIRST + n, f"q{p}", p, p != 1, stamp)
                    for n in ids
                    for k in (0, 1)
                    for p in range(3)
                ),
            )
            db.executemany(
                "INSERT INTO polls VALUES (?, ?, ?, 4, ?)",
                ((f"p{n}", FIRST + n, 2 * n + 1, stamp) for n in ids),
            )
            db.commit()


def _time(call: Callable[[], Any], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def measure(path: Path, learners: int) -> None:
    engine = make_sync_engine(f"sqlite+aiosqlite:///{path}")
    rng = random.Random(7)
    sample = [FIRST + rng.randrange(learners) for _ in range(200)]
    statements: dict[str, Callable[[Session, int], Any]] = {
        "learner": queries.learner,
        "open_attempt": queries.open_attempt,
        "best_result": lambda s, n: queries.best_result(s, n, "emotion-check"),
        "latest_finished": queries.latest_finished,
        "finished_lessons": queries.finished_lessons,
        "tallies": queries.tallies,
        "days_active": queries.days_active,
        "peer_record": queries.peer_record,
        "challenges_since": lambda s, n: queries.challenges_since(s, n, T0 - timedelta(days=1)),
        "find_poll": lambda s, n: queries.find_poll(s, f"p{n - FIRST}"),
        "attempt": lambda s, n: queries.attempt(s, 2 * (n - FIRST) + 1),
    }
    print(f"{learners:,} learners; ms per statement over {len(sample)} learners")
    print(f"{'statement':<18} {'median':>8} {'worst':>8}")
    with Session(engine) as session:
        for name, statement in statements.items():
            times = [_time(partial(statement, session, n)) for n in sample]
            print(f"{name:<18} {statistics.median(times):8.3f} {max(times):8.3f}")
        counted = _time(lambda: queries.totals(session, T0 - timedelta(days=7)), repeat=1)
    print(f"admin counts (/stats, off the event loop): {counted:.0f} ms")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="database file to build once and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "million.sqlite3"
        if not path.exists():
            started = time.perf_counter()
            build(path, args.learners)
            print(f"built in {time.perf_counter() - started:.0f} s: {path}")
        measure(path, args.learners)


if __name__ == "__main__":
    main()
