"""Settings handlers: /settings (challenge notices) and /language."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.languages import LANGUAGES, translator
from bot.learning.tutor import Tutor
from bot.telegram import settings_render
from bot.telegram.context import Context, now, user_id
from bot.telegram.replier import Replier
from bot.telegram.rhythm import Rhythms


class Settings:
    """What a learner can change about the bot."""

    def __init__(self, replier: Replier, rhythms: Rhythms) -> None:
        self._reply = replier
        self._rhythms = rhythms

    async def settings(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner opens their settings."""
        reply = await self._rhythms.settings(update, tutor)
        await self._reply.send(update, context, tutor, reply)

    async def set_notices(self, update: Update, tutor: Tutor, on: bool) -> None:
        """The learner turns messages about friends' results on or off."""
        query = update.callback_query
        assert query is not None
        await tutor.challenges.set_notices(user_id(update), on, now())
        await query.answer()
        reply = await self._rhythms.settings(update, tutor)
        if isinstance(query.message, Message):
            await query.message.edit_text(
                reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
            )

    async def language(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner wants to change the language."""
        learner = await tutor.profile(user_id(update), now())
        reply = settings_render.languages(learner.language, translator(learner.language))
        await self._reply.send(update, context, tutor, reply)

    async def set_language(
        self, update: Update, context: Context, tutor: Tutor, index: int
    ) -> None:
        """The learner picks a language; a lesson in progress carries on in it."""
        query = update.callback_query
        assert query is not None
        if not 0 <= index < len(LANGUAGES):
            await query.answer()
            await self.language(update, context, tutor)
            return
        change = await tutor.set_language(user_id(update), LANGUAGES[index], now())
        await query.answer()
        await self._reply.drop_buttons(query.message)
        language = change.learner.language
        reply = settings_render.language_set(
            language, change.lessons_translated, translator(language)
        )
        await self._reply.send(update, context, tutor, reply)
        here = await tutor.current(change.learner.id, now())
        if here is not None:  # carry on with the lesson, now in the new language
            await self._reply.send_card(update, context, tutor, here)
