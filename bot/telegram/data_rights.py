"""The learner's data rights in the chat: `/privacy`, `/mydata` (a JSON file of everything
stored about them) and `/forgetme` (erasure, after one confirmation)."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update

from bot.learning.my_data import FILE_NAME, as_json
from bot.learning.privacy import RETENTION_MONTHS, first_came
from bot.learning.tutor import Tutor
from bot.telegram import data_rights_messages as messages
from bot.telegram.context import Context, now, user_id
from bot.telegram.replier import Replier


class DataRights:
    """What is stored, a copy of it, and erasing it."""

    def __init__(self, replier: Replier, retention_months: int = RETENTION_MONTHS) -> None:
        self._reply = replier
        self._months = retention_months

    async def privacy(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends /privacy: what is stored, why, for how long, and their rights."""
        t = await self._reply.t(update, tutor)
        await self._reply.send(update, context, tutor, messages.privacy(t, self._months))

    async def my_data(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends /mydata: everything stored about them, as a JSON file."""
        chat = update.effective_chat
        assert chat is not None
        t = await self._reply.t(update, tutor)
        data = await tutor.rights.copy(user_id(update))
        document = InputFile(as_json(data, now()), filename=FILE_NAME)
        await context.bot.send_document(chat.id, document, caption=messages.my_data_caption(t))

    async def forget_me(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends /forgetme: one question before anything is erased."""
        t = await self._reply.t(update, tutor)
        learner = await tutor.learner(user_id(update))
        if learner is None:
            reply = messages.nothing(t)
        else:
            taught = await tutor.rights.classes_taught(learner.id)
            reply = messages.ask(t, first_came(learner), taught)
        await self._reply.send(update, context, tutor, reply)

    async def forget(self, update: Update, context: Context, tutor: Tutor, since: int) -> None:
        """The learner taps "Erase everything": erase, then one goodbye."""
        query = update.callback_query
        assert query is not None
        t = await self._reply.t(update, tutor)  # their language, before it is erased
        outcome = await tutor.rights.forget(user_id(update), since)
        replies = {
            "erased": messages.goodbye,
            "nothing": messages.nothing,
            "stale": messages.stale,
        }
        await asyncio.gather(query.answer(), self._reply.drop_buttons(query.message))
        await self._reply.send(update, context, tutor, replies[outcome](t))

    async def keep(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps "Keep my data"."""
        query = update.callback_query
        assert query is not None
        t = await self._reply.t(update, tutor)
        await asyncio.gather(query.answer(), self._reply.drop_buttons(query.message))
        await self._reply.send(update, context, tutor, messages.kept(t))
