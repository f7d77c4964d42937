"""Reminders and weekly goals as Telegram messages: the opt-in, the clock, the reminder."""

from __future__ import annotations

import html
from datetime import date
from gettext import NullTranslations

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.content import Lesson
from bot.languages import catalog_name
from bot.learning.goals import DEFAULT_GOAL, GOALS, WeekGoal
from bot.learning.rhythm import MIN_OFFSET, QUIET_CHOICES, Rhythm, reminder_hours
from bot.learning.rhythm_desk import Nudge
from bot.telegram.actions import (
    LocalDay,
    LocalHour,
    OptIn,
    QuietHours,
    RemindAt,
    Reminders,
    StartLesson,
    WeeklyGoal,
)
from bot.telegram.callbacks import encode
from bot.telegram.render import Text, button, topics_button
from bot.telegram.review_actions import Review

# A review round takes about a minute.
REVIEW_MINUTES = 1


def _hour(hour: int) -> str:
    return f"{hour:02d}:00"


def _grid(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def offer(t: NullTranslations) -> Text:
    """After the first lesson: would a reminder help?"""
    text = t.gettext(
        "⏰ Would a reminder help? I can send one message a day at most, when your next "
        "review is ready. Never at night."
    )
    rows = [[
        button(t.gettext("⏰ Yes, remind me"), encode(OptIn(yes=True))),
        button(t.gettext("No, thanks"), encode(OptIn(yes=False))),
    ]]  # fmt: skip
    return Text(text, InlineKeyboardMarkup(rows))


def declined(t: NullTranslations) -> Text:
    """No reminders, and where they are if the learner changes their mind."""
    return Text(t.gettext("👌 No reminders. If you change your mind, they're in /settings."))


def ask_clock(t: NullTranslations) -> Text:
    """What time is it for the learner (Telegram does not say): the hours as buttons."""
    hours = [button(f"{h:02d}", encode(LocalHour(h))) for h in range(24)]
    text = t.gettext("🕒 What time is it for you right now? Tap the hour.")
    return Text(text, InlineKeyboardMarkup(_grid(hours, 6)))


def ask_day(choices: tuple[tuple[int, date], ...], language: str, t: NullTranslations) -> Text:
    """Two offsets share that hour a day apart: which day is it?"""
    locale = catalog_name(language)
    rows = [[
        button(format_date(day, "EEEE", locale=locale), encode(LocalDay(offset - MIN_OFFSET)))
        for offset, day in choices
    ]]  # fmt: skip
    return Text(t.gettext("📅 And which day is it for you?"), InlineKeyboardMarkup(rows))


def ask_hour(rhythm: Rhythm, t: NullTranslations) -> Text:
    """When should reminders come: any hour outside the quiet hours."""
    hours = [
        button(_hour(h), encode(RemindAt(h)))
        for h in reminder_hours(rhythm.quiet_from, rhythm.quiet_until)
    ]
    return Text(t.gettext("⏰ When should I remind you?"), InlineKeyboardMarkup(_grid(hours, 4)))


def reminders_set(rhythm: Rhythm, t: NullTranslations) -> Text:
    """Reminders are on."""
    text = t.gettext(
        "✅ Done! At most one reminder a day, around {time}, and never between {quiet_from} "
        "and {quiet_until}. Change it or turn it off in /settings."
    ).format(
        time=_hour(rhythm.hour or 0),
        quiet_from=_hour(rhythm.quiet_from),
        quiet_until=_hour(rhythm.quiet_until),
    )
    return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))


def nudge(card: Nudge, t: NullTranslations) -> Text:
    """The reminder: what is waiting, how long it takes, and a button that starts it."""
    if card.stop:
        return Text(
            t.gettext(
                "I'll stop the reminders for now, so they don't pile up. Want them back? "
                "Turn them on in /settings anytime."
            )
        )
    lesson, due = card.next_lesson, card.reviews_due
    if lesson is not None and card.set_by is not None and card.due_on is not None:
        return _set_lesson_nudge(card, lesson, t)
    minutes = (lesson.minutes if lesson else 0) + (REVIEW_MINUTES if due else 0)
    if due and lesson:
        text = t.ngettext(
            "⏰ {count} review and the next lesson are waiting, about {minutes} min.",
            "⏰ {count} reviews and the next lesson are waiting, about {minutes} min.",
            due,
        ).format(count=due, minutes=minutes)
    elif due:
        text = t.ngettext(
            "⏰ {count} review is waiting, about {minutes} min.",
            "⏰ {count} reviews are waiting, about {minutes} min.",
            due,
        ).format(count=due, minutes=minutes)
    else:
        assert lesson is not None
        text = t.gettext("⏰ Your next lesson is waiting: <b>{title}</b>, about {minutes} min.")
        text = text.format(title=html.escape(lesson.title), minutes=minutes)
    rows = []
    if due:
        rows.append([button(t.gettext("🔁 Start the review"), encode(Review(bonus=False)))])
    elif lesson is not None:
        label = t.gettext("Next: {title}").format(title=lesson.title)
        rows.append([button(label, encode(StartLesson(lesson.id)))])
    return Text(text, InlineKeyboardMarkup(rows))


