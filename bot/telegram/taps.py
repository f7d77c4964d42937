"""Taps on inline buttons: the callback data decoded, and handed to the handler it names."""

from __future__ import annotations

from telegram import Update

from bot.learning.tutor import Tutor
from bot.telegram.actions import (
    Action,
    ChallengeFriend,
    Check,
    Choose,
    Forget,
    Go,
    KeepData,
    LocalDay,
    LocalHour,
    Notices,
    OpenPostCheck,
    OpenTheme,
    OptIn,
    Pact,
    PostStep,
    QuietHours,
    RemindAt,
    Reminders,
    Resume,
    RoundNames,
    RoundTheme,
    SetLanguage,
    ShowClassReport,
    SortPost,
    Sources,
    StartCheck,
    StartLesson,
    Toggle,
    Topics,
    WeeklyGoal,
)
from bot.telegram.callbacks import decode
from bot.telegram.challenges import Challenges
from bot.telegram.class_actions import (
    ClassMenu,
    DeclineClass,
    JoinClass,
    LeaveClass,
    NewClass,
    PickDue,
    PickLessons,
    SetDue,
    StayInClass,
    TeachMenu,
)
from bot.telegram.class_reports import ClassReports
from bot.telegram.classes import Classes
from bot.telegram.context import Context
from bot.telegram.data_rights import DataRights
from bot.telegram.lessons import Lessons
from bot.telegram.mil_check import MilChecks
from bot.telegram.pact import Pacts
from bot.telegram.post_checks import PostChecks
from bot.telegram.review_actions import (
    Review,
    ReviewCheck,
    ReviewNext,
    ReviewPick,
    ReviewSure,
    ReviewTick,
)
from bot.telegram.reviews import Reviews
from bot.telegram.rhythm import Rhythms
from bot.telegram.rounds import Rounds
from bot.telegram.settings import Settings


def _mask_set(mask: int) -> frozenset[int]:
    return frozenset(i for i in range(mask.bit_length()) if mask & (1 << i))


