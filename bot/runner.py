"""`milclicks run`: check the setup, migrate SQLite, and poll Telegram until stopped."""

from __future__ import annotations

import logging
import sys

from bot.bank.check.loader import load_bank
from bot.config import Settings

log = logging.getLogger("milclicks")

# sysexits' "configuration error": `make run` shows the setup screen without a make error.
EX_CONFIG = 78

SETUP_SCREEN = """\
MIL CLICKS needs a Telegram bot token to go online.

  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Choose a name and a username (it must end in "bot").
  3. BotFather replies with a token like 123456789:AAE...; put it in a file named .env
     in this folder:

         TELEGRAM_BOT_TOKEN=123456789:AAE...

     (copy .env.example to start), or export TELEGRAM_BOT_TOKEN in your shell.
  4. Run `make run` again.

No token yet? Try the lessons offline, right here in the terminal:

    make play
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


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    """Plain logs with secrets blanked out; httpx, which logs every request URL (and so
    the token), is quieted as well."""
    handler = logging.StreamHandler()
    handler.setFormatter(Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def run(settings: Settings) -> int:
    """Run the bot with long polling; returns the exit code (0 after SIGTERM or Ctrl+C)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        print(SETUP_SCREEN, file=sys.stderr)
        return EX_CONFIG
    configure_logging(settings.log_level, (settings.telegram_bot_token.get_secret_value(),))
    result = load_bank(settings.lessons_dir, settings.quizzes_dir)
    if result.errors:
        log.warning(
            "%d problems in the lesson bank; serving the %d valid lessons"
            " (run `milclicks lessons check` for details)",
            len(result.errors),
            len(result.bank.lessons),
        )
    if not result.bank.lessons:
        log.error("no valid lessons in %s", settings.lessons_dir)
        return 1
    from storage.migrate import is_current, upgrade
    from storage.sql import Database

    if settings.database_url.startswith("sqlite"):
        upgrade(settings.database_url)
    elif not is_current(settings.database_url):
        log.error("the database schema is out of date: run `milclicks db upgrade` first")
        return 1
    database = Database(settings.database_url)

    from bot.telegram.app import build_application, serve

    application = build_application(
        settings.telegram_bot_token.get_secret_value(),
        settings.bot_api_base,
        result.bank,
        database.unit,
        frozenset(settings.admin_ids),
        settings.mil_check_post_after,
    )

    async def _close(_: object) -> None:
        await database.close()

    application.post_shutdown = _close
    log.info("MIL CLICKS is running with %d lessons; stop with Ctrl+C", len(result.bank.lessons))
    code = serve(application, settings.bot_api_base)
    if code == 0:
        log.info("stopped cleanly")
    return code
