"""The `milclicks` command line: run the bot, play offline, check lessons, migrate, and
export research data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config import Settings, masked, prepare_libraries, setting_errors, unreachable


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="milclicks",
        description="MIL CLICKS: media and information literacy lessons on Telegram.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run the bot (long polling, or a webhook; with no token, the sandbox)"
    )
    run.add_argument(
        "--webhook", action="store_true", help="serve a webhook at WEBHOOK_URL instead of polling"
    )
    preview = commands.add_parser(
        "preview", help="try a lesson bank in the local sandbox, checked again on every change"
    )
    preview.add_argument("path", type=Path, help="a lesson file, or a folder of the bank")
    play = commands.add_parser("play", help="take lessons in the terminal, no Telegram needed")
    play.add_argument("lesson", nargs="?", help="a lesson id (default: pick from a menu)")
    play.add_argument("--language", default="en", help="lesson language (default: en)")
    lessons = commands.add_parser("lessons", help="work with the lesson bank")
    lesson_commands = lessons.add_subparsers(
        dest="lessons_command", required=True, metavar="ACTION"
    )
    check = lesson_commands.add_parser("check", help="check lessons and quiz pools")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders to report on (default: the whole bank)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--language",
        action="append",
        dest="languages",
        metavar="LANG",
        help="report translation warnings only for LANG (repeatable)",
    )
    check.add_argument("--lessons-dir", type=Path, help="lesson bank (default: LESSONS_DIR)")
    check.add_argument("--quizzes-dir", type=Path, help="quiz pools (default: QUIZZES_DIR)")
    check.add_argument(
        "--cues-file", type=Path, help="the post check's cue rules (default: CUES_FILE)"
    )
    db = commands.add_parser("db", help="manage the progress database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="migrate the database to the newest schema")
    db_commands.add_parser(
        "forget-inactive",
        help="erase learners not seen for RETENTION_MONTHS (run it daily, e.g. from cron)",
    )
    _research_parser(commands)
    return parser


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-09-01") from None


def _research_parser(commands: Any) -> None:
    research = commands.add_parser("research", help="data for MIL assessment research")
    actions = research.add_subparsers(dest="research_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="an anonymised CSV of MIL check results or lesson answers"
    )
    export.add_argument(
        "--what",
        choices=("checks", "answers", "items"),
        default="checks",
        help="checks: one row per MIL check run; answers: one per lesson answer;"
        " items: per question and check item (default: checks)",
    )
    export.add_argument("--out", type=Path, help="the CSV file (default: standard output)")
    export.add_argument(
        "--since", type=_day, metavar="DATE", help="only work on or after DATE (YYYY-MM-DD)"
    )


def _forget_inactive(settings: Settings) -> int:
    """`milclicks db forget-inactive`: the retention period, applied once."""
    import asyncio
    from datetime import UTC, datetime

    from bot.learning.privacy import forget_inactive
    from storage.database import Database

    async def erase() -> int:
        database = Database(settings.database_url)
        try:
            async with database.unit() as store:
                return await forget_inactive(store, datetime.now(UTC), settings.retention_months)
        finally:
            await database.close()

    try:
        erased = asyncio.run(erase())
    except Exception as error:  # the driver's own errors: refused, unknown host, auth
        print(unreachable(settings.database_url, error), file=sys.stderr)
        return 1
    print(f"erased {erased} learner(s) not seen for {settings.retention_months} months")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `milclicks` command; returns the exit code."""
    prepare_libraries()
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print("\n".join(setting_errors(error)), file=sys.stderr)
        return 1
    if args.command == "lessons":
        from bot.bank.check.checker import check_bank

        outcome = check_bank(
            args.lessons_dir or settings.lessons_dir,
            args.quizzes_dir or settings.quizzes_dir,
            paths=args.paths,
            strict=args.strict,
            languages=args.languages,
            cues_file=args.cues_file or settings.cues_file,
        )
        try:
            print("\n".join(outcome.lines))
        except BrokenPipeError:  # `milclicks lessons check | head` closed the pipe early
            sys.stdout = None
        return outcome.exit_code
    if args.command == "play":
        from bot.terminal import play

        return play(settings, lesson_id=args.lesson, language=args.language)
    if args.command == "research":
        from bot.research_export import export

        return export(settings, args.what, args.out, args.since)
    if args.command == "db" and args.db_command == "forget-inactive":
        return _forget_inactive(settings)
    if args.command == "db":
        from storage.migrate import upgrade

        try:
            upgrade(settings.database_url)
        except Exception as error:  # the driver's own errors: refused, unknown host, auth
            print(unreachable(settings.database_url, error), file=sys.stderr)
            return 1
        print(f"database is up to date: {masked(settings.database_url)}")
        return 0
    if args.command == "preview":
        from bot.sandbox.entry import preview_bank

        return preview_bank(settings, args.path)
    from bot.runner import run

    return run(settings, webhook=args.webhook)


if __name__ == "__main__":
    sys.exit(main())
