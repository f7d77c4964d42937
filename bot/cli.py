"""The `milclicks` command line: run the bot, play offline, check lessons, migrate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="milclicks",
        description="MIL CLICKS: media and information literacy lessons on Telegram.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run the bot (long polling, or a webhook)")
    run.add_argument(
        "--webhook", action="store_true", help="serve a webhook at WEBHOOK_URL instead of polling"
    )
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
    db = commands.add_parser("db", help="manage the progress database")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="migrate the database to the newest schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `milclicks` command; returns the exit code."""
    args = _parser().parse_args(argv)
    settings = Settings()
    if args.command == "lessons":
        from bot.bank.check.checker import check_bank

        outcome = check_bank(
            args.lessons_dir or settings.lessons_dir,
            args.quizzes_dir or settings.quizzes_dir,
            paths=args.paths,
            strict=args.strict,
            languages=args.languages,
        )
        try:
            print("\n".join(outcome.lines))
        except BrokenPipeError:  # `milclicks lessons check | head` closed the pipe early
            sys.stdout = None
        return outcome.exit_code
    if args.command == "play":
        from bot.terminal import play

        return play(settings, lesson_id=args.lesson, language=args.language)
    if args.command == "db":
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        print(f"database is up to date: {settings.database_url}")
        return 0
    from bot.runner import run

    return run(settings, webhook=args.webhook)


if __name__ == "__main__":
    sys.exit(main())
