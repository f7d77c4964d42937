"""Thin handlers: read the update, make one call to the tutor, render, reply."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from gettext import NullTranslations
from typing import TYPE_CHECKING, Any, cast

from telegram import Message, Update
from telegram import Poll as TelegramPoll
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from bot.learning.bank import Bank
from bot.learning.cards import Card, Feedback, Locked, QuestionCard, Stale
from bot.learning.store import StoreFactory
from bot.learning.tutor import Tutor
from bot.telegram import menus
from bot.telegram.callbacks import (
    Check,
    Choose,
    Go,
    OpenTheme,
    Resume,
    StartLesson,
    Toggle,
    Topics,
    decode,
)
from bot.telegram.render import Poll, Text, card_message, chosen_text, question_message
from i18n import negotiate, translator

if TYPE_CHECKING:
    from telegram._utils.types import CorrectOptionIds

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


def _now() -> datetime:
    return datetime.now(UTC)


def _mask_set(mask: int) -> frozenset[int]:
    return frozenset(i for i in range(mask.bit_length()) if mask & (1 << i))


Handler = Callable[["Handlers", Update, Context, Tutor], Awaitable[None]]
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


class Handlers:
    """Every handler of the bot; each gets a tutor bound to one store for its update."""

    def __init__(self, bank: Bank, stores: StoreFactory) -> None:
        self.bank = bank
        self._stores = stores

    def unit(self, handler: Handler) -> Callback:
        """A PTB callback that gives `handler` one store (one database session) per update."""

        async def callback(update: Update, context: Context) -> None:
            async with self._stores() as store:
                await handler(self, update, context, Tutor(self.bank, store))

        callback.__doc__ = handler.__doc__
        callback.__name__ = handler.__name__
        return callback

    async def _language(self, update: Update, tutor: Tutor) -> str:
        user = update.effective_user
        if user is None:
            return "en"
        learner = await tutor.learner(user.id)
        return learner.language if learner else negotiate(user.language_code)

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
            if message.poll is not None and update.effective_user is not None:
                await tutor.poll_sent(
                    update.effective_user.id,
                    message.poll.id,
                    reply.attempt_id,
                    reply.position,
                    _now(),
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
        if isinstance(card, Locked):
            await self._send(update, context, tutor, menus.locked(card, t))
        else:
            await self._send(update, context, tutor, card_message(card, t))

    async def start(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner opens the bot: welcome, or welcome back."""
        user = update.effective_user
        assert user is not None
        meeting = await tutor.meet(user.id, negotiate(user.language_code), _now())
        t = translator(meeting.learner.language)
        if meeting.new:
            reply = menus.welcome(user.first_name, meeting.first_lesson, t)
        else:
            reply = menus.welcome_back(user.first_name, meeting.resume, meeting.first_lesson, t)
        await self._send(update, context, tutor, reply)
        if not meeting.new:
            await self._send(update, context, tutor, menus.topics(await tutor.themes(user.id), t))

    async def topics(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks for the seven themes."""
        user = update.effective_user
        assert user is not None
        await self._ensure_learner(update, tutor)
        entries = await tutor.themes(user.id)
        await self._send(
            update, context, tutor, menus.topics(entries, await self._t(update, tutor))
        )

    async def progress(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks how they are doing."""
        user = update.effective_user
        assert user is not None
        await self._ensure_learner(update, tutor)
        report = await tutor.progress(user.id)
        await self._send(
            update, context, tutor, menus.progress(report, await self._t(update, tutor))
        )

    async def help(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks what the bot can do."""
        await self._send(update, context, tutor, menus.help_text(await self._t(update, tutor)))

    async def unknown_command(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends a command the bot does not have."""
        await self._send(
            update, context, tutor, menus.unknown_command(await self._t(update, tutor))
        )

    async def free_text(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner types instead of tapping."""
        user = update.effective_user
        assert user is not None
        resume = await tutor.current(user.id)
        await self._send(
            update, context, tutor, menus.free_text(resume, await self._t(update, tutor))
        )

    async def in_group(self, update: Update, context: Context, tutor: Tutor) -> None:
        """Someone calls the bot in a group: lessons happen in private."""
        hint = menus.group_hint(context.bot.username, await self._t(update, tutor))
        await self._send(update, context, tutor, hint)

    async def _ensure_learner(self, update: Update, tutor: Tutor) -> None:
        user = update.effective_user
        assert user is not None
        if await tutor.learner(user.id) is None:
            await tutor.meet(user.id, negotiate(user.language_code), _now())

    async def tap(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps an inline button."""
        query = update.callback_query
        user = update.effective_user
        assert query is not None and user is not None
        action = decode(query.data or "")
        t = await self._t(update, tutor)
        if action is None:
            await query.answer(t.gettext("That button no longer works. Here are the topics."))
            await self.topics(update, context, tutor)
            return
        await self._ensure_learner(update, tutor)
        match action:
            case Go(attempt_id, position):
                result = await tutor.advance(user.id, attempt_id, position, _now())
                if isinstance(result, Stale):
                    await self._stale(update, context, tutor, result, t)
                    return
                await query.answer()
                await self._drop_buttons(query.message)
                await self._send_card(update, context, tutor, result)
            case Toggle(attempt_id, position, option):
                await self._toggle(update, tutor, attempt_id, position, option, t)
            case Choose(attempt_id, position, mask):
                chosen = _mask_set(mask)
                await self._choose(update, context, tutor, attempt_id, position, chosen, t)
            case Check(attempt_id, position):
                await self._choose(update, context, tutor, attempt_id, position, None, t)
            case StartLesson(lesson_id):
                await query.answer()
                if lesson_id not in tutor.bank.lessons:
                    await self.topics(update, context, tutor)
                    return
                await self._send_card(
                    update, context, tutor, await tutor.start(user.id, lesson_id, _now())
                )
            case OpenTheme(theme):
                await query.answer()
                lessons = await tutor.theme(user.id, theme)
                await self._send(update, context, tutor, menus.theme_lessons(theme, lessons, t))
            case Topics():
                await query.answer()
                await self.topics(update, context, tutor)
            case Resume():
                await query.answer()
                card = await tutor.current(user.id)
                if card is None:
                    await self.topics(update, context, tutor)
                else:
                    await self._send_card(update, context, tutor, card)

    async def _toggle(
        self,
        update: Update,
        tutor: Tutor,
        attempt_id: int,
        position: int,
        option: int,
        t: NullTranslations,
    ) -> None:
        query = update.callback_query
        user = update.effective_user
        assert query is not None
        assert user is not None
        card = await tutor.toggle(user.id, attempt_id, position, option, _now())
        if isinstance(card, Stale):
            await query.answer(t.gettext("That question is already answered."))
            return
        await query.answer()
        reply = question_message(card, t)
        if isinstance(reply, Text) and isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply.keyboard)

    async def _choose(
        self,
        update: Update,
        context: Context,
        tutor: Tutor,
        attempt_id: int,
        position: int,
        chosen: frozenset[int] | None,
        t: NullTranslations,
    ) -> None:
        query = update.callback_query
        user = update.effective_user
        assert query is not None and user is not None
        card = await tutor.current(user.id)
        result = await tutor.answer(user.id, attempt_id, position, chosen, _now())
        if isinstance(result, Stale):
            await self._stale(update, context, tutor, result, t)
            return
        await query.answer()
        if isinstance(card, QuestionCard) and isinstance(query.message, Message):
            picked = card.selection if chosen is None else chosen
            await query.message.edit_text(chosen_text(card, t, picked), parse_mode=ParseMode.HTML)
        await self._send_card(update, context, tutor, result)

    async def poll_answer(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner votes in a quiz poll; a repeated or retracted vote counts once."""
        answer = update.poll_answer
        assert answer is not None and answer.user is not None
        result = await tutor.poll_answer(
            answer.poll_id, answer.user.id, frozenset(answer.option_ids), _now()
        )
        if isinstance(result, Feedback):
            t = await self._t(update, tutor)
            reply = card_message(result, t)
            assert isinstance(reply, Text)
            await context.bot.send_message(
                answer.user.id, reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
            )

    async def _stale(
        self, update: Update, context: Context, tutor: Tutor, stale: Stale, t: NullTranslations
    ) -> None:
        query = update.callback_query
        assert query is not None
        texts = {
            "moved-on": t.gettext("You've already moved on: carry on from the newest message."),
            "answer-first": t.gettext("Answer the question first 🙂"),
            "already-answered": t.gettext("You've answered that one already."),
            "old-lesson": t.gettext(
                "That button is from an earlier lesson. Here's where you are now."
            ),
        }
        await query.answer(texts[stale.reason])
        await self._drop_buttons(query.message)
        if stale.reason == "old-lesson":
            if stale.current is None:
                await self.topics(update, context, tutor)
            else:
                await self._send_card(update, context, tutor, stale.current)

    async def _drop_buttons(self, message: object) -> None:
        if isinstance(message, Message) and message.reply_markup is not None:
            try:
                await message.edit_reply_markup(None)
            except BadRequest as error:  # already gone, e.g. a second tap
                log.debug("could not remove buttons: %s", error)

    async def error(self, update: object, context: Context) -> None:
        """Log a failure; tell the learner kindly, unless they blocked the bot."""
        error = context.error
        if isinstance(error, Forbidden):
            log.info("a learner blocked the bot: %s", error)
            return
        log.error("update failed", exc_info=error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if isinstance(update, Update) and chat is not None and chat.type == "private":
            user = update.effective_user
            t = translator(negotiate(user.language_code if user else None))
            try:
                await context.bot.send_message(
                    chat.id,
                    t.gettext("Something went wrong on my side. Try again, or send /topics."),
                )
            except Exception:  # the error handler itself must never fail
                log.warning("could not tell the learner about the failure")
