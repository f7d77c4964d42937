"""`milclicks run` with no token, and `milclicks preview PATH`: the sandbox from settings."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bot.bank.check.loader import load_bank
from bot.config import Settings
from bot.sandbox.launch import SandboxSetup, screen, serve
from bot.sandbox.preview import LiveBank, problem_lines, target_of, watcher
from bot.sandbox.server import spec as api_spec
from bot.sandbox.web.sandbox import Sandbox
from bot.telegram.start import LESSON_PAYLOAD

log = logging.getLogger("milclicks")


def _setup(settings: Settings, start_payload: str | None = None) -> SandboxSetup:
    return SandboxSetup(
        port=settings.sandbox_port,
        database_url=settings.sandbox_database_url,
        spec_path=settings.telegram_api_spec or api_spec.default_spec_path(),
        admin_ids=frozenset(settings.admin_ids),
        start_payload=start_payload,
    )


def _logging(settings: Settings) -> None:
    # The screen is the sandbox's message; logs stay quiet unless LOG_LEVEL asks for them.
    level = settings.log_level if "log_level" in settings.model_fields_set else "WARNING"
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _print(text: str) -> None:
    print(text, flush=True)


def run_sandbox(settings: Settings) -> int:
    """The bot on the shipped bank, in the sandbox, until Ctrl+C or SIGTERM."""
    _logging(settings)
    result = load_bank(settings.lessons_dir, settings.quizzes_dir)
    if not result.bank.lessons:
        log.error("no valid lessons in %s", settings.lessons_dir)
        return 1
    setup = _setup(settings)
    return asyncio.run(
        serve(
            setup,
            result.bank,
            announce=lambda url, sandbox: _print(screen(url, setup, sandbox.notes.checking)),
        )
    )


def preview_bank(settings: Settings, path: Path) -> int:
    """The sandbox on the bank at `path`, opening into its lesson, following file changes.

    A preview keeps its progress in a throwaway database: every run starts fresh, on the
    bank as it is now."""
    _logging(settings)
    if not path.exists():
        print(f"{path}: no such file or folder (check the path)", file=sys.stderr)
        return 1
    target = target_of(path, settings.quizzes_dir)
    result = load_bank(target.lessons_dir, target.quizzes_dir, root=Path.cwd())
    live = LiveBank(result.bank)
    first = problem_lines(result)
    payload = f"{LESSON_PAYLOAD}{target.lesson_id}" if target.lesson_id else None

    watch = watcher(live, target, first, root=Path.cwd())

    with tempfile.TemporaryDirectory(prefix="milclicks-preview-") as folder:
        setup = replace(
            _setup(settings, payload),
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'preview.sqlite3'}",
        )

        def announce(url: str, sandbox: Sandbox) -> None:
            _print(screen(url, setup, sandbox.notes.checking, preview=str(path)))
            for line in first:
                print(line, file=sys.stderr)

        return asyncio.run(serve(setup, live, announce=announce, beside=watch))