class Taps:
    """Routes each button to its handler; anything unreadable gets a polite note."""

    def __init__(
        self,
        lessons: Lessons,
        challenges: Challenges,
        settings: Settings,
        posts: PostChecks,
        pacts: Pacts,
        reviews: Reviews,
        rhythms: Rhythms,
        checks: MilChecks,
        rights: DataRights,
        classes: Classes,
        reports: ClassReports,
        rounds: Rounds,
    ) -> None:
        self._rights = rights
        self._checks = checks
        self._classes = classes
        self._reports = reports
        self._rounds = rounds
        self._posts = posts
        self._pacts = pacts
        self._lessons = lessons
        self._reviews = reviews
        self._rhythms = rhythms
        self._challenges = challenges
        self._settings = settings

    async def tap(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps an inline button."""
        query = update.callback_query
        assert query is not None
        if query.message is None or update.effective_chat is None:
            # A tap on a message sent through inline mode: the bot put no callback buttons
            # there, so the data is forged. Stop the spinner and say nothing.
            await query.answer()
            return
        action = decode(query.data or "")
        for route in (self._lesson, self._review, self._rhythm, self._classroom, self._other):
            if await route(update, context, tutor, action):
                return
        await self._lessons.out_of_date(update, context, tutor)  # malformed data

    async def _lesson(
        self, update: Update, context: Context, tutor: Tutor, action: Action | None
    ) -> bool:
        """A tap in a lesson or a menu of lessons; False for any other."""
        lessons = self._lessons
        match action:
            case Go(attempt_id, position):
                await lessons.go_on(update, context, tutor, attempt_id, position)
            case Toggle(attempt_id, position, option):
                await lessons.toggle(update, tutor, attempt_id, position, option)
            case Choose(attempt_id, position, mask):
                await lessons.choose(update, context, tutor, attempt_id, position, _mask_set(mask))
            case Check(attempt_id, position):
                await lessons.choose(update, context, tutor, attempt_id, position, None)
            case StartLesson(lesson_id):
                await lessons.start_lesson(update, context, tutor, lesson_id)
            case OpenTheme(theme):
                await lessons.open_theme(update, context, tutor, theme)
            case Resume():
                await lessons.resume(update, context, tutor)
            case Topics():
                await lessons.show_topics(update, context, tutor)
            case Sources(lesson_id):
                await lessons.show_sources(update, context, tutor, lesson_id)
            case _:
                return False
        return True

    async def _review(
        self, update: Update, context: Context, tutor: Tutor, action: Action | None
    ) -> bool:
        """A tap in a review round; False for any other."""
        reviews = self._reviews
        match action:
            case Review(bonus):
                await reviews.start(update, context, tutor, bonus)
            case ReviewPick(round_id, position, option):
                await reviews.pick(update, tutor, round_id, position, frozenset({option}))
            case ReviewTick(round_id, position, mask):
                await reviews.tick(update, tutor, round_id, position, _mask_set(mask))
            case ReviewCheck(round_id, position, mask):
                await reviews.pick(update, tutor, round_id, position, _mask_set(mask))
            case ReviewSure(round_id, position, level):
                await reviews.sure(update, context, tutor, round_id, position, level)
            case ReviewNext(round_id, position):
                await reviews.next(update, context, tutor, round_id, position)
            case _:
                return False
        return True

    async def _rhythm(
        self, update: Update, context: Context, tutor: Tutor, action: Action | None
    ) -> bool:
        """A tap on reminders, quiet hours or the weekly goal; False for any other."""
        rhythms = self._rhythms
        match action:
            case OptIn(yes):
                await rhythms.opt_in(update, context, tutor, yes)
            case LocalHour(hour):
                await rhythms.local_hour(update, context, tutor, hour)
            case LocalDay(shifted):
                await rhythms.local_day(update, context, tutor, shifted)
            case RemindAt(hour):
                await rhythms.remind_at(update, context, tutor, hour)
            case Reminders(on):
                if on:
                    await rhythms.ask_clock(update, context, tutor)
                else:
                    await rhythms.turn_off(update, context, tutor)
            case QuietHours(start, end):
                await rhythms.quiet_hours(update, context, tutor, start, end)
            case WeeklyGoal(days):
                await rhythms.weekly_goal(update, context, tutor, days)
            case _:
                return False
        return True

    async def _classroom(
        self, update: Update, context: Context, tutor: Tutor, action: Action | None
    ) -> bool:
        """A tap on a class: its card, report, post check or group rounds; False for any
        other."""
        match action:
            case (
                NewClass() | TeachMenu() | ClassMenu() | PickLessons() | PickDue() | SetDue()
                | JoinClass() | DeclineClass() | LeaveClass() | StayInClass()
            ) as classroom:  # fmt: skip
                await self._classes.tap(update, context, tutor, classroom)
            case ShowClassReport(class_id):
                await self._reports.tapped(update, context, tutor, class_id)
            case OpenPostCheck(class_id):
                await self._checks.open_for_class(update, context, tutor, class_id)
            case RoundTheme(class_id, theme):
                await self._rounds.pick_theme(update, context, tutor, class_id, theme)
            case RoundNames(class_id, on):
                await self._rounds.names(update, context, tutor, class_id, on)
            case _:
                return False
        return True

    async def _other(
        self, update: Update, context: Context, tutor: Tutor, action: Action | None
    ) -> bool:
        """Challenges, settings, posts, the pact, the MIL check, data rights; False for
        anything else."""
        match action:
            case ChallengeFriend(lesson_id):
                await self._challenges.challenge_from_card(update, context, tutor, lesson_id)
            case Notices(on):
                await self._settings.set_notices(update, tutor, on)
            case SetLanguage(index):
                await self._settings.set_language(update, context, tutor, index)
            case PostStep() as step:
                await self._posts.step(update, context, tutor, step)
            case Pact(verb):
                await self._pacts.tap(update, context, tutor, verb)
            case StartCheck():
                await self._checks.start(update, context, tutor)
            case SortPost(run_id, position, manipulative):
                await self._checks.sort(update, context, tutor, run_id, position, manipulative)
            case Forget(since):
                await self._rights.forget(update, context, tutor, since)
            case KeepData():
                await self._rights.keep(update, context, tutor)
            case _:
                return False
        return True
