"""Thin handlers: read the update, make one call to the tutor, render, reply."""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from datetime import UTC, datetime
from gettext import NullTranslations
from typing import TYPE_CHECKING, Any, cast

from telegram import InlineQueryResultsButton, Message, Update
from telegram import Poll as TelegramPoll
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from bot.learning.bank import Bank
from bot.learning.cards import Card, ChallengeResult, Feedback, Locked, Stale
from bot.learning.challenges import ChallengeRefused, ChallengeUnavailable
from bot.learning.store import StoreFactory
from bot.learning.tutor import Tutor
from bot.telegram import menus, sharing
from bot.telegram.callbacks import (
    ChallengeFriend,
    Check,
    Choose,
    Go,
    Notices,
    OpenTheme,
    Resume,
    SetLanguage,
    StartLesson,
    Toggle,
    Topics,
    decode,
)
from bot.telegram.render import Poll, Text, card_message, chosen_text, question_message
from i18n import LANGUAGES, negotiate, translator

if TYPE_CHECKING:
    from telegram._utils.types import CorrectOptionIds

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[["Handlers", Update, Context, Tutor], Awaitable[None]]
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


# /start payload that opens the challenge maker (from the inline mode's button).
CHALLENGE_PAYLOAD = "challenge"


def new_code() -> str:
    """A fresh challenge code: 96 random bits, URL-safe."""
    return secrets.token_urlsafe(12)


def _now() -> datetime:
    return datetime.now(UTC)


def _mask_set(mask: int) -> frozenset[int]:
    return frozenset(i for i in range(mask.bit_length()) if mask & (1 << i))


def _user_id(update: Update) -> int:
    user = update.effective_user
    assert user is not None, "every update the bot handles has a user"
    return user.id


