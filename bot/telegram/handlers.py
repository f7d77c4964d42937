"""Thin handlers: read the update, make one call to the tutor, render, reply."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.languages import negotiate, translator
from bot.learning.cards import Feedback, Stale
from bot.learning.tutor import Tutor
from bot.telegram import menus
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
from bot.telegram.render import Text, card_message, chosen_text, question_message
from bot.telegram.replies import Context, now, user_id
from bot.telegram.social import CHALLENGE_PAYLOAD, SocialHandlers


def _mask_set(mask: int) -> frozenset[int]:
    return frozenset(i for i in range(mask.bit_length()) if mask & (1 << i))


class Handlers(SocialHandlers):
    """Every handler of the bot; each gets a tutor bound to one store for its update."""

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
        meeting = await tutor.meet(user.id, now())
        t = translator(meeting.learner.language)
        if meeting.new:
            reply = menus.welcome(user.first_name, meeting.first_lesson, t)
            await self._send(update, context, tutor, reply)
            return
        reply = menus.welcome_back(user.first_name, meeting.resume, meeting.first_lesson, t)
        await self._send(update, context, tutor, reply)
        entries = await tutor.themes(user.id, now())
        await self._send(update, context, tutor, menus.topics(entries, t))

    async def progress(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks how they are doing."""
        report = await tutor.progress(user_id(update), now())
        language = await self._language(update, tutor)
        await self._send(
            update, context, tutor, menus.progress(report, translator(language), language)
        )

    async def help(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks what the bot can do."""
        await self._send(update, context, tutor, menus.help_text(await self._t(update, tutor)))

    async def free_text(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner types instead of tapping."""
        resume = await tutor.current(user_id(update), now())
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
        learner_id = user_id(update)
        action = decode(query.data or "")
        match action:
            case Go(attempt_id, position):
                result = await tutor.advance(learner_id, attempt_id, position, now())
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
                card = await tutor.start(learner_id, lesson_id, now())
                await asyncio.gather(query.answer(), self._send_card(update, context, tutor, card))
            case ChallengeFriend(lesson_id):
                await query.answer()
                await self._make_challenge(update, context, tutor, lesson_id)
            case Notices(on):
                learner = await tutor.set_notices(learner_id, on, now())
                await query.answer()
                reply = menus.settings(learner.challenge_notices, translator(learner.language))
                if isinstance(query.message, Message):
                    await query.message.edit_text(
                        reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
                    )
            case SetLanguage(index):
                await self._set_language(update, context, tutor, index)
            case OpenTheme(theme):
                lessons = await tutor.theme(learner_id, theme, now())
                await query.answer()
                language = await self._language(update, tutor)
                in_english = not all(
                    tutor.bank.has_translation(lesson.id, language) for lesson, _ in lessons
                )
                reply = menus.theme_lessons(theme, lessons, translator(language), in_english)
                await self._send(update, context, tutor, reply)
            case Resume():
                here = await tutor.current(learner_id, now())
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
        card = await tutor.toggle(user_id(update), attempt_id, position, option, now())
        t = await self._t(update, tutor)
        if isinstance(card, Stale):
            await query.answer(t.gettext("That question is already answered."))
            return
        reply = question_message(card, t)
        if isinstance(reply, Text) and isinstance(query.message, Message):
            await asyncio.gather(query.answer(), query.message.edit_reply_markup(reply.keyboard))
        else:
            await query.answer()

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
        result = await tutor.answer(user_id(update), attempt_id, position, chosen, now())
        if isinstance(result, Stale):
            await self._stale(update, context, tutor, result)
            return
        text = chosen_text(result, await self._t(update, tutor))
        # Answer the tap, show the choice on the question, send the feedback: side by side.
        calls: list[Awaitable[object]] = [
            query.answer(),
            self._send_card(update, context, tutor, result),
        ]
        if isinstance(query.message, Message):
            calls.append(query.message.edit_text(text, parse_mode=ParseMode.HTML))
        await asyncio.gather(*calls)

    async def poll_answer(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner votes in a quiz poll; a repeated or retracted vote counts once."""
        answer = update.poll_answer
        assert answer is not None
        assert answer.user is not None
        result = await tutor.poll_answer(
            answer.poll_id, answer.user.id, frozenset(answer.option_ids), now()
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
