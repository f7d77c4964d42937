"""The Telegram application: every handler registered here, in order."""

from __future__ import annotations

import asyncio
import gc
import logging
import random
from collections.abc import Callable
from typing import Any, TypeAlias

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
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
from telegram.request import BaseRequest

from bot.bank.bank import Bank
from bot.clock import Clock, wall_clock
from bot.learning.group_round import POLL_SECONDS
from bot.learning.leader import Leadership
from bot.learning.memory_outbox import MemoryOutbox
from bot.learning.outbox import Outbox
from bot.learning.privacy import RETENTION_MONTHS
from bot.learning.store import StoreFactory
from bot.telegram import profile
from bot.telegram.admin import Admin
from bot.telegram.challenges import Challenges
from bot.telegram.class_reports import ClassReports
from bot.telegram.classes import Classes
from bot.telegram.data_rights import DataRights
from bot.telegram.direct_request import DirectRequest
from bot.telegram.errors import on_error
from bot.telegram.lessons import Lessons
from bot.telegram.mil_check import MilChecks
from bot.telegram.ordering import PerLearnerOrder
from bot.telegram.owed import Owed
from bot.telegram.pact import Pacts
from bot.telegram.pact_messages import BADGE_QUERY
from bot.telegram.polling import Fatal, PollingRequest
from bot.telegram.post_checks import PostChecks
from bot.telegram.privacy import keep_posts_out_of_logs
from bot.telegram.reminders import Planner
from bot.telegram.replier import Replier
from bot.telegram.reviews import Reviews
from bot.telegram.rhythm import Rhythms
from bot.telegram.round_keeper import RoundKeeper
from bot.telegram.rounds import Rounds
from bot.telegram.sending import Sending, led_sender
from bot.telegram.settings import Settings
from bot.telegram.taps import Taps
from bot.telegram.transport import LONG_POLL_SECONDS
from bot.telegram.units import Units

log = logging.getLogger("milclicks")
SENDER, LEADERSHIP, PLANNER, ROUNDS = "sender", "leadership", "planner", "rounds"
# The application, as code outside this package names it (it may not import `telegram`).
BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

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


async def _on_start(application: Application, units: Units) -> None:  # type: ignore[type-arg]
    _STARTUP_LOGGER.setLevel(logging.NOTSET)
    await profile.publish(application.bot)
    try:
        resent = await units.resume_interrupted(application)
    except Exception as error:  # the database is away: serve anyway; /healthz will say so
        log.warning("could not look for updates a stopped run left unfinished: %s", error)
    else:
        if resent:
            log.info("sent %d learners their card again after an interrupted run", resent)
    leadership: Leadership = application.bot_data[LEADERSHIP]
    leadership.start()  # the sender runs in this worker while it leads
    planner: Planner = application.bot_data[PLANNER]
    planner.start()
    keeper: RoundKeeper = application.bot_data[ROUNDS]
    keeper.start()  # its first pass goes on with (or sums up) rounds a restart interrupted


async def _on_stop(application: Application) -> None:  # type: ignore[type-arg]
    keeper: RoundKeeper = application.bot_data[ROUNDS]
    await keeper.stop()
    planner: Planner = application.bot_data[PLANNER]
    await planner.stop()
    leadership: Leadership = application.bot_data[LEADERSHIP]
    await leadership.stop()


