"""`milclicks run`: check the setup, migrate SQLite, and poll Telegram until stopped (with
no token, run the local sandbox instead)."""

from __future__ import annotations

import logging

from bot.bank.check.loader import load_bank
from bot.config import Settings, unreachable

log = logging.getLogger("milclicks")

SHOWN_PROBLEMS = 10
# sysexits' "configuration error": `make run` shows the setup screen without a make error.
EX_CONFIG = 78


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


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    """Plain logs with secrets blanked out; httpx, which logs every request URL (and so
    the token), is quieted, and so is python-telegram-bot's DEBUG, which logs content."""
    handler = logging.StreamHandler()
    handler.setFormatter(Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # python-telegram-bot's DEBUG lines carry whole updates and calls: learners' names and
    # words. The bot's own lines name updates by id and kind only, at every level.
    logging.getLogger("telegram").setLevel(max(logging.INFO, logging.getLevelName(level.upper())))


def run(settings: Settings) -> int:
    """Run the bot with long polling; returns the exit code (0 after SIGTERM or Ctrl+C)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        from bot.sandbox.entry import run_sandbox

        return run_sandbox(settings)  # no token yet: the same bot, in the local sandbox
    configure_logging(settings.log_level, (settings.telegram_bot_token.get_secret_value(),))
    result = load_bank(settings.lessons_dir, settings.quizzes_dir, cues_file=settings.cues_file)
    if result.errors:  # never serve a bank with errors: say which files, then stop
        for problem in result.errors[:SHOWN_PROBLEMS]:
            log.error("%s", problem)
        log.error(
            "the lesson bank has %d problem(s); fix them (run `milclicks lessons check`)"
            " and start again",
            len(result.errors),
        )
        return 1
    if not result.bank.lessons:
        log.error("no valid lessons in %s", settings.lessons_dir)
        return 1
    from storage.migrate import is_current, upgrade
    from storage.outbox_sql import SqlOutbox
    from storage.process_lock import AlreadyRunningError, ProcessLock, sqlite_path
    from storage.sql import Database

    database_file = sqlite_path(settings.database_url)
    lock = ProcessLock(database_file) if database_file else None
    if lock is not None:
        try:
            lock.acquire()
        except AlreadyRunningError as holder:
            log.error(
                "another MIL CLICKS bot (process %s) is already running on %s; stop it first,"
                " or give this one its own DATABASE_URL",
                holder,
                database_file,
            )
            return 1
    try:
        if database_file is not None:
            upgrade(settings.database_url)
        elif not is_current(settings.database_url):
            log.error("the database schema is out of date: run `milclicks db upgrade` first")
            return 1
    except Exception as error:  # the driver's own errors: refused, unknown host, auth
        log.error(unreachable(settings.database_url, error))
        return 1
    database = Database(settings.database_url)

    from bot.telegram.app import build_application, serve

    application = build_application(
        settings.telegram_bot_token.get_secret_value(),
        settings.bot_api_base,
        result.bank,
        database.unit,
        frozenset(settings.admin_ids),
        outbox=SqlOutbox(database),
        send_rate=settings.send_rate,
    )

    async def _close(_: object) -> None:
        await database.close()

    application.post_shutdown = _close
    log.info("MIL CLICKS is running with %d lessons; stop with Ctrl+C", len(result.bank.lessons))
    code = serve(application, settings.bot_api_base)
    if code == 0:
        log.info("stopped cleanly")
    return code
