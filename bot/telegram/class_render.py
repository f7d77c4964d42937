"""The classroom's messages for teachers: their classes, a class card, and setting the
week's lessons (a learner's side is `member_render`)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from gettext import NullTranslations

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.content import Lesson
from bot.bank.themes import THEMES, Theme
from bot.languages import catalog_name
from bot.learning.class_records import Classroom
from bot.learning.classes import (
    DUE_CHOICES,
    NAME_LIMIT,
    NameRefused,
    due_on,
    payload_for,
)
from bot.telegram import check_render
from bot.telegram.actions import ShowClassReport
from bot.telegram.callbacks import encode
from bot.telegram.class_actions import (
    ClassMenu,
    NewClass,
    PickDue,
    PickLessons,
    SetDue,
    TeachMenu,
)
from bot.telegram.menus import EMOJI, theme_name
from bot.telegram.render import Text, button


def join_link(bot_username: str, classroom: Classroom) -> str:
    """The class's join link: opening it in Telegram starts the bot with its code."""
    return f"https://t.me/{bot_username}?start={payload_for(classroom.join_code)}"


def day(value: date, language: str) -> str:
    """A due date as a learner reads it: "Friday, 6 March"-like, in their language."""
    return format_date(value, "EEEE d MMMM", locale=catalog_name(language))


def _short_day(value: date, language: str) -> str:
    return format_date(value, "EEE d MMM", locale=catalog_name(language))


def teach_menu(classes: list[Classroom], t: NullTranslations) -> Text:
    """/teach: the teacher's classes, each opening its card, and a new one."""
    if classes:
        text = t.gettext("🧑‍🏫 <b>Your classes.</b> Tap one for its join link and settings.")
    else:
        text = t.gettext(
            "🧑‍🏫 <b>Teach with MIL CLICKS.</b> Make a class: your learners join with a link "
            "or a QR code, you set their lessons for the week, and you see how they do."
        )
    rows = [[button(c.name, encode(ClassMenu(c.id, "card")))] for c in classes]
    rows.append([button(t.gettext("➕ New class"), encode(NewClass()))])
    return Text(text, InlineKeyboardMarkup(rows))


def ask_name(t: NullTranslations, renaming: Classroom | None = None) -> Text:
    """Ask for a class's name: the teacher's next message is it."""
    if renaming is None:
        text = t.gettext(
            "✏️ What's the class called? Send me its name, up to {limit} characters "
            "(for example: 7B Media)."
        )
    else:
        text = t.gettext("✏️ Send me the new name for <b>{name}</b>, up to {limit} characters.")
        return Text(text.format(name=html.escape(renaming.name), limit=NAME_LIMIT))
    return Text(text.format(limit=NAME_LIMIT))


def name_refused(refused: NameRefused, t: NullTranslations) -> Text:
    """A name that cannot be used: what to send instead."""
    if refused.problem == "empty":
        text = t.gettext("That name is empty. Send me the class's name as a text message.")
    else:
        text = t.gettext("That's a bit long: a class name has at most {limit} characters. "
                         "Send me a shorter one.").format(limit=NAME_LIMIT)  # fmt: skip
    return Text(text)


