"""What every handler shares: one tutor per update, the learner's language, sending."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from datetime import UTC, datetime
from gettext import NullTranslations
from typing import TYPE_CHECKING, Any, TypeVar, cast

from telegram import Message, Update
from telegram import Poll as TelegramPoll
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from bot.bank.bank import Bank
from bot.languages import negotiate, translator
from bot.learning.cards import Card, ChallengeResult, Locked
from bot.learning.store import StoreFactory
from bot.learning.tutor import Tutor
from bot.telegram import menus, sharing
from bot.telegram.render import Poll, Text, card_message

if TYPE_CHECKING:
    from telegram._utils.types import CorrectOptionIds

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
R = TypeVar("R", bound="Replies")


def now() -> datetime:
    """The current time, aware and in UTC: the edge where time enters the core."""
    return datetime.now(UTC)


def user_id(update: Update) -> int:
    """The id of the person behind an update."""
    user = update.effective_user
    assert user is not None, "every update the bot handles has a user"
    return user.id


class Replies:
    """The base of the handlers: a tutor per update, and how replies are sent."""

    def __init__(
        self, bank: Bank, stores: StoreFactory, admin_ids: frozenset[int] = frozenset()
    ) -> None:
        self.bank = bank
        self._stores = stores
        self._admins = admin_ids

    def unit(self: R, handler: Callable[[R, Update, Context, Tutor], Awaitable[None]]) -> Callback:
        """A PTB callback that gives `handler` one store (one database session) per update."""

        async def callback(update: Update, context: Context) -> None:
            user = update.effective_user
            language = negotiate(user.language_code if user else None)
            async with self._stores() as store:
                await handler(self, update, context, Tutor(self.bank, store, language))

        callback.__doc__ = handler.__doc__
        callback.__name__ = handler.__name__
        return callback

    async def _language(self, update: Update, tutor: Tutor) -> str:
        """The learner's language (the tutor has usually read the learner already)."""
        learner = await tutor.learner(user_id(update))
        user = update.effective_user
        return learner.language if learner else negotiate(user.language_code if user else None)

    async def _t(self, update: Update, tutor: Tutor) -> NullTranslations:
        return translator(await self._language(update, tutor))

    async def _send(
        self, update: Update, context: Context, tutor: Tutor, reply: Text | Poll
    ) -> Message:
        chat = update.effective_chat
        assert chat is not None
        if isinstance(reply, Poll):
            message = await context.bot.send_poll(
                chat.id,
                reply.question,
                list(reply.options),
                type=TelegramPoll.QUIZ,
                is_anonymous=False,
                correct_option_ids=cast("CorrectOptionIds", [reply.correct]),
                explanation=reply.explanation,
            )
            if message.poll is not None:
                await tutor.poll_sent(
                    user_id(update), message.poll.id, reply.attempt_id, reply.position, now()
                )
            return message
        return await context.bot.send_message(
            chat.id,
            reply.html,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.keyboard,
            disable_web_page_preview=True,
        )

    async def _send_card(
        self, update: Update, context: Context, tutor: Tutor, card: Card | Locked
    ) -> None:
        t = await self._t(update, tutor)
        if isinstance(card, ChallengeResult):
            await self._send(update, context, tutor, sharing.result(card, t))
            if card.notify_challenger:
                await self._notify_challenger(update, context, tutor, card)
            return
        reply = menus.locked(card, t) if isinstance(card, Locked) else card_message(card, t)
        await self._send(update, context, tutor, reply)

    async def _notify_challenger(
        self, update: Update, context: Context, tutor: Tutor, card: ChallengeResult
    ) -> None:
        """One message to the challenger: who finished (first name only) and the scores."""
        user = update.effective_user
        assert user is not None
        lesson = tutor.bank.lesson(card.challenge.lesson_id, card.challenger_language)
        t = translator(card.challenger_language)
        reply = sharing.notice(replace(card, lesson=lesson), user.first_name, t)
        try:
            await context.bot.send_message(
                card.challenge.challenger_id, reply.html, parse_mode=ParseMode.HTML
            )
        except (Forbidden, BadRequest) as error:  # they blocked the bot, or left Telegram
            log.info("could not tell a challenger about a result: %s", error)

    async def topics(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks for the seven themes."""
        entries = await tutor.themes(user_id(update), now())
        language = await self._language(update, tutor)
        in_english = language not in tutor.bank.languages
        reply = menus.topics(entries, translator(language), in_english)
        await self._send(update, context, tutor, reply)

    async def unknown_command(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends a command the bot does not have."""
        reply = menus.unknown_command(await self._t(update, tutor))
        await self._send(update, context, tutor, reply)

    async def _drop_buttons(self, message: object) -> None:
        if isinstance(message, Message) and message.reply_markup is not None:
            try:
                await message.edit_reply_markup(None)
            except BadRequest as error:  # already gone, e.g. after a second tap
                log.debug("could not remove buttons: %s", error)

    async def error(self, update: object, context: Context) -> None:
        """Log a failure; tell the learner kindly, unless they blocked the bot."""
        error = context.error
        if isinstance(error, Forbidden):
            log.info("a learner blocked the bot: %s", error)
            return
        log.error("update failed", exc_info=error)
        if not isinstance(update, Update):
            return
        chat, user = update.effective_chat, update.effective_user
        if chat is None or chat.type != "private":
            return
        t = translator(negotiate(user.language_code if user else None))
        try:
            await context.bot.send_message(
                chat.id, t.gettext("Something went wrong on my side. Try again, or send /topics.")
            )
        except Exception:  # the error handler itself must never fail
            log.warning("could not tell the learner about the failure")
