"""The settings menu and the language picker."""

from __future__ import annotations

from gettext import NullTranslations

from telegram import InlineKeyboardMarkup

from bot.languages import LANGUAGES, display_name
from bot.telegram.actions import Notices, SetLanguage
from bot.telegram.callbacks import encode
from bot.telegram.render import Text, button, topics_button


def settings(notices: bool, t: NullTranslations) -> Text:
    """The learner's settings: for now, messages about friends' challenge results."""
    state = t.gettext("on") if notices else t.gettext("off")
    text = (
        t.gettext("⚙️ <b>Settings</b>")
        + "\n\n"
        + t.gettext("Messages when a friend finishes your challenge: <b>{state}</b>").format(
            state=state
        )
    )
    label = t.gettext("Turn them off") if notices else t.gettext("Turn them on")
    rows = [[button(label, encode(Notices(not notices)))], [topics_button(t)]]
    return Text(text, InlineKeyboardMarkup(rows))


def languages(current: str, t: NullTranslations) -> Text:
    """A button per language, each named in its own language."""
    rows = [
        [
            button(
                ("✅ " if language == current else "") + display_name(language),
                encode(SetLanguage(index)),
            )
        ]
        for index, language in enumerate(LANGUAGES)
    ]
    return Text(t.gettext("🌐 Which language should I speak?"), InlineKeyboardMarkup(rows))


def language_set(language: str, lessons_translated: bool, t: NullTranslations) -> Text:
    """The language is changed; say whether lessons come in it or in English for now."""
    text = t.gettext("✅ Done! From now on I'll speak {language}.").format(
        language=display_name(language)
    )
    if not lessons_translated:
        text += "\n\n" + t.gettext(
            "The lessons themselves are in English for now; buttons and menus are in {language}."
        ).format(language=display_name(language))
    return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))