def register(
    application: Application,  # type: ignore[type-arg]
    bank: Bank | Callable[[], Bank],
    stores: StoreFactory,
    admin_ids: frozenset[int] = frozenset(),
    clock: Clock = wall_clock,
    outbox: Outbox | None = None,
    post_check_after: int = 6,
    retention_months: int = RETENTION_MONTHS,
    sending: Sending | None = None,
    poll_seconds: int = POLL_SECONDS,
) -> Units:
    """Register every handler. Order matters: the first matching handler wins."""
    outbox = MemoryOutbox() if outbox is None else outbox
    sender, leadership = led_sender(application.bot, outbox, clock, sending or Sending())
    application.bot_data.update({SENDER: sender, LEADERSHIP: leadership})
    application.bot_data[PLANNER] = Planner(bank, stores, outbox, clock, sender.wake)
    replier = Replier(outbox)
    challenges = Challenges(replier)
    checks = MilChecks(replier, post_check_after)
    classes = Classes(replier)
    lessons = Lessons(replier, challenges, checks, classes)
    rhythms = Rhythms(replier)
    settings = Settings(replier, rhythms)
    admin = Admin(replier, admin_ids)
    posts = PostChecks(replier, lessons)
    pacts = Pacts(replier)
    reviews = Reviews(replier)
    keeper = application.bot_data[ROUNDS] = RoundKeeper(
        application.bot, bank, stores, clock, poll_seconds
    )
    rounds = Rounds(lessons, keeper, random.Random())
    rights = DataRights(replier, retention_months)
    reports = ClassReports(replier)
    taps = Taps(
        lessons,
        challenges,
        settings,
        posts,
        pacts,
        reviews,
        rhythms,
        checks,
        rights,
        classes,
        reports,
        rounds,
    )
    unit = Units(bank, stores, Owed(replier), replier, clock)
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            CommandHandler("start", unit(lessons.start), filters=private),
            CommandHandler("topics", unit(lessons.topics), filters=private),
            CommandHandler("progress", unit(lessons.progress), filters=private),
            CommandHandler("review", unit(reviews.review), filters=private),
            CommandHandler("challenge", unit(challenges.challenge), filters=private),
            CommandHandler("language", unit(settings.language), filters=private),
            CommandHandler("settings", unit(settings.settings), filters=private),
            CommandHandler("pact", unit(pacts.pact), filters=private),
            CommandHandler("help", unit(lessons.help), filters=private),
            CommandHandler("radar", unit(checks.radar), filters=private),
            CommandHandler("privacy", unit(rights.privacy), filters=private),
            CommandHandler("mydata", unit(rights.my_data), filters=private),
            CommandHandler("forgetme", unit(rights.forget_me), filters=private),
            CommandHandler("teach", unit(classes.teach), filters=private),
            CommandHandler("classes", unit(classes.my_classes), filters=private),
            CommandHandler("class", unit(reports.class_), filters=private),
            CommandHandler("stats", unit(admin.stats), filters=private),
            # In a group the bot answers only its own commands, and points to a private chat;
            # the class's teacher links the group (/start with its link) and runs rounds.
            CommandHandler("start", unit(rounds.group_start), filters=filters.ChatType.GROUPS),
            CommandHandler("round", unit(rounds.round), filters=filters.ChatType.GROUPS),
            MessageHandler(filters.StatusUpdate.MIGRATE, unit(rounds.migrated)),
            CommandHandler(
                list(profile.COMMANDS), unit(lessons.in_group), filters=filters.ChatType.GROUPS
            ),
            CallbackQueryHandler(unit(taps.tap)),
            PollAnswerHandler(unit(rounds.poll_answer)),
            # The chat picker: a badge being shared, else a challenge.
            InlineQueryHandler(unit(pacts.share_inline), pattern=f"^{BADGE_QUERY}$"),
            InlineQueryHandler(unit(challenges.share_inline)),
            ChosenInlineResultHandler(unit(challenges.shared_inline)),
            # After the known commands: any other command, then any other message.
            MessageHandler(private & filters.COMMAND, unit(lessons.unknown_command)),
            # A forwarded post, a pasted text or link, a photo: the post check (short
            # chatter gets the pointer), unless the text names the class a teacher asked
            # to name. In groups nothing reaches it: forwards are ignored.
            MessageHandler(private & ~filters.COMMAND, unit(classes.or_else(posts.received))),
        ]
    )
    application.add_error_handler(on_error)
    return unit


def build_application(
    token: str,
    api_base: str,
    bank: Bank | Callable[[], Bank],
    stores: StoreFactory,
    admin_ids: frozenset[int] = frozenset(),
    clock: Clock = wall_clock,
    outbox: Outbox | None = None,
    send_rate: float = 30.0,
    webhook_request: BaseRequest | None = None,
    post_check_after: int = 6,
    retention_months: int = RETENTION_MONTHS,
    sending: Sending | None = None,
    poll_seconds: int = POLL_SECONDS,
) -> Application:  # type: ignore[type-arg]
    """The bot, talking to the Bot API at `api_base`, with learners' updates in order.

    Every call is paced to `send_rate` a second (and 20 a minute per group); the outbox's
    sender runs beside the handlers while this worker leads (see `Sending`). A 429 is not
    retried here: see `transport`. With a `webhook_request` it polls nothing: updates come
    from the webhook.
    """
    keep_posts_out_of_logs()
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_base)
        .base_file_url(api_base.removesuffix("/bot") + "/file/bot")
        .concurrent_updates(PerLearnerOrder())
        .rate_limiter(AIORateLimiter(overall_max_rate=send_rate, max_retries=0))
        .post_stop(_on_stop)
    )
    if webhook_request is None:
        builder = builder.request(DirectRequest(rng=random.Random())).get_updates_request(
            PollingRequest()
        )
    else:
        builder = builder.request(webhook_request).updater(None)
    application = builder.build()
    units = register(
        application,
        bank,
        stores,
        admin_ids,
        clock,
        outbox,
        post_check_after,
        retention_months,
        sending,
        poll_seconds,
    )

    async def on_start(started: Application) -> None:  # type: ignore[type-arg]
        await _on_start(started, units)

    application.post_init = on_start
    return application


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
    _STARTUP_LOGGER.setLevel(logging.CRITICAL)
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
