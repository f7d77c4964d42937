"""Group rounds as Telegram messages: the line that links a group, the theme picker, the
summary, and the class card's buttons for the group."""

from __future__ import annotations

import html
from gettext import NullTranslations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.class_records import Classroom
from bot.learning.round_desk import Result
from bot.telegram.actions import RoundNames, RoundTheme
from bot.telegram.callbacks import encode
from bot.telegram.menus import EMOJI, theme_name
from bot.telegram.render import Text, button

ROUND_PAYLOAD = "round-"


def bound(classroom: Classroom, t: NullTranslations) -> str:
    """Said once in the group, when the teacher adds the bot with the class's link."""
    return t.gettext(
        "✅ This group is now linked to the class <b>{name}</b>. Start a quiz round with /round."
    ).format(name=html.escape(classroom.name))


def theme_picker(class_id: int, themes: tuple[Theme, ...], t: NullTranslations) -> Text:
    """No theme given or set: the teacher picks one (two buttons a row)."""
    buttons = [
        button(f"{EMOJI[theme]} {theme_name(theme, t)}", encode(RoundTheme(class_id, theme)))
        for theme in themes
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return Text(t.gettext("🎯 Which theme should the round be on?"), InlineKeyboardMarkup(rows))


def _technique(lesson: Lesson | None, t: NullTranslations) -> str:
    if lesson is None:
        return ""
    return "\n" + t.gettext("🧠 Remember: {technique}").format(
        technique=f"<b>{html.escape(lesson.title)}</b>"
    )


def summary(result: Result, t: NullTranslations) -> str:
    """The one message after the last poll: each question's right answers among the class's
    members who voted, and its technique; first names only if the class shows them."""
    found = result.summary
    theme = Theme(found.round.theme)
    lines = [
        t.gettext("🏁 Round over: {theme}").format(theme=f"{EMOJI[theme]} {theme_name(theme, t)}")
    ]
    for question, lesson in zip(found.results, result.lessons, strict=True):
        counted = t.ngettext(
            "{number}. {right} of {count} right",
            "{number}. {right} of {count} right",
            question.answered,
        ).format(number=question.position + 1, right=question.right, count=question.answered)
        names = f"\n✅ {html.escape(', '.join(question.names))}" if question.names else ""
        lines.append(f"<b>{counted}</b>{names}{_technique(lesson, t)}")
    return "\n\n".join(lines)


def group_buttons(
    bot_username: str, code: str, classroom: Classroom, t: NullTranslations
) -> list[list[InlineKeyboardButton]]:
    """The class card's rows for group rounds: add the bot to the class's group, and the
    names switch (off: the summaries count answers without naming anyone)."""
    url = f"https://t.me/{bot_username}?startgroup={ROUND_PAYLOAD}{code}"
    names = (
        t.gettext("👀 Names in group rounds: on")
        if classroom.names_shown
        else t.gettext("🙈 Names in group rounds: off")
    )
    return [
        [InlineKeyboardButton(t.gettext("👥 Add me to the class group"), url=url)],
        [button(names, encode(RoundNames(classroom.id, not classroom.names_shown)))],
    ]
