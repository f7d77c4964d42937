"""How long one pass of the group-round keeper takes with many rounds open at once.

Every two seconds the keeper asks the database which open rounds have a poll due or a
summary to send; on SQLite that pass runs in the event loop, so it is time no learner's
update is handled. This fills a fresh SQLite file with `--rounds` open rounds (each with
one poll still open, the usual state), then times `RoundDesk.due` with nothing due.

    .venv/bin/python bench/group_rounds.py [--rounds 1000] [--passes 20]

Exits 1 when a pass over 1,000 open rounds takes 50 ms or more.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.bank.check.loader import load_bank  # noqa: E402
from bot.bank.themes import Theme  # noqa: E402
from bot.learning.group_round import pick_items, theme_items  # noqa: E402
from bot.learning.records import Learner  # noqa: E402
from bot.learning.round_desk import RoundDesk  # noqa: E402
from bot.learning.round_records import GroupLink, RoundPoll  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
GOAL_MS = 50.0


async def _fill(database: Database, rounds: int, items: tuple[str, ...]) -> None:
    rng = random.Random(1)
    async with database.unit() as store, store.transaction():
        for n in range(rounds):
            teacher = 10_000 + n
            await store.save_learner(Learner(teacher, "en", NOW, NOW))
            made = await store.classes.create_class(teacher, f"class {n}", f"code{n:08d}", NOW)
            await store.rounds.save_link(GroupLink(made.id, f"g{n:09d}", -n - 1, NOW))
            found = await store.rounds.new_round(
                made.id, -n - 1, "literacy", pick_items(items, rng), NOW
            )
            closes = NOW + timedelta(seconds=45)
            await store.rounds.add_poll(
                RoundPoll(f"p{n}", found.id, 0, found.item_ids[0], 0, closes)
            )


async def main(rounds: int, passes: int) -> int:
    bank = load_bank(
        REPO / "lessons", REPO / "quizzes", cues_file=REPO / "cues" / "cues.yaml"
    ).bank
    items = theme_items(bank, Theme.LITERACY)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        await upgrade_async(url)
        database = Database(url)
        await _fill(database, rounds, items)
        timings = []
        for _ in range(passes):
            async with database.unit() as store:
                started = time.perf_counter()
                moves = await RoundDesk(bank, store).due(NOW + timedelta(seconds=10))
                timings.append((time.perf_counter() - started) * 1000)
            assert moves == []
        await database.close()
    median = statistics.median(timings)
    print(f"open rounds: {rounds}; passes: {passes}")
    print(f"one keeper pass: median {median:.1f} ms, max {max(timings):.1f} ms")
    goal = GOAL_MS * rounds / 1000
    print(f"goal: under {goal:.0f} ms -> {'met' if median < goal else 'MISSED'}")
    return 0 if median < goal else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=20)
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.rounds, arguments.passes)))
