"""The group round's rows on the class card, with the code of the class's group link
(made on first use): shared by the class card and the names switch."""

from __future__ import annotations

import secrets
from gettext import NullTranslations

from telegram import InlineKeyboardButton

from bot.learning.class_records import Classroom
from bot.learning.tutor import Tutor
from bot.telegram import round_render


async def card_rows(
    bot_username: str, tutor: Tutor, classroom: Classroom, t: NullTranslations
) -> list[list[InlineKeyboardButton]]:
    """The class card's group round rows: the "add me to the class group" link and the
    names switch."""
    code = await tutor.round_desk().group_code(classroom, lambda: secrets.token_urlsafe(9))
    return round_render.group_buttons(bot_username, code, classroom, t)