class Handlers:
    """Every handler of the bot; each gets a tutor bound to one store for its update."""

    def __init__(
        self, bank: Bank, stores: StoreFactory, admin_ids: frozenset[int] = frozenset()
    ) -> None:
        self.bank = bank
        self._stores = stores
        self._admins = admin_ids

    def unit(self, handler: Handler) -> Callback:
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
        learner = await tutor.learner(_user_id(update))
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
                    _user_id(update), message.poll.id, reply.attempt_id, reply.position, _now()
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

    async def start(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner opens the bot: welcome, or welcome back with the topics."""
        user = update.effective_user
        assert user is not None
        payload = context.args[0] if context.args else ""
        if payload == CHALLENGE_PAYLOAD:
            await self.challenge(update, context, tutor)
            return
        if payload:
            await self._open_challenge(update, context, tutor, payload)
            return
        meeting = await tutor.meet(user.id, _now())
        t = translator(meeting.learner.language)
        if meeting.new:
            reply = menus.welcome(user.first_name, meeting.first_lesson, t)
            await self._send(update, context, tutor, reply)
            return
        reply = menus.welcome_back(user.first_name, meeting.resume, meeting.first_lesson, t)
        await self._send(update, context, tutor, reply)
        entries = await tutor.themes(user.id, _now())
        await self._send(update, context, tutor, menus.topics(entries, t))

    async def _open_challenge(
        self, update: Update, context: Context, tutor: Tutor, payload: str
    ) -> None:
        """A friend follows a challenge link: who sent it, then the first question at once."""
        opened = await tutor.open_challenge(payload, _user_id(update), _now())
        t = await self._t(update, tutor)
        if isinstance(opened, ChallengeUnavailable):
            await self._send(update, context, tutor, sharing.unavailable(opened, t))
            await self.topics(update, context, tutor)
            return
        intro = sharing.opened(opened.challenge, opened.lesson.title, t)
        await self._send(update, context, tutor, intro)
        await self._send_card(update, context, tutor, opened.first)

    async def challenge(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks to challenge a friend on their latest lesson."""
        await self._make_challenge(update, context, tutor, None)

    async def _make_challenge(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str | None
    ) -> None:
        user = update.effective_user
        assert user is not None
        made = await tutor.create_challenge(
            user.id, lesson_id, user.first_name, _now(), random.SystemRandom(), new_code()
        )
        t = await self._t(update, tutor)
        if isinstance(made, ChallengeRefused):
            await self._send(update, context, tutor, sharing.refused(made, t))
            return
        username = context.bot.username
        await self._send(update, context, tutor, sharing.share_card(made, username, t))
        await self._send(update, context, tutor, sharing.invitation(made, username, t))

    async def settings(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner opens their settings."""
        learner = await tutor.profile(_user_id(update), _now())
        reply = menus.settings(learner.challenge_notices, translator(learner.language))
        await self._send(update, context, tutor, reply)

    async def share_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner picked a chat to share a challenge: offer the challenge card."""
        query = update.inline_query
        assert query is not None
        ready = await tutor.challenge_for_sharing(query.query.strip(), query.from_user.id)
        t = await self._t(update, tutor)
        button = InlineQueryResultsButton(
            text=t.gettext("Make a challenge in the bot"), start_parameter=CHALLENGE_PAYLOAD
        )
        results = [] if ready is None else [sharing.inline_result(ready, context.bot.username, t)]
        await query.answer(results, cache_time=0, is_personal=True, button=button)

    async def shared_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sent a challenge card into a chat."""
        chosen = update.chosen_inline_result
        assert chosen is not None
        await tutor.challenge_shared(chosen.result_id, chosen.from_user.id, _now())

    async def topics(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks for the seven themes."""
        entries = await tutor.themes(_user_id(update), _now())
        language = await self._language(update, tutor)
        in_english = language not in tutor.bank.languages
        reply = menus.topics(entries, translator(language), in_english)
        await self._send(update, context, tutor, reply)

    async def language(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner wants to change the language."""
        learner = await tutor.profile(_user_id(update), _now())
        reply = menus.languages(learner.language, translator(learner.language))
        await self._send(update, context, tutor, reply)

    async def _set_language(
        self, update: Update, context: Context, tutor: Tutor, index: int
    ) -> None:
        query = update.callback_query
        assert query is not None
        if not 0 <= index < len(LANGUAGES):
            await query.answer()
            await self.language(update, context, tutor)
            return
        learner = await tutor.set_language(_user_id(update), LANGUAGES[index], _now())
        await query.answer()
        await self._drop_buttons(query.message)
        t = translator(learner.language)
        translated = learner.language in tutor.bank.languages
        reply = menus.language_set(learner.language, translated, t)
        await self._send(update, context, tutor, reply)
        here = await tutor.current(learner.id, _now())
        if here is not None:  # carry on with the lesson, now in the new language
            await self._send_card(update, context, tutor, here)

    async def progress(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks how they are doing."""
        report = await tutor.progress(_user_id(update), _now())
        language = await self._language(update, tutor)
        await self._send(
            update, context, tutor, menus.progress(report, translator(language), language)
        )

    async def stats(self, update: Update, context: Context, tutor: Tutor) -> None:
        """An admin asks how the bot is used; to anyone else it is an unknown command."""
        if _user_id(update) not in self._admins:
            await self.unknown_command(update, context, tutor)
            return
        figures = await tutor.totals(_now())
        await self._send(
            update, context, tutor, menus.totals(figures, await self._t(update, tutor))
        )

    async def help(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks what the bot can do."""
        await self._send(update, context, tutor, menus.help_text(await self._t(update, tutor)))

    async def unknown_command(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends a command the bot does not have."""
        reply = menus.unknown_command(await self._t(update, tutor))
        await self._send(update, context, tutor, reply)

    async def free_text(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner types instead of tapping."""
        resume = await tutor.current(_user_id(update), _now())
        reply = menus.free_text(resume, await self._t(update, tutor))
        await self._send(update, context, tutor, reply)

    async def in_group(self, update: Update, context: Context, tutor: Tutor) -> None:
        """Someone calls the bot in a group: lessons happen in private."""
        user = update.effective_user
        t = translator(negotiate(user.language_code if user else None))
        await self._send(update, context, tutor, menus.group_hint(context.bot.username, t))

    async def tap(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps an inline button."""
        query = update.callback_query
        assert query is not None
        learner_id = _user_id(update)
        action = decode(query.data or "")
        match action:
            case Go(attempt_id, position):
                result = await tutor.advance(learner_id, attempt_id, position, _now())
                if isinstance(result, Stale):
                    await self._stale(update, context, tutor, result)
                    return
                # Three independent calls: made side by side, the learner waits for one.
                await asyncio.gather(
                    query.answer(),
                    self._drop_buttons(query.message),
                    self._send_card(update, context, tutor, result),
                )
            case Toggle(attempt_id, position, option):
                await self._toggle(update, tutor, attempt_id, position, option)
            case Choose(attempt_id, position, mask):
                await self._choose(update, context, tutor, attempt_id, position, _mask_set(mask))
            case Check(attempt_id, position):
                await self._choose(update, context, tutor, attempt_id, position, None)
            case StartLesson(lesson_id) if lesson_id in tutor.bank.lessons:
                card = await tutor.start(learner_id, lesson_id, _now())
                await query.answer()
                await self._send_card(update, context, tutor, card)
            case ChallengeFriend(lesson_id):
                await query.answer()
                await self._make_challenge(update, context, tutor, lesson_id)
            case Notices(on):
                learner = await tutor.set_notices(learner_id, on, _now())
                await query.answer()
                reply = menus.settings(learner.challenge_notices, translator(learner.language))
                if isinstance(query.message, Message):
                    await query.message.edit_text(
                        reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
                    )
            case SetLanguage(index):
                await self._set_language(update, context, tutor, index)
            case OpenTheme(theme):
                lessons = await tutor.theme(learner_id, theme, _now())
                await query.answer()
                language = await self._language(update, tutor)
                in_english = not all(
                    tutor.bank.has_translation(lesson.id, language) for lesson, _ in lessons
                )
                reply = menus.theme_lessons(theme, lessons, translator(language), in_english)
                await self._send(update, context, tutor, reply)
            case Resume():
                here = await tutor.current(learner_id, _now())
                await query.answer()
                if here is None:
                    await self.topics(update, context, tutor)
                else:
                    await self._send_card(update, context, tutor, here)
            case Topics():
                await query.answer()
                await self.topics(update, context, tutor)
            case _:  # malformed data, or a lesson that has left the bank
                t = await self._t(update, tutor)
                await query.answer(t.gettext("That button no longer works. Here are the topics."))
                await self.topics(update, context, tutor)

    async def _toggle(
        self, update: Update, tutor: Tutor, attempt_id: int, position: int, option: int
    ) -> None:
        query = update.callback_query
        assert query is not None
        card = await tutor.toggle(_user_id(update), attempt_id, position, option, _now())
        t = await self._t(update, tutor)
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
    ) -> None:
        query = update.callback_query
        assert query is not None
        result = await tutor.answer(_user_id(update), attempt_id, position, chosen, _now())
        if isinstance(result, Stale):
            await self._stale(update, context, tutor, result)
            return
        await query.answer()
        if isinstance(query.message, Message):
            text = chosen_text(result, await self._t(update, tutor))
            await query.message.edit_text(text, parse_mode=ParseMode.HTML)
        await self._send_card(update, context, tutor, result)

    async def poll_answer(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner votes in a quiz poll; a repeated or retracted vote counts once."""
        answer = update.poll_answer
        assert answer is not None
        assert answer.user is not None
        result = await tutor.poll_answer(
            answer.poll_id, answer.user.id, frozenset(answer.option_ids), _now()
        )
        if isinstance(result, Feedback):
            reply = card_message(result, await self._t(update, tutor))
            assert isinstance(reply, Text)
            await context.bot.send_message(
                answer.user.id, reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
            )

    async def _stale(self, update: Update, context: Context, tutor: Tutor, stale: Stale) -> None:
        query = update.callback_query
        assert query is not None
        t = await self._t(update, tutor)
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