def card_keyboard(
    classroom: Classroom,
    t: NullTranslations,
    more: Sequence[list[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """The buttons under a class card, one row per kind of thing to do with the class
    (`more`: rows of other features, such as the group round's, above "Close")."""
    rows: list[list[InlineKeyboardButton]] = [
        [button(t.gettext("📚 Set this week's lessons"), _menu(classroom, "lessons"))],
        [button(t.gettext("📊 Report"), encode(ShowClassReport(classroom.id)))],
        [
            button(t.gettext("✏️ Rename"), _menu(classroom, "rename")),
            button(t.gettext("🔗 New join link"), _menu(classroom, "relink")),
        ],
        check_render.open_post_check_button(classroom.id, t),
        *more,
        [button(t.gettext("🔒 Close the class"), _menu(classroom, "close"))],
    ]
    return InlineKeyboardMarkup(rows)


def _menu(classroom: Classroom, verb: str) -> str:
    return encode(ClassMenu(classroom.id, verb))  # type: ignore[arg-type]


def card_caption(
    classroom: Classroom,
    link: str,
    members: int,
    set_lessons: tuple[str, ...],
    due_on: date | None,
    t: NullTranslations,
    language: str,
) -> str:
    """The class card's caption (under its QR code): the name, the link, who joined."""
    lines = [
        f"🧑‍🏫 <b>{html.escape(classroom.name)}</b>",
        t.gettext("Join link (or scan the code): {link}").format(link=html.escape(link)),
        t.ngettext("{count} learner joined.", "{count} learners joined.", members).format(
            count=members
        ),
    ]
    if set_lessons and due_on is not None:
        titles = ", ".join(html.escape(title) for title in set_lessons)
        lines.append(
            t.gettext("📌 Set: {lessons}, by {day}.").format(
                lessons=titles, day=day(due_on, language)
            )
        )
    return "\n".join(lines)


def relinked(t: NullTranslations) -> Text:
    """A new join link was made."""
    return Text(t.gettext("🔗 Here's the new join link. The old one no longer works."))


def confirm_close(classroom: Classroom, t: NullTranslations) -> Text:
    """Ask before closing a class."""
    text = t.gettext(
        "Close <b>{name}</b>? Its join link stops working and it leaves your learners' "
        "lists. Their own lessons and progress stay theirs."
    ).format(name=html.escape(classroom.name))
    rows = [
        [button(t.gettext("Yes, close it"), _menu(classroom, "close-yes"))],
        [button(t.gettext("No, keep it"), _menu(classroom, "keep"))],
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def closed(classroom: Classroom, t: NullTranslations) -> Text:
    """A class was closed."""
    text = t.gettext("🔒 <b>{name}</b> is closed.").format(name=html.escape(classroom.name))
    return Text(text, InlineKeyboardMarkup([[my_classes_button(t)]]))


def my_classes_button(t: NullTranslations) -> InlineKeyboardButton:
    """Back to the teacher's classes."""
    return button(t.gettext("🧑‍🏫 My classes"), encode(TeachMenu()))


def theme_picker(classroom: Classroom, t: NullTranslations) -> Text:
    """Setting lessons, step one: a theme."""
    text = t.gettext("📚 Which theme for <b>{name}</b> this week?").format(
        name=html.escape(classroom.name)
    )
    rows = [
        [
            button(
                f"{EMOJI[theme]} {theme_name(theme, t)}",
                encode(PickLessons(classroom.id, theme, 0)),
            )
        ]
        for theme in THEMES
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def lesson_picker(
    classroom: Classroom, theme: Theme, lessons: list[Lesson], mask: int, t: NullTranslations
) -> Text:
    """Step two: all of the theme's lessons, or a few ticked ones."""
    text = t.gettext(
        "{emoji} <b>{theme}</b>: set all of its lessons, or tick the ones you want."
    ).format(emoji=EMOJI[theme], theme=html.escape(theme_name(theme, t)))
    every = (1 << len(lessons)) - 1
    rows = [
        [
            button(
                t.ngettext("All {count} lesson", "All {count} lessons", len(lessons)).format(
                    count=len(lessons)
                ),
                encode(PickDue(classroom.id, theme, every)),
            )
        ]
    ]
    for index, lesson in enumerate(lessons):
        bit = 1 << index
        tick = "☑️" if mask & bit else "⬜"
        rows.append(
            [
                button(
                    f"{tick} {lesson.title}", encode(PickLessons(classroom.id, theme, mask ^ bit))
                )
            ]
        )
    if mask & every:
        count = (mask & every).bit_count()
        label = t.ngettext("Set {count} lesson", "Set {count} lessons", count)
        rows.append(
            [button(label.format(count=count), encode(PickDue(classroom.id, theme, mask)))]
        )
    return Text(text, InlineKeyboardMarkup(rows))


def due_picker(
    classroom: Classroom, theme: Theme, mask: int, today: date, t: NullTranslations, language: str
) -> Text:
    """Step three: by when."""
    labels = (t.gettext("By Friday"), t.gettext("In a week"), t.gettext("In two weeks"))
    rows = [
        [
            button(
                f"{label} ({_short_day(due_on(choice, today), language)})",
                encode(SetDue(classroom.id, theme, mask, choice)),
            )
        ]
        for choice, label in zip(DUE_CHOICES, labels, strict=True)
    ]
    return Text(t.gettext("📅 By when?"), InlineKeyboardMarkup(rows))


def lessons_set(
    classroom: Classroom, titles: list[str], due: date, t: NullTranslations, language: str
) -> Text:
    """The lessons are set."""
    text = t.gettext(
        "✅ Set for <b>{name}</b>: {lessons}, by {day}. Your learners see them first in "
        "/topics and in their reminders."
    ).format(
        name=html.escape(classroom.name),
        lessons=", ".join(html.escape(title) for title in titles),
        day=day(due, language),
    )
    return Text(text, InlineKeyboardMarkup([[my_classes_button(t)]]))
