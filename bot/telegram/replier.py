"""Sending replies: the learner's language, messages and quiz polls, cards, used buttons."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import replace
from datetime import timedelta
from gettext import NullTranslations
from typing import TYPE_CHECKING, cast

from telegram import Message, Update
from telegram import Poll as TelegramPoll
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.bank.pictures import Picture
from bot.languages import negotiate, translator
from bot.learning.cards import Card, ChallengeResult, Locked
from bot.learning.outbox import Outbox, Outgoing, notice_key
from bot.learning.tutor import Tutor
from bot.pictures.lesson import draw
from bot.telegram import menus, sharing
from bot.telegram.context import Context, now, user_id
from bot.telegram.render import Poll, Text, card_message

if TYPE_CHECKING:
    from telegram._utils.types import CorrectOptionIds

log = logging.getLogger(__name__)


# A notice still unsent this long after the result is dropped (not sent in the night).
NOTICE_EXPIRY = timedelta(hours=6)


class Replier:
    """Turns what the tutor returns into Telegram messages, in the learner's language.

    What is not a reply (a notice to another learner) is queued in the outbox.
    """

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        # A lesson picture is drawn once per language and uploaded once; after that
        # Telegram's file id for it is sent instead of the bytes.
        self._drawn: dict[str, bytes] = {}
        self._file_ids: dict[str, str] = {}

    async def language(self, update: Update, tutor: Tutor) -> str:
        """The learner's language (the tutor has usually read the learner already)."""
        learner = await tutor.learner(user_id(update))
        user = update.effective_user
        return learner.language if learner else negotiate(user.language_code if user else None)

    async def t(self, update: Update, tutor: Tutor) -> NullTranslations:
        """The learner's catalog."""
        return translator(await self.language(update, tutor))

    async def send(
        self, update: Update, context: Context, tutor: Tutor, reply: Text | Poll
    ) -> Message:
        """Send a message, or a quiz poll (which the tutor then remembers), to this chat."""
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
                await tutor.polls.sent(
                    user_id(update), message.poll.id, reply.attempt_id, reply.position, now()
                )
            return message
        if reply.picture is not None:
            return await self._send_picture(update, context, tutor, reply, reply.picture)
        return await context.bot.send_message(
            chat.id,
            reply.html,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.keyboard,
            disable_web_page_preview=True,
        )

    async def _send_picture(
        self, update: Update, context: Context, tutor: Tutor, reply: Text, picture: Picture
    ) -> Message:
        """A step with a picture: a photo, the step's text as its caption."""
        chat = update.effective_chat
        assert chat is not None
        language = await self.language(update, tutor)
        key = hashlib.sha256(
            f"{language}\n{reply.picture_folder}\n{picture!r}".encode()
        ).hexdigest()
        photo: str | bytes | None = self._file_ids.get(key)
        if photo is None:
            photo = self._drawn.get(key)
            if photo is None:
                # matplotlib takes a tenth of a second: not in the event loop
                photo = self._drawn[key] = await asyncio.to_thread(
                    draw, picture, language, reply.picture_folder
                )
        message = await context.bot.send_photo(
            chat.id,
            photo,
            caption=reply.html,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.keyboard,
        )
        if message.photo:
            self._file_ids[key] = message.photo[-1].file_id
            self._drawn.pop(key, None)
        return message

    async def send_card(
        self, update: Update, context: Context, tutor: Tutor, card: Card | Locked
    ) -> None:
        """Send the card the learner is on; a friend's finished challenge also tells the
        challenger, when they want to hear."""
        t = await self.t(update, tutor)
        if isinstance(card, ChallengeResult):
            await self.send(update, context, tutor, sharing.result(card, t))
            if card.notify_challenger:
                await self._tell_challenger(update, card)
            return
        reply = menus.locked(card, t) if isinstance(card, Locked) else card_message(card, t)
        await self.send(update, context, tutor, reply)

    async def _tell_challenger(self, update: Update, card: ChallengeResult) -> None:
        """One message to the challenger: who finished (first name only) and the scores."""
        user = update.effective_user
        assert user is not None
        in_their_language = replace(card, lesson=card.challenger_lesson or card.lesson)
        reply = sharing.notice(
            in_their_language, user.first_name, translator(card.challenger_language)
        )
        # Not in the challenger's quiet hours: then when they end.
        at = card.notice_at or now()
        notice = Outgoing(
            card.challenge.challenger_id, "challenge", reply.html, at, at + NOTICE_EXPIRY,
            dedupe=notice_key(card.challenge.code, user.id),
        )  # fmt: skip
        await self.outbox.put(notice)

    async def drop_buttons(self, message: object) -> None:
        """Remove a used message's buttons, so an old "Next" cannot be tapped twice."""
        if isinstance(message, Message) and message.reply_markup is not None:
            try:
                await message.edit_reply_markup(None)
            except BadRequest as error:  # already gone, e.g. after a second tap
                log.debug("could not remove buttons: %s", error)
