"""Where the bot's CPU goes, from a py-spy profile of `bench/bot_throughput.py`.

py-spy samples the bot's process (the learners and the loopback server run in a child
process, which is not sampled); this script sorts the samples by who spends them:

    py-spy record -r 250 -f raw -o bot.raw -- .venv/bin/python bench/bot_throughput.py --profile
    .venv/bin/python bench/cpu_breakdown.py bot.raw

A sample belongs to the innermost frame that is not the standard library (asyncio's own
loop, json, ssl and so on count for the library that called them), except that SQLite's
own C code is counted under the SQLAlchemy frames that call it. Samples from outside the
event loop's run (loading the bank, migrating), from worker threads (drawing the
competency chart) and from imports are left out. Reading Telegram's answers into
`Message` objects is counted apart, as part of python-telegram-bot.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
# (share name, the first path parts of a frame's file that put it there), checked in order
OWNERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aiohttp", ("aiohttp/", "multidict/", "yarl/", "aiohappyeyeballs/", "propcache/")),
    ("httpx", ("httpx/", "httpx_aiohttp/", "httpcore/", "anyio/", "h11/", "sniffio/")),
    ("python-telegram-bot", ("telegram/",)),
    ("SQLAlchemy", ("sqlalchemy/",)),
    ("SQLite driver", ("aiosqlite/", "sqlite3/")),
    ("the bot's own code", ("bot/", "storage/")),
    ("babel, gettext", ("babel/", "gettext.py")),
    ("benchmark timing", ("bot_throughput.py", "bench/")),
)
LEFT_OUT = (
    "load_bank",
    "upgrade_async",
    "Thread._bootstrap",
    "freeze_startup_objects",
    "_find_and_load",
)
IN_LOOP = "BaseEventLoop._run_once"
SQLITE_CALLS = (
    "DefaultDialect.do_execute ",
    "DefaultDialect.do_commit ",
    "DefaultDialect.do_rollback ",
    "CursorFetchStrategy.fetch",
)
PARSING = ("Message.de_json", "Message._de_json")


def owner(stack: list[str]) -> str:
    """Who spends a sample: the innermost frame outside the standard library."""
    for frame in reversed(stack):
        if frame.startswith(SQLITE_CALLS):  # SQLite's C code runs under these frames
            return "SQLite (running statements)"
        match = FRAME.match(frame)
        path = match["file"] if match else frame
        for name, prefixes in OWNERS:
            if any(path.startswith(p) or f"site-packages/{p}" in path for p in prefixes):
                return name
    return "the event loop, other"


def breakdown(lines: list[str]) -> tuple[Counter[str], int]:
    """Samples per owner, and how many of python-telegram-bot's are reading replies."""
    shares: Counter[str] = Counter()
    parsing = 0
    for line in lines:
        stack_text, _, count_text = line.rpartition(" ")
        if IN_LOOP not in stack_text or any(marker in stack_text for marker in LEFT_OUT):
            continue
        stack = stack_text.split(";")
        who = owner(stack)
        shares[who] += int(count_text)
        replying = "Update.de_json" not in stack_text and "Update._de_json" not in stack_text
        if who == "python-telegram-bot" and replying and any(p in stack_text for p in PARSING):
            parsing += int(count_text)
    return shares, parsing


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("profile", type=Path, help="py-spy's raw (collapsed) output")
    args = parser.parse_args()
    shares, parsing = breakdown(args.profile.read_text().splitlines())
    total = sum(shares.values())
    print(f"{total} samples of the bot's event loop")
    for name, samples in shares.most_common():
        print(f"{name:<24} {100 * samples / total:5.1f} %")
    print(
        f"{'  of which reading replies into Message objects':<48} {100 * parsing / total:5.1f} %"
    )


if __name__ == "__main__":
    main()
