"""One unit of work per update: a store (one database session) and a tutor bound to it.

Each update id is claimed first (`bot.learning.redelivery`): a duplicate changes nothing
and says nothing, and one left unfinished by a stopped process, or one from a learner
whose last reply failed, brings the card they are on instead (`owed.py`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Chat, Message, Update, User
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, CallbackContext

from bot.bank.bank import Bank
from bot.clock import Clock, wall_clock
from bot.languages import negotiate
from bot.learning import redelivery
from bot.learning.store import StoreFactory
from bot.learning.tutor import Tutor
from bot.telegram.context import Callback, Context, now, use_clock
from bot.telegram.ordering import flood
from bot.telegram.owed import Owed
from bot.telegram.replier import Replier

Handler = Callable[[Update, Context, Tutor], Awaitable[None]]
log = logging.getLogger(__name__)


class Units:
    """Wraps a handler into the callback python-telegram-bot calls for an update."""

    def __init__(
        self,
        bank: Bank | Callable[[], Bank],
        stores: StoreFactory,
        owed: Owed,
        replier: Replier,
        clock: Clock = wall_clock,
    ) -> None:
        # a callable hands out the bank of the moment (the sandbox's preview reloads it)
        self._bank = bank if callable(bank) else lambda: bank
        self._stores = stores
        self._owed = owed
        self._reply = replier
        self._clock = clock

    def __call__(self, handler: Handler) -> Callback:
        """A callback that gives `handler` one store and one tutor for its update; a
        newcomer's language comes from their Telegram settings."""

        async def callback(update: Update, context: Context) -> None:
            user = update.effective_user
            language = negotiate(user.language_code if user else None)
            use_clock(self._clock)
            async with self._stores(learner_id=user.id if user else None) as store:
                tutor = Tutor(self._bank(), store, language)
                if flood.get() != "calm":  # not taken on: it is dropped, not left unfinished
                    await self._slow_down(update, context, tutor)
                    return
                learner_id = user.id if user else None
                claim = await redelivery.claim(store, update.update_id, learner_id, now())
                if claim == "done" or (claim == "unfinished" and user is None):
                    log.info("update %d came again: ignored", update.update_id)
                    return
                try:
                    owed = user is not None and (claim == "unfinished" or self._owed.pop(user.id))
                    if not (owed and await self._owed.resend(update, context, tutor)):
                        await handler(update, context, tutor)
                except NetworkError as error:
                    if user is not None and not isinstance(error, BadRequest):
                        self._owed.add(user.id)
                    raise
                finally:
                    await redelivery.finish(store, update.update_id)

        callback.__doc__ = handler.__doc__
        callback.__name__ = getattr(handler, "__name__", "handler")
        return callback

    async def _slow_down(self, update: Update, context: Context, tutor: Tutor) -> None:
        """A flooding learner's update: not handled; the first one gets one note, and every
        tap's spinner stops."""
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        chat = update.effective_chat
        if flood.get() == "note" and chat is not None and chat.type == "private":
            t = await self._reply.t(update, tutor)
            await context.bot.send_message(
                chat.id,
                t.gettext(
                    "Whoa, that's a lot at once! 🙂 I answer one thing at a time:"
                    " wait for my reply, then go on."
                ),
            )

    async def resume_interrupted(
        self, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> int:
        """At start-up: send again the current card of every learner whose update the last
        process left unfinished (stopped with the reply in flight); how many were sent."""
        sent = 0
        async with self._stores() as store:
            for learner_id in await redelivery.interrupted(store, now()):
                update = _private_update(learner_id)
                context: Context = CallbackContext(application)
                try:
                    if await self._owed.resend(update, context, Tutor(self._bank(), store)):
                        sent += 1
                except TelegramError as error:  # blocked the bot since, or Telegram away
                    log.info("could not send a card again after a restart: %s", error)
        return sent


def _private_update(learner_id: int) -> Update:
    """An update standing for "this learner, in their private chat", for sending to them."""
    user = User(learner_id, "", is_bot=False)
    chat = Chat(learner_id, Chat.PRIVATE)
    return Update(0, message=Message(0, now(), chat, from_user=user))
