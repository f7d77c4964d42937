"""The Telegram application: every handler registered here, in order."""

from __future__ import annotations

import gc
import logging

from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.bank.bank import Bank
from bot.learning.store import StoreFactory
from bot.telegram import profile
from bot.telegram.admin import Admin
from bot.telegram.challenges import Challenges
from bot.telegram.errors import on_error
from bot.telegram.lessons import Lessons
from bot.telegram.mil_check import MilChecks
from bot.telegram.ordering import PerLearnerOrder
from bot.telegram.replier import Replier
from bot.telegram.settings import Settings
from bot.telegram.taps import Taps
from bot.telegram.transport import BotApiRequest
from bot.telegram.units import Units

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
_STARTUP_LOGGER = logging.getLogger("telegram.ext")


async def _on_start(application: Application) -> None:  # type: ignore[type-arg]
    _STARTUP_LOGGER.setLevel(logging.NOTSET)
    await profile.publish(application.bot)


def register(
    application: Application,  # type: ignore[type-arg]
    bank: Bank,
    stores: StoreFactory,
    admin_ids: frozenset[int] = frozenset(),
    post_check_after: int = 6,
) -> None:
    """Register every handler. Order matters: the first matching handler wins."""
    replier = Replier()
    challenges = Challenges(replier)
    checks = MilChecks(replier, post_check_after)
    lessons = Lessons(replier, challenges, checks)
    settings = Settings(replier)
    admin = Admin(replier, admin_ids)
    taps = Taps(lessons, challenges, settings, checks)
    unit = Units(bank, stores)
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            CommandHandler("start", unit(lessons.start), filters=private),
            CommandHandler("topics", unit(lessons.topics), filters=private),
            CommandHandler("progress", unit(lessons.progress), filters=private),
            CommandHandler("challenge", unit(challenges.challenge), filters=private),
            CommandHandler("language", unit(settings.language), filters=private),
            CommandHandler("settings", unit(settings.settings), filters=private),
            CommandHandler("help", unit(lessons.help), filters=private),
            CommandHandler("radar", unit(checks.radar), filters=private),
            CommandHandler("stats", unit(admin.stats), filters=private),
            # In a group the bot answers only its own commands, and points to a private chat.
            CommandHandler(
                list(profile.COMMANDS), unit(lessons.in_group), filters=filters.ChatType.GROUPS
            ),
            CallbackQueryHandler(unit(taps.tap)),
            PollAnswerHandler(unit(lessons.poll_answer)),
            InlineQueryHandler(unit(challenges.share_inline)),
            ChosenInlineResultHandler(unit(challenges.shared_inline)),
            # After the known commands: any other command, then any other message.
            MessageHandler(private & filters.COMMAND, unit(lessons.unknown_command)),
            MessageHandler(private & ~filters.COMMAND, unit(lessons.free_text)),
        ]
    )
    application.add_error_handler(on_error)


def build_application(
    token: str,
    api_base: str,
    bank: Bank,
    stores: StoreFactory,
    admin_ids: frozenset[int] = frozenset(),
    post_check_after: int = 6,
) -> Application:  # type: ignore[type-arg]
    """The bot, talking to the Bot API at `api_base`, with learners' updates in order."""
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_base)
        .base_file_url(api_base.removesuffix("/bot") + "/file/bot")
        .concurrent_updates(PerLearnerOrder())
        .request(BotApiRequest())
        .get_updates_request(BotApiRequest(connection_pool_size=1))
        .post_init(_on_start)
        .build()
    )
    register(application, bank, stores, admin_ids, post_check_after)
    return application


def freeze_startup_objects() -> None:
    """Keep what start-up made (the lesson bank, the libraries) out of the garbage collector's
    walks: it lives as long as the process, and a full walk over it stalls every learner's
    reply for tens of milliseconds."""
    gc.collect()
    gc.freeze()


def serve(application: Application, api_base: str) -> int:  # type: ignore[type-arg]
    """Poll until stopped (SIGINT, SIGTERM); a bad token or no connection is said plainly."""
    _STARTUP_LOGGER.setLevel(logging.CRITICAL)
    freeze_startup_objects()
    try:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, close_loop=False)
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
