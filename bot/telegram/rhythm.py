"""Reminder and weekly goal handlers: the opt-in, the learner's clock, the reminder hour."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.learning.rhythm import MAX_OFFSET, MIN_OFFSET
from bot.learning.tutor import Tutor
from bot.telegram import rhythm_render, settings_render
from bot.telegram.context import Context, now, user_id
from bot.telegram.render import Text
from bot.telegram.replier import Replier


class Rhythms:
    """Reminders at the learner's own hour, and their weekly goal."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier

    async def _answer(self, update: Update, context: Context, tutor: Tutor, reply: Text) -> None:
        query = update.callback_query
        assert query is not None
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._reply.send(update, context, tutor, reply),
        )

    async def opt_in(self, update: Update, context: Context, tutor: Tutor, yes: bool) -> None:
        """The learner says whether a reminder would help."""
        t = await self._reply.t(update, tutor)
        if not yes:
            await tutor.rhythm.change(user_id(update), now(), reminders=False)
        reply = rhythm_render.ask_clock(t) if yes else rhythm_render.declined(t)
        await self._answer(update, context, tutor, reply)

    async def ask_clock(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner turns reminders on, or changes their time: first, their clock."""
        t = await self._reply.t(update, tutor)
        await self._answer(update, context, tutor, rhythm_render.ask_clock(t))

    async def local_hour(self, update: Update, context: Context, tutor: Tutor, hour: int) -> None:
        """The learner taps the hour it is for them."""
        answer = await tutor.rhythm.clock(user_id(update), hour, now())
        language = await self._reply.language(update, tutor)
        t = await self._reply.t(update, tutor)
        if answer.rhythm is None:
            reply = rhythm_render.ask_day(answer.choices, language, t)
        else:
            reply = rhythm_render.ask_hour(answer.rhythm, t)
        await self._answer(update, context, tutor, reply)

    async def local_day(
        self, update: Update, context: Context, tutor: Tutor, shifted: int
    ) -> None:
        """The learner says which day it is (their hour fits two offsets a day apart)."""
        offset = shifted + MIN_OFFSET
        if not MIN_OFFSET <= offset <= MAX_OFFSET or offset % 60:
            await self.ask_clock(update, context, tutor)
            return
        rhythm = await tutor.rhythm.change(user_id(update), now(), utc_offset=offset)
        t = await self._reply.t(update, tutor)
        await self._answer(update, context, tutor, rhythm_render.ask_hour(rhythm, t))

    async def remind_at(self, update: Update, context: Context, tutor: Tutor, hour: int) -> None:
        """The learner picks the hour for reminders."""
        rhythm = await tutor.rhythm.remind_at(user_id(update), hour, now())
        t = await self._reply.t(update, tutor)
        if rhythm is None or rhythm.utc_offset is None:
            await self.ask_clock(update, context, tutor)
            return
        await self._answer(update, context, tutor, rhythm_render.reminders_set(rhythm, t))

    async def turn_off(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner turns reminders off in /settings."""
        await tutor.rhythm.change(user_id(update), now(), reminders=False)
        await self.refresh_settings(update, context, tutor)

    async def weekly_goal(self, update: Update, context: Context, tutor: Tutor, days: int) -> None:
        """The learner picks a weekly goal in /settings."""
        await tutor.rhythm.set_goal(user_id(update), days, now())
        await self.refresh_settings(update, context, tutor)

    async def quiet_hours(
        self, update: Update, context: Context, tutor: Tutor, start: int, end: int
    ) -> None:
        """The learner picks quiet hours in /settings."""
        await tutor.rhythm.set_quiet(user_id(update), start, end, now())
        await self.refresh_settings(update, context, tutor)

    async def refresh_settings(self, update: Update, context: Context, tutor: Tutor) -> None:
        """Show the settings message again, changed."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        reply = await self.settings(update, tutor)
        if isinstance(query.message, Message):
            await query.message.edit_text(
                reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
            )

    async def settings(self, update: Update, tutor: Tutor) -> Text:
        """The whole /settings message: challenge notices, reminders, weekly goal."""
        learner = await tutor.profile(user_id(update), now())
        t = await self._reply.t(update, tutor)
        base = settings_render.settings(learner.challenge_notices, t)
        rhythm = await tutor.rhythm.rhythm(learner.id, now())
        lines, rows = rhythm_render.settings_lines(rhythm, t)
        assert base.keyboard is not None
        keyboard = [list(row) for row in base.keyboard.inline_keyboard]
        html = base.html + "\n" + "\n".join(lines)
        return Text(html, InlineKeyboardMarkup(rows + keyboard))
