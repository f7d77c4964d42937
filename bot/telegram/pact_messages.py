"""The MIL CLICKS Pact's messages: the pledge, its status, the badge and its sharing."""

from __future__ import annotations

import html
from gettext import NullTranslations

from babel.dates import format_date
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InputTextMessageContent,
    SwitchInlineQueryChosenChat,
)

from bot.languages import catalog_name
from bot.learning.pact import PactStatus
from bot.telegram.actions import Pact
from bot.telegram.callbacks import encode
from bot.telegram.menus import theme_name
from bot.telegram.render import Text, button, topics_button

# UNESCO's page on the MIL CLICKS initiative and its pact (see the README).
UNESCO_URL = "https://www.unesco.org/en/media-information-literacy/milclicks"
BADGE_QUERY = "badge"  # what the chat picker's query carries when a badge is shared


def bot_link(bot_username: str) -> str:
    """The link that opens the bot, for anyone."""
    return f"https://t.me/{bot_username}"


def pledge(t: NullTranslations) -> Text:
    """The pledge, written for this project in the spirit of UNESCO's pact, and one tap."""
    text = t.gettext(
        "🤝 <b>The MIL CLICKS Pact</b>\n\n"
        "I promise to:\n"
        "• <b>think before I share</b>, and pause when a post makes me feel a lot, fast;\n"
        "• <b>check sources</b>: who is behind a claim, and who else reports it;\n"
        "• <b>respect others</b>: disagree without hate, and correct friends kindly;\n"
        "• <b>create responsibly</b>: credit other people's work and label what AI made.\n\n"
        "It's inspired by UNESCO's MIL CLICKS Pact. One tap to take it; you can withdraw it"
        " any time."
    )
    rows = [
        [button(t.gettext("✋ I take the pact"), encode(Pact("take")))],
        [InlineKeyboardButton(t.gettext("🌐 UNESCO's MIL CLICKS page"), url=UNESCO_URL)],
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def status(state: PactStatus, language: str, t: NullTranslations) -> Text:
    """The pledge taken: since when, and the way to MIL CLICKer (or the badge)."""
    assert state.pact is not None
    day = format_date(state.pact.taken_at.date(), "long", locale=catalog_name(language))
    lines = [t.gettext("🤝 You took the MIL CLICKS Pact on {date}.").format(date=day), ""]
    rows = []
    if state.clicker:
        lines.append(
            t.gettext(
                "🏅 You're a <b>MIL CLICKer</b>: a lesson done in each of the seven themes."
                " Make your badge to share. Should it show your first name?"
            )
        )
        rows += [
            [button(t.gettext("Badge with my first name"), encode(Pact("badge-name")))],
            [button(t.gettext("Badge without a name"), encode(Pact("badge-plain")))],
        ]
    else:
        count = len(state.themes_to_go)
        names = ", ".join(html.escape(theme_name(theme, t)) for theme in state.themes_to_go)
        lines.append(
            t.ngettext(
                "Finish a lesson in {count} more theme to become a MIL CLICKer: {themes}.",
                "Finish a lesson in {count} more themes to become a MIL CLICKer: {themes}.",
                count,
            ).format(count=count, themes=names)
        )
        rows.append([topics_button(t)])
    rows.append([button(t.gettext("Withdraw my pledge"), encode(Pact("withdraw")))])
    return Text("\n".join(lines), InlineKeyboardMarkup(rows))


def withdrawn(t: NullTranslations) -> Text:
    """The pledge is gone; it can be taken again."""
    return Text(
        t.gettext("Your pledge is withdrawn and deleted. You can take it again any time: /pact"),
        InlineKeyboardMarkup([[topics_button(t)]]),
    )


def not_yet(t: NullTranslations) -> str:
    """A badge asked for before the learner is a MIL CLICKer (an old button)."""
    return t.gettext("Not yet: take the pact and finish a lesson in each theme first.")


def motto(t: NullTranslations) -> str:
    """The pledge in one line, for the badge."""
    return t.gettext("I think before I share, check sources, respect others, create responsibly.")


def _share_button(t: NullTranslations) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        t.gettext("📤 Share my badge"),
        switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
            query=BADGE_QUERY,
            allow_user_chats=True,
            allow_group_chats=True,
            allow_bot_chats=False,
            allow_channel_chats=False,
        ),
    )


def badge_caption(bot_username: str, t: NullTranslations) -> str:
    """What travels with the badge: the invitation and the bot's link."""
    return t.gettext(
        "🏅 I'm a MIL CLICKer: I took the MIL CLICKS Pact and finished a lesson in each of"
        " the seven themes. Learn to spot tricks online, 3 minutes at a time: {link}"
    ).format(link=bot_link(bot_username))


def badge_message(t: NullTranslations) -> InlineKeyboardMarkup:
    """The buttons under the learner's own badge."""
    return InlineKeyboardMarkup([[_share_button(t)], [topics_button(t)]])


def shared_badge(
    file_id: str | None, bot_username: str, t: NullTranslations
) -> InlineQueryResultCachedPhoto | InlineQueryResultArticle:
    """The badge in the chat picker (or, when its picture is not known, the invitation)."""
    caption = badge_caption(bot_username, t)
    open_bot = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("Try MIL CLICKS"), url=bot_link(bot_username))]]
    )
    if file_id is not None:
        return InlineQueryResultCachedPhoto(
            id=BADGE_QUERY, photo_file_id=file_id, caption=caption, reply_markup=open_bot
        )
    return InlineQueryResultArticle(
        id=BADGE_QUERY,
        title=t.gettext("My MIL CLICKer badge"),
        input_message_content=InputTextMessageContent(caption),
        reply_markup=open_bot,
    )