def _set_lesson_nudge(card: Nudge, lesson: Lesson, t: NullTranslations) -> Text:
    """The reminder when a class set the next lesson: which class, and by when."""
    assert card.set_by is not None and card.due_on is not None
    text = t.gettext(
        "⏰ <b>{name}</b> set you a lesson: <b>{title}</b>, by {day}. About {minutes} min."
    ).format(
        name=html.escape(card.set_by),
        title=html.escape(lesson.title),
        day=format_date(card.due_on, "EEEE d MMMM", locale=catalog_name(card.language)),
        minutes=lesson.minutes,
    )
    label = t.gettext("Next: {title}").format(title=lesson.title)
    rows = [[button(label, encode(StartLesson(lesson.id)))]]
    if card.reviews_due:
        rows.append([button(t.gettext("🔁 Start the review"), encode(Review(bonus=False)))])
    return Text(text, InlineKeyboardMarkup(rows))


def settings_lines(
    rhythm: Rhythm, t: NullTranslations
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    """The reminder and weekly goal lines of /settings, and their buttons."""
    if rhythm.reminders and rhythm.hour is not None:
        state = t.gettext("around {time}").format(time=_hour(rhythm.hour))
        toggle = button(t.gettext("Turn reminders off"), encode(Reminders(on=False)))
        rows = [[button(t.gettext("⏰ Change the time"), encode(Reminders(on=True))), toggle]]
    else:
        state = t.gettext("off")
        rows = [[button(t.gettext("⏰ Turn reminders on"), encode(Reminders(on=True)))]]
    goal = rhythm.weekly_goal or DEFAULT_GOAL
    quiet = f"{_hour(rhythm.quiet_from)}-{_hour(rhythm.quiet_until)}"
    lines = [
        t.gettext("Reminders: <b>{state}</b>").format(state=state),
        t.gettext("Quiet hours, no reminders: <b>{hours}</b>").format(hours=quiet),
        t.ngettext(
            "Weekly goal: <b>{count} day a week</b>",
            "Weekly goal: <b>{count} days a week</b>",
            goal,
        ).format(count=goal),
    ]
    rows.append([
        button(
            ("✅ " if (start, end) == (rhythm.quiet_from, rhythm.quiet_until) else "🌙 ")
            + f"{start:02d}-{end:02d}",
            encode(QuietHours(start, end)),
        )
        for start, end in QUIET_CHOICES
    ])  # fmt: skip
    rows.append([
        button(("✅ " if days == goal else "🎯 ") + str(days), encode(WeeklyGoal(days)))
        for days in GOALS
    ])  # fmt: skip
    return lines, rows


def goal_lines(goal: WeekGoal, t: NullTranslations) -> list[str]:
    """The weekly goal as /progress and the end card show it: always kind."""
    line = t.ngettext(
        "🗓 This week: {days} of {goal} day", "🗓 This week: {days} of {goal} days", goal.goal
    ).format(days=goal.days_this_week, goal=goal.goal)
    if goal.weeks_in_a_row:
        line += " · " + t.ngettext(
            "{count} week in a row", "{count} weeks in a row", goal.weeks_in_a_row
        ).format(count=goal.weeks_in_a_row)
    lines = [line]
    if goal.kept:
        lines.append(t.gettext("🎉 Weekly goal reached! Anything more is a bonus."))
    elif goal.repaired:
        lines.append(t.gettext("🛠 Last week is repaired. Nice comeback!"))
    elif goal.repairing:
        lines.append(
            t.ngettext(
                "🛠 {count} more session this week and last week counts too.",
                "🛠 {count} more sessions this week and last week counts too.",
                goal.sessions_to_repair,
            ).format(count=goal.sessions_to_repair)
        )
    return lines
