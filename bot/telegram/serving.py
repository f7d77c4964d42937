"""Serving the bot: the long poll until it is stopped, and a failure said in one line."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError
from telegram.ext import Application

from bot.telegram.polling import Fatal, PollingRequest
from bot.telegram.transport import LONG_POLL_SECONDS

log = logging.getLogger("milclicks")

ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.CALLBACK_QUERY,
    Update.POLL_ANSWER,
    Update.INLINE_QUERY,
    Update.CHOSEN_INLINE_RESULT,
]


# python-telegram-bot logs a failed start-up with a long traceback before it raises;
# `serve` says what went wrong in one line instead, and lets the logger speak again once
# the bot is up (its later network warnings are useful).
STARTUP_LOGGER = logging.getLogger("telegram.ext")


def freeze_startup_objects() -> None:
    """Keep what start-up made (the lesson bank, the libraries) out of the garbage collector's
    walks: it lives as long as the process, and a full walk over it stalls every learner's
    reply for tens of milliseconds."""
    gc.collect()
    gc.freeze()


FATAL_LINES: dict[Fatal, str] = {
    "token": "Telegram no longer accepts the token (it was revoked or changed). Check"
    " TELEGRAM_BOT_TOKEN: it looks like 123456789:AAE..., exactly as @BotFather sent it.",
    "conflict": "Another process is polling Telegram with this bot's token: only one may run"
    " at a time. Stop the other one (or use another bot) and start again.",
}


class _KnownFailures(logging.Filter):
    """Keep python-telegram-bot's tracebacks for a revoked token or a second poller out of
    the log: the runner says each in one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, InvalidToken | Conflict)


def polling_request(application: Application) -> PollingRequest | None:  # type: ignore[type-arg]
    """The request the long poll goes through (it knows a revoked token or a conflict)."""
    request = application.bot._request[0]  # the get_updates request the builder was given
    return request if isinstance(request, PollingRequest) else None


async def _close_requests(application: Application) -> None:  # type: ignore[type-arg]
    """Close both connection pools (a start-up that failed midway leaves them open), and
    what the runner opened (the database)."""
    for request in application.bot._request:
        await request.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def serve(application: Application, api_base: str) -> int:  # type: ignore[type-arg]
    """Poll until stopped (SIGINT, SIGTERM); a bad or revoked token, a second poller, or no
    connection is said plainly, in one line, and ends the run with code 1."""
    STARTUP_LOGGER.setLevel(logging.CRITICAL)
    quiet = _KnownFailures()
    logging.getLogger("telegram.ext").addFilter(quiet)
    logging.getLogger("telegram.ext.Updater").addFilter(quiet)
    logging.getLogger("telegram.ext._utils.networkloop").addFilter(quiet)
    polling = polling_request(application)
    if polling is not None:
        polling.on_fatal = lambda _: application.stop_running()
    freeze_startup_objects()
    try:
        application.run_polling(
            allowed_updates=ALLOWED_UPDATES,
            timeout=LONG_POLL_SECONDS,
            close_loop=False,
        )
    except InvalidToken:
        if polling is not None and polling.fatal is not None:  # revoked while running
            log.error(FATAL_LINES[polling.fatal])
        else:
            log.error(
                "Telegram did not accept the token. Check TELEGRAM_BOT_TOKEN: it looks like"
                " 123456789:AAE..., exactly as @BotFather sent it."
            )
        return _closed(application, 1)
    except NetworkError as error:
        log.error("could not reach the Bot API at %s (%s)", api_base.removesuffix("/bot"), error)
        return _closed(application, 1)
    if polling is not None and polling.fatal is not None:
        log.error(FATAL_LINES[polling.fatal])
        return 1
    return 0


def run_until_stopped(run: Callable[[], object], api_base: str) -> int:
    """Run the bot (polling or a webhook); the exit code, a bad token or no connection said
    plainly."""
    try:
        run()
    except InvalidToken:
        log.error(
            "Telegram did not accept the token. Check TELEGRAM_BOT_TOKEN: it looks like"
            " 123456789:AAE..., exactly as @BotFather sent it."
        )
        return 1
    except NetworkError as error:
        log.error("could not reach the Bot API at %s (%s)", api_base.removesuffix("/bot"), error)
        return 1
    return 0


def _closed(application: Application, code: int) -> int:  # type: ignore[type-arg]
    asyncio.get_event_loop().run_until_complete(_close_requests(application))
    return code
