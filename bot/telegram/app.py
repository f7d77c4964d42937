"""The Telegram application: every handler registered here, in order."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
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
from bot.telegram.polling import PollingRequest
from bot.telegram.post_checks import PostChecks
from bot.telegram.privacy import keep_posts_out_of_logs
from bot.telegram.reminders import Planner
from bot.telegram.replier import Replier
from bot.telegram.reviews import Reviews
from bot.telegram.rhythm import Rhythms
from bot.telegram.round_keeper import RoundKeeper
from bot.telegram.rounds import Rounds
from bot.telegram.sending import Sending, led_sender
from bot.telegram.serving import STARTUP_LOGGER
from bot.telegram.settings import Settings
from bot.telegram.start import Start
from bot.telegram.taps import Taps
from bot.telegram.units import Handler, Units

log = logging.getLogger("milclicks")
SENDER, LEADERSHIP, PLANNER, ROUNDS = "sender", "leadership", "planner", "rounds"
# The application, as code outside this package names it (it may not import `telegram`).
BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

# One group gets at most 20 messages in any minute (Telegram's limit): the limiter is a
# leaky bucket, so a burst of 10 plus the 10 that leak out in the next minute.
GROUP_BURST = 10


async def _on_start(application: Application, units: Units) -> None:  # type: ignore[type-arg]
    STARTUP_LOGGER.setLevel(logging.NOTSET)
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


@dataclass(frozen=True)
class _Handlers:
    """Every handler object, each holding what it uses."""

    lessons: Lessons
    start: Start
    challenges: Challenges
    checks: MilChecks
    classes: Classes
    settings: Settings
    admin: Admin
    posts: PostChecks
    pacts: Pacts
    reviews: Reviews
    rounds: Rounds
    rights: DataRights
    reports: ClassReports
    taps: Taps


def _handlers(
    replier: Replier,
    keeper: RoundKeeper,
    admin_ids: frozenset[int],
    post_check_after: int,
    retention_months: int,
) -> _Handlers:
    challenges = Challenges(replier)
    checks = MilChecks(replier, post_check_after)
    classes = Classes(replier)
    lessons = Lessons(replier, checks)
    start = Start(replier, lessons, challenges, checks, classes)
    rhythms = Rhythms(replier)
    settings = Settings(replier, rhythms)
    posts = PostChecks(replier, lessons)
    pacts = Pacts(replier)
    reviews = Reviews(replier)
    rounds = Rounds(lessons, keeper, random.Random())
    rights = DataRights(replier, retention_months)
    reports = ClassReports(replier)
    taps = Taps(
        lessons, challenges, settings, posts, pacts, reviews, rhythms, checks, rights, classes,
        reports, rounds,
    )  # fmt: skip
    admin = Admin(replier, admin_ids)
    return _Handlers(
        lessons, start, challenges, checks, classes, settings, admin, posts, pacts, reviews,
        rounds, rights, reports, taps,
    )  # fmt: skip


def _commands(unit: Units, h: _Handlers) -> list[BaseHandler[Update, Any, Any]]:
    """The commands of a private chat."""
    commands: dict[str, Handler] = {
        "start": h.start.start,
        "topics": h.lessons.topics,
        "progress": h.lessons.progress,
        "review": h.reviews.review,
        "challenge": h.challenges.challenge,
        "language": h.settings.language,
        "settings": h.settings.settings,
        "pact": h.pacts.pact,
        "help": h.lessons.help,
        "radar": h.checks.radar,
        "privacy": h.rights.privacy,
        "mydata": h.rights.my_data,
        "forgetme": h.rights.forget_me,
        "teach": h.classes.teach,
        "classes": h.classes.my_classes,
        "class": h.reports.class_,
        "stats": h.admin.stats,
    }
    private = filters.ChatType.PRIVATE
    return [CommandHandler(name, unit(run), filters=private) for name, run in commands.items()]


def _the_rest(unit: Units, h: _Handlers) -> list[BaseHandler[Update, Any, Any]]:
    """Groups, taps, polls, the chat picker, then whatever else a private chat sends."""
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    return [
        # In a group the bot answers only its own commands, and points to a private chat;
        # the class's teacher links the group (/start with its link) and runs rounds.
        CommandHandler("start", unit(h.rounds.group_start), filters=groups),
        CommandHandler("round", unit(h.rounds.round), filters=groups),
        MessageHandler(filters.StatusUpdate.MIGRATE, unit(h.rounds.migrated)),
        CommandHandler(list(profile.COMMANDS), unit(h.lessons.in_group), filters=groups),
        CallbackQueryHandler(unit(h.taps.tap)),
        PollAnswerHandler(unit(h.rounds.poll_answer)),
        # The chat picker: a badge being shared, else a challenge.
        InlineQueryHandler(unit(h.pacts.share_inline), pattern=f"^{BADGE_QUERY}$"),
        InlineQueryHandler(unit(h.challenges.share_inline)),
        ChosenInlineResultHandler(unit(h.challenges.shared_inline)),
        # After the known commands: any other command, then any other message.
        MessageHandler(private & filters.COMMAND, unit(h.lessons.unknown_command)),
        # A forwarded post, a pasted text or link, a photo: the post check (short
        # chatter gets the pointer), unless the text names the class a teacher asked
        # to name. In groups nothing reaches it: forwards are ignored.
        MessageHandler(private & ~filters.COMMAND, unit(h.classes.or_else(h.posts.received))),
    ]


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
    keeper = application.bot_data[ROUNDS] = RoundKeeper(
        application.bot, bank, stores, clock, poll_seconds
    )
    replier = Replier(outbox)
    h = _handlers(replier, keeper, admin_ids, post_check_after, retention_months)
    unit = Units(bank, stores, Owed(replier), replier, clock)
    application.add_handlers(_commands(unit, h) + _the_rest(unit, h))
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

    Every call is paced to `send_rate` a second (and 20 in any minute per group); the outbox's
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
        .rate_limiter(
            AIORateLimiter(overall_max_rate=send_rate, group_max_rate=GROUP_BURST, max_retries=0)
        )
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
