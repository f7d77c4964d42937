"""`milclicks run`: check the setup, migrate SQLite, and poll Telegram until stopped (with
no token, run the local sandbox instead)."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from bot.bank.check.loader import load_bank
from bot.config import Settings, unreachable
from bot.log_lines import JsonLines

if TYPE_CHECKING:
    from bot.bank.bank import Bank
    from bot.telegram.sending import Sending
    from storage.database import Database

log = logging.getLogger("milclicks")

SHOWN_PROBLEMS = 10
# sysexits' "configuration error": `make run` shows the setup screen without a make error.
EX_CONFIG = 78


WEBHOOK_SCREEN = """\
Webhook mode needs the public HTTPS address Telegram should post updates to:

    WEBHOOK_URL=https://bot.example.org/telegram

(in .env or the environment). See "Deployment" in README.md.
"""


class Redacting(logging.Formatter):
    """A formatter that blanks out secrets, tracebacks included, whoever logs them."""

    def __init__(self, fmt: str, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        self._secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[secret]")
        return text


def configure_logging(level: str, secrets: tuple[str, ...] = (), *, as_json: bool = False) -> None:
    """Plain logs (or JSON lines) with secrets blanked out; httpx, which logs every request
    URL (and so the token), is quieted, and so is python-telegram-bot's DEBUG, which logs
    content."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonLines(secrets)
        if as_json
        else Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    logging.basicConfig(level=level.upper(), handlers=[handler])
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # python-telegram-bot's DEBUG lines carry whole updates and calls: learners' names and
    # words. The bot's own lines name updates by id and kind only, at every level.
    logging.getLogger("telegram").setLevel(max(logging.INFO, logging.getLevelName(level.upper())))


def run(settings: Settings, *, webhook: bool = False) -> int:
    """Run the bot with long polling, or behind a webhook (`webhook`, or WEBHOOK_URL set);
    returns the exit code (0 after SIGTERM or Ctrl+C)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        from bot.sandbox.entry import run_sandbox

        return run_sandbox(settings)  # no token yet: the same bot, in the local sandbox
    if webhook and not settings.webhook_url:
        print(WEBHOOK_SCREEN, file=sys.stderr)
        return EX_CONFIG
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    configure_logging(
        settings.log_level,
        (settings.telegram_bot_token.get_secret_value(), secret or ""),
        as_json=settings.log_json,
    )
    bank = _checked_bank(settings)
    if bank is None or not _database_ready(settings):
        return 1
    from storage.database import Database

    database = Database(settings.database_url)
    if settings.webhook_url:
        return _run_webhook(settings, bank, database, secret)
    return _run_polling(settings, bank, database)


def _checked_bank(settings: Settings) -> Bank | None:
    """The lesson bank, or None after saying what is wrong with it."""
    result = load_bank(settings.lessons_dir, settings.quizzes_dir, cues_file=settings.cues_file)
    if result.errors:  # never serve a bank with errors: say which files, then stop
        for problem in result.errors[:SHOWN_PROBLEMS]:
            log.error("%s", problem)
        log.error(
            "the lesson bank has %d problem(s); fix them (run `milclicks lessons check`)"
            " and start again",
            len(result.errors),
        )
        return None
    if not result.bank.lessons:
        log.error("no valid lessons in %s", settings.lessons_dir)
        return None
    return result.bank


def _database_ready(settings: Settings) -> bool:
    """SQLite: this process alone on the file, migrated; a server: its schema current."""
    from storage.migrate import is_current, upgrade
    from storage.process_lock import AlreadyRunningError, ProcessLock, sqlite_path

    database_file = sqlite_path(settings.database_url)
    if database_file is not None:
        try:  # held until the process ends
            ProcessLock(database_file).acquire()
        except AlreadyRunningError as holder:
            log.error(
                "another MIL CLICKS bot (process %s) is already running on %s; stop it first,"
                " or give this one its own DATABASE_URL",
                holder,
                database_file,
            )
            return False
    try:
        if database_file is not None:
            upgrade(settings.database_url)
        elif not is_current(settings.database_url):
            log.error("the database schema is out of date: run `milclicks db upgrade` first")
            return False
    except Exception as error:  # the driver's own errors: refused, unknown host, auth
        log.error(unreachable(settings.database_url, error))
        return False
    return True


def _sending(settings: Settings) -> Sending:
    """The sender runs in one worker at a time (an advisory lock on PostgreSQL)."""
    from bot.telegram.sending import Sending
    from storage.leader_claim import sender_claim

    every = settings.sender_claim_seconds
    return Sending(sender_claim(settings.database_url, every), every)


def _run_polling(settings: Settings, bank: Bank, database: Database) -> int:
    from bot.telegram.app import build_application
    from bot.telegram.serving import serve
    from storage.outbox_sql import SqlOutbox

    assert settings.telegram_bot_token is not None
    sending = _sending(settings)
    application = build_application(
        settings.telegram_bot_token.get_secret_value(),
        settings.bot_api_base,
        bank,
        database.unit,
        frozenset(settings.admin_ids),
        outbox=SqlOutbox(database),
        send_rate=settings.send_rate,
        post_check_after=settings.mil_check_post_after,
        retention_months=settings.retention_months,
        sending=sending,
        poll_seconds=settings.group_poll_seconds,
    )

    async def _close(_: object) -> None:
        await sending.claim.close()
        await database.close()

    application.post_shutdown = _close
    log.info("MIL CLICKS is running with %d lessons; stop with Ctrl+C", len(bank.lessons))
    code = serve(application, settings.bot_api_base)
    if code == 0:
        log.info("stopped cleanly")
    return code


def _run_webhook(settings: Settings, bank: Bank, database: Database, secret: str | None) -> int:
    from bot.webhook_runner import Hook, Tuning, listening_socket, new_secret, serve_webhook
    from storage.outbox_sql import SqlOutbox

    assert settings.telegram_bot_token is not None and settings.webhook_url is not None
    if secret is None:
        secret = new_secret()
        log.info("WEBHOOK_SECRET is not set: using a new one (one worker only)")
    hook = Hook(settings.webhook_url, secret, settings.webhook_max_connections)
    try:
        sock = listening_socket(settings.webhook_host, settings.webhook_port)
    except OSError as error:
        log.error(
            "cannot listen on %s:%d (%s)", settings.webhook_host, settings.webhook_port, error
        )
        return 1
    sending = _sending(settings)

    async def _close() -> None:
        await sending.claim.close()
        await database.close()

    code = serve_webhook(
        settings.telegram_bot_token.get_secret_value(),
        settings.bot_api_base,
        bank,
        database.unit,
        database.ping,
        hook,
        sock,
        frozenset(settings.admin_ids),
        outbox=SqlOutbox(database),
        send_rate=settings.send_rate,
        retention_months=settings.retention_months,
        sending=sending,
        after=_close,
        tuning=Tuning(settings.mil_check_post_after, settings.group_poll_seconds),
    )
    if code == 0:
        log.info("stopped cleanly")
    return code
