"""Lesson handlers: the topics, a lesson's steps and questions, quiz poll votes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from functools import partial

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.bank.themes import Theme
from bot.languages import negotiate, translator
from bot.learning.cards import EndCard, Feedback, Stale
from bot.learning.tutor import Tutor
from bot.pictures.radar import radar_png
from bot.telegram import competency, member_render, menus, review_render, rhythm_render
from bot.telegram.context import Context, now, user_id
from bot.telegram.mil_check import MilChecks
from bot.telegram.photos import PhotoSender
from bot.telegram.render import (
    Text,
    card_message,
    chosen_text,
    question_message,
    sources_message,
)
from bot.telegram.replier import Replier


class Lessons:
    """Handlers of the learning loop; each gets a tutor bound to one store for its update."""

    def __init__(self, replier: Replier, checks: MilChecks) -> None:
        self._reply = replier
        self._photos = PhotoSender()
        self._checks = checks

    async def topics(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks for the seven themes."""
        topics = await tutor.topics(user_id(update), now())
        language = await self._reply.language(update, tutor)
        t = translator(language)
        reply = menus.topics(list(topics.entries), t, topics.in_english)
        reply = member_render.atop_topics(reply, topics.set_lessons, t, language)
        await self._reply.send(update, context, tutor, reply)

    async def progress(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks how they are doing: the competency picture, then the same in
        words (which screen readers read)."""
        report = await tutor.progress(user_id(update), now())
        language = await self._reply.language(update, tutor)
        t = translator(language)
        status = await tutor.reviews.status(user_id(update), now())
        picture = competency.chart(report, t, language, status.retention)
        draw = partial(radar_png, picture)
        caption = competency.caption(t, remembered=bool(status.retention))
        await self._photos.send(update, context, picture, draw, caption)
        reply = menus.progress(report, t, language)
        # Review's lines go under the report, each on its own line.
        lines = review_render.progress_lines(status, now(), t, language)
        goal = await tutor.rhythm.goal(user_id(update), now())
        lines += rhythm_render.goal_lines(goal, t)
        reply = Text(reply.html + "\n\n" + "\n".join(lines), reply.keyboard)
        await self._reply.send(update, context, tutor, reply)

    async def help(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks what the bot can do."""
        reply = menus.help_text(await self._reply.t(update, tutor))
        await self._reply.send(update, context, tutor, reply)

    async def free_text(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner types instead of tapping."""
        resume = await tutor.current(user_id(update), now())
        reply = menus.free_text(resume, await self._reply.t(update, tutor))
        await self._reply.send(update, context, tutor, reply)

    async def unknown_command(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends a command the bot does not have."""
        reply = menus.unknown_command(await self._reply.t(update, tutor))
        await self._reply.send(update, context, tutor, reply)

    async def in_group(self, update: Update, context: Context, tutor: Tutor) -> None:
        """Someone calls the bot in a group: lessons happen in private."""
        user = update.effective_user
        t = translator(negotiate(user.language_code if user else None))
        await self._reply.send(update, context, tutor, menus.group_hint(context.bot.username, t))

    async def go_on(
        self, update: Update, context: Context, tutor: Tutor, attempt_id: int, position: int
    ) -> None:
        """The learner taps a step's or a feedback's button to go on."""
        query = update.callback_query
        assert query is not None
        result = await tutor.advance(user_id(update), attempt_id, position, now())
        if isinstance(result, Stale):
            await self.stale(update, context, tutor, result)
            return
        if isinstance(result, EndCard):
            await self._end(update, context, tutor, result)
            return
        # Three independent calls: made side by side, the learner waits for one.
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._reply.send_card(update, context, tutor, result),
        )

    async def _end(self, update: Update, context: Context, tutor: Tutor, card: EndCard) -> None:
        """The end card, with the weekly goal; after the first lesson, the reminder offer."""
        query = update.callback_query
        assert query is not None
        t = await self._reply.t(update, tutor)
        reply = card_message(card, t)
        assert isinstance(reply, Text)
        goal = await tutor.rhythm.goal(user_id(update), now())
        reply = Text(
            reply.html + "\n\n" + "\n".join(rhythm_render.goal_lines(goal, t)), reply.keyboard
        )
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._reply.send(update, context, tutor, reply),
        )
        if await tutor.rhythm.offer(user_id(update), now()):
            await self._reply.send(update, context, tutor, rhythm_render.offer(t))
        await self._checks.offer_post(update, context, tutor)  # the radar again, when due

    async def start_lesson(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str
    ) -> None:
        """The learner picks a lesson from a menu or an end card."""
        query = update.callback_query
        assert query is not None
        if not tutor.offers(lesson_id):  # a lesson that has left the bank
            await self.out_of_date(update, context, tutor)
            return
        card = await tutor.start(user_id(update), lesson_id, now())
        await asyncio.gather(query.answer(), self._reply.send_card(update, context, tutor, card))

    async def open_theme(
        self, update: Update, context: Context, tutor: Tutor, theme: Theme
    ) -> None:
        """The learner opens a theme from the topics."""
        query = update.callback_query
        assert query is not None
        menu = await tutor.theme_menu(user_id(update), theme, now())
        await query.answer()
        t = await self._reply.t(update, tutor)
        reply = menus.theme_lessons(theme, list(menu.lessons), t, menu.in_english)
        await self._reply.send(update, context, tutor, reply)

    async def resume(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps "continue where you left off"."""
        query = update.callback_query
        assert query is not None
        here = await tutor.current(user_id(update), now())
        await query.answer()
        if here is None:
            await self.topics(update, context, tutor)
        else:
            await self._reply.send_card(update, context, tutor, here)

    async def show_sources(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str
    ) -> None:
        """The learner taps "Sources" on an end card: titles, links and licences."""
        query = update.callback_query
        assert query is not None
        lesson = await tutor.lesson(user_id(update), lesson_id)
        if lesson is None:
            await self.out_of_date(update, context, tutor)
            return
        await query.answer()
        reply = sources_message(lesson, await self._reply.t(update, tutor))
        await self._reply.send(update, context, tutor, reply)

    async def show_topics(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps a "Topics" button."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        await self.topics(update, context, tutor)

    async def out_of_date(self, update: Update, context: Context, tutor: Tutor) -> None:
        """A button the bot cannot read (malformed, or for a lesson that left the bank)."""
        query = update.callback_query
        assert query is not None
        t = await self._reply.t(update, tutor)
        await query.answer(t.gettext("That button no longer works. Here are the topics."))
        await self.topics(update, context, tutor)

    async def toggle(
        self, update: Update, tutor: Tutor, attempt_id: int, position: int, option: int
    ) -> None:
        """The learner ticks or unticks an option of a several-answer question."""
        query = update.callback_query
        assert query is not None
        card = await tutor.toggle(user_id(update), attempt_id, position, option, now())
        t = await self._reply.t(update, tutor)
        if isinstance(card, Stale):
            await query.answer(t.gettext("That question is already answered."))
            return
        reply = question_message(card, t)
        if isinstance(reply, Text) and isinstance(query.message, Message):
            await asyncio.gather(query.answer(), query.message.edit_reply_markup(reply.keyboard))
        else:
            await query.answer()

    async def choose(
        self,
        update: Update,
        context: Context,
        tutor: Tutor,
        attempt_id: int,
        position: int,
        chosen: frozenset[int] | None,
    ) -> None:
        """The learner answers a true/false or several-answer question (None: the ticks)."""
        query = update.callback_query
        assert query is not None
        result = await tutor.answer(user_id(update), attempt_id, position, chosen, now())
        if isinstance(result, Stale):
            await self.stale(update, context, tutor, result)
            return
        text = chosen_text(result, await self._reply.t(update, tutor))
        # Answer the tap, show the choice on the question, send the feedback: side by side.
        calls: list[Awaitable[object]] = [
            query.answer(),
            self._reply.send_card(update, context, tutor, result),
        ]
        if isinstance(query.message, Message):
            calls.append(query.message.edit_text(text, parse_mode=ParseMode.HTML))
        await asyncio.gather(*calls)

    async def poll_answer(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner votes in a quiz poll; a repeated or retracted vote counts once."""
        answer = update.poll_answer
        assert answer is not None
        if answer.user is None:  # a vote cast as a chat (voter_chat): not a learner's quiz
            return
        result = await tutor.polls.answer(
            answer.poll_id, answer.user.id, frozenset(answer.option_ids), now()
        )
        if isinstance(result, Feedback):
            reply = card_message(result, await self._reply.t(update, tutor))
            assert isinstance(reply, Text)
            await context.bot.send_message(
                answer.user.id, reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
            )

    async def stale(self, update: Update, context: Context, tutor: Tutor, stale: Stale) -> None:
        """A button from an earlier moment: say so kindly, and show where the learner is."""
        query = update.callback_query
        assert query is not None
        t = await self._reply.t(update, tutor)
        texts = {
            "moved-on": t.gettext("You've already moved on: carry on from the newest message."),
            "answer-first": t.gettext("Answer the question first 🙂"),
            "already-answered": t.gettext("You've answered that one already."),
            "old-lesson": t.gettext(
                "That button is from an earlier lesson. Here's where you are now."
            ),
        }
        await query.answer(texts[stale.reason])
        await self._reply.drop_buttons(query.message)
        if stale.reason == "old-lesson":
            if stale.current is None:
                await self.topics(update, context, tutor)
            else:
                await self._reply.send_card(update, context, tutor, stale.current)
