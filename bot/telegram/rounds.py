"""Group rounds in the chat: the teacher links a group, starts a round, picks its theme;
members' votes are counted. The bot says nothing else in the group: anyone else's command
or tap gets no answer."""

from __future__ import annotations

import contextlib
import random
from gettext import NullTranslations

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.bank.themes import THEMES, Theme
from bot.languages import translator
from bot.learning.round_desk import PickTheme, Started
from bot.learning.tutor import Tutor
from bot.telegram import round_render
from bot.telegram.class_render import card_keyboard
from bot.telegram.context import Context, now, user_id
from bot.telegram.lessons import Lessons
from bot.telegram.round_card import card_rows
from bot.telegram.round_keeper import RoundKeeper
from bot.telegram.round_render import ROUND_PAYLOAD


def _theme(args: list[str] | None) -> Theme | None:
    """`/round critical-thinking`, or `/round 1` for the first theme; else none."""
    word = args[0].strip().lower() if args else ""
    if word.isdigit() and 1 <= int(word) <= len(THEMES):
        return THEMES[int(word) - 1]
    return next((theme for theme in THEMES if theme.value == word), None)


class Rounds:
    """The group round's handlers."""

    def __init__(self, lessons: Lessons, keeper: RoundKeeper, rng: random.Random) -> None:
        self._lessons = lessons
        self._keeper = keeper
        self._rng = rng

    async def group_start(self, update: Update, context: Context, tutor: Tutor) -> None:
        """`/start` in a group: with the class's link, the teacher links the group to the
        class (one line); a plain /start gets the pointer to a private chat, as ever."""
        chat = update.effective_chat
        payload = context.args[0] if context.args else ""
        if chat is None or not payload.startswith(ROUND_PAYLOAD):
            await self._lessons.in_group(update, context, tutor)
            return
        code = payload.removeprefix(ROUND_PAYLOAD)
        classroom = await tutor.round_desk().bind(code, user_id(update), chat.id, now())
        if classroom is None:  # a forged code, or not the class's teacher: say nothing
            return
        t = await self._teacher(tutor, classroom.teacher_id)
        await context.bot.send_message(
            chat.id, round_render.bound(classroom, t), parse_mode=ParseMode.HTML
        )

    async def round(self, update: Update, context: Context, tutor: Tutor) -> None:
        """`/round [theme]` in the class's group: the teacher starts a round."""
        chat = update.effective_chat
        assert chat is not None
        theme = _theme(context.args)
        started = await tutor.round_desk().start(chat.id, user_id(update), theme, now(), self._rng)
        if isinstance(started, PickTheme):
            reply = round_render.theme_picker(
                started.class_id, started.themes, translator(started.language)
            )
            await context.bot.send_message(chat.id, reply.html, reply_markup=reply.keyboard)
        elif isinstance(started, Started):
            await self._keeper.tick()

    async def pick_theme(
        self, update: Update, context: Context, tutor: Tutor, class_id: int, theme: Theme
    ) -> None:
        """The teacher taps a theme on the picker: the round starts; anyone else's tap
        only stops its spinner."""
        query = update.callback_query
        chat = update.effective_chat
        assert query is not None and chat is not None
        desk = tutor.round_desk()
        started = await desk.start(chat.id, user_id(update), theme, now(), self._rng, class_id)
        await query.answer()
        if not isinstance(started, Started):
            return
        if query.message is not None:
            with contextlib.suppress(TelegramError):  # the picker's buttons go
                await context.bot.edit_message_reply_markup(chat.id, query.message.message_id)
        await self._keeper.tick()

    async def names(
        self, update: Update, context: Context, tutor: Tutor, class_id: int, on: bool
    ) -> None:
        """The teacher flips the names switch on the class card: its buttons show the new
        setting."""
        query = update.callback_query
        assert query is not None
        classroom = await tutor.round_desk().show_names(user_id(update), class_id, on)
        await query.answer()
        if classroom is None or query.message is None:
            return
        t = await self._teacher(tutor, classroom.teacher_id)
        keyboard = card_keyboard(
            classroom, t, await card_rows(context.bot.username, tutor, classroom, t)
        )
        with contextlib.suppress(TelegramError):  # tapped twice: the buttons are already so
            await query.edit_message_reply_markup(keyboard)

    async def migrated(self, update: Update, context: Context, tutor: Tutor) -> None:
        """A group became a supergroup: its class link and open round follow it (said in
        both chats; either is enough)."""
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id is not None:
            await tutor.round_desk().moved(message.chat.id, message.migrate_to_chat_id)
        elif message.migrate_from_chat_id is not None:
            await tutor.round_desk().moved(message.migrate_from_chat_id, message.chat.id)

    async def poll_answer(self, update: Update, context: Context, tutor: Tutor) -> None:
        """A vote in a quiz poll: a group round's counts for class members; any other is a
        learner's lesson poll."""
        answer = update.poll_answer
        assert answer is not None
        if answer.user is not None:
            options = tuple(answer.option_ids)
            counted = await tutor.round_desk().vote(answer.poll_id, answer.user.id, options, now())
            if counted is not None:
                return
        await self._lessons.poll_answer(update, context, tutor)

    async def _teacher(self, tutor: Tutor, teacher_id: int) -> NullTranslations:
        learner = await tutor.learner(teacher_id)
        return translator(learner.language if learner else "en")
