"""`milclicks preview`: where a path's bank is, and a bank that follows the files as they change.

On each change the bank is checked again: a clean bank is served at once; a bank with
errors leaves the last good one in place, and the checker's lines go to the page.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchfiles import awatch

from bot.bank.bank import Bank
from bot.bank.check.loader import LoadResult, load_bank
from bot.sandbox.web.sandbox import Sandbox

log = logging.getLogger("milclicks")
LANGUAGE_SUFFIX_PARTS = 2  # emotion-check.pt.yaml: the lesson id is the first part


@dataclass(frozen=True)
class PreviewTarget:
    """The bank a path belongs to, and the lesson it names (for a lesson file)."""

    lessons_dir: Path
    quizzes_dir: Path
    lesson_id: str | None


def target_of(path: Path, default_quizzes: Path) -> PreviewTarget:
    """Where the bank is for a lesson file, a theme folder, a lessons folder or a bank root
    (a folder with `lessons/` and `quizzes/`); quiz pools sit beside `lessons/` if there."""
    path = path.resolve()
    lesson_id = None
    if path.is_file():
        lesson_id = path.name.split(".")[0]
        lessons_dir = path.parent.parent
    elif (path / "lessons").is_dir():
        lessons_dir = path / "lessons"
    elif any(p.suffix in (".yaml", ".yml") for p in path.glob("*.y*ml")):
        lessons_dir = path.parent  # a theme folder
    else:
        lessons_dir = path
    beside = lessons_dir.parent / "quizzes"
    return PreviewTarget(lessons_dir, beside if beside.is_dir() else default_quizzes, lesson_id)


class LiveBank:
    """The bank of the moment; the bot asks it for the bank at every update."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank

    def __call__(self) -> Bank:
        """The bank to serve now."""
        return self.bank


def problem_lines(result: LoadResult) -> list[str]:
    """The checker's `file:line:column: ...` lines for the errors of a load."""
    return [str(p) for p in result.errors]


async def follow(
    live: LiveBank,
    target: PreviewTarget,
    report: Callable[[list[str], Bank | None], None],
    stop: asyncio.Event,
    *,
    root: Path | None = None,
) -> None:
    """Check the bank again after each change to its files; `report(problems, new_bank)`
    gets the errors (and keeps the last good bank) or the new bank to serve."""
    folders = [p for p in (target.lessons_dir, target.quizzes_dir) if p.is_dir()]
    async for _changes in awatch(*folders, stop_event=stop, debounce=300, step=50):
        result = await asyncio.to_thread(
            load_bank, target.lessons_dir, target.quizzes_dir, root=root
        )
        errors = problem_lines(result)
        if errors or not result.bank.lessons:
            log.warning(
                "the bank has %d error(s); still serving the last good one:\n%s",
                len(errors),
                "\n".join(errors),
            )
            report(errors or ["no valid lessons in the bank"], None)
            continue
        live.bank = result.bank
        report([], result.bank)


def watcher(
    live: LiveBank, target: PreviewTarget, first: list[str], *, root: Path | None = None
) -> Callable[[Sandbox, asyncio.Event], Coroutine[Any, Any, None]]:
    """What runs beside the preview's bot: the first check's errors on the page, then the
    bank followed as its files change."""

    async def watch(sandbox: Sandbox, stop: asyncio.Event) -> None:
        def report(problems: list[str], bank: Bank | None) -> None:
            sandbox.checked(problems, len(bank.lessons) if bank is not None else None)

        if first:
            report(first, None)
        await follow(live, target, report, stop, root=root)

    return watch
