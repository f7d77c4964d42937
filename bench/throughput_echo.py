"""The call-matched echo bot: for each update, exactly the Bot API calls the lesson bot made
for the same learner's update at the same place, side by side where the bot's were.

It shares the lesson bot's request layer (`DirectRequest`) and update processor, and does
nothing else: the difference between the two is the lesson bot's own work. A call that
only a tap allows (answering it) becomes `sendChatAction`, the same size of call with the
same `true` for an answer; an edit edits the echo bot's last message in the chat.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.telegram.direct_request import DirectRequest
from bot.telegram.ordering import PerLearnerOrder
from tests.harness import TOKEN

Plan = dict[int, list[list[list[str]]]]  # chat -> updates -> waves -> methods
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="n:1")]])
# a 1 x 1 PNG, sent once; its file id after that, as the lesson bot does with a picture
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea735818400000000"
    "49454e44ae426082"
)


class Echo:
    """Replays the plan: one update, its waves of calls, in order."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._next: dict[int, int] = defaultdict(int)
        self._last: dict[int, int] = {}
        self._photo: str | None = None

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        chat = update.effective_chat.id
        index = self._next[chat]
        self._next[chat] += 1
        updates = self.plan.get(chat, [])
        for wave in updates[index] if index < len(updates) else [["sendMessage"]]:
            await asyncio.gather(*(self._call(context.bot, chat, method) for method in wave))

    async def _call(self, bot: Bot, chat: int, method: str) -> None:
        with contextlib.suppress(BadRequest):  # an edit of an edited message: still a call
            await self._make(bot, chat, method)

    async def _make(self, bot: Bot, chat: int, method: str) -> Any:
        if method == "sendMessage":
            sent = await bot.send_message(
                chat, "<b>echo</b>", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
            )
            self._last[chat] = sent.message_id
            return sent
        if method == "editMessageReplyMarkup":
            return await bot.edit_message_reply_markup(chat, self._last.get(chat, 1), None)
        if method == "editMessageText":
            return await bot.edit_message_text("echo", chat, self._last.get(chat, 1))
        if method == "sendPoll":
            return await bot.send_poll(
                chat, "Echo?", ["yes", "no"], type="quiz", correct_option_id=0, is_anonymous=False
            )
        if method == "sendPhoto":
            sent = await bot.send_photo(chat, self._photo or PNG, caption="echo")
            if sent.photo:
                self._photo = sent.photo[-1].file_id
            return sent
        return await bot.send_chat_action(chat, "typing")  # answerCallbackQuery and the rest


def echo_application(api_url: str, plan: Plan) -> Application:  # type: ignore[type-arg]
    """A bare echo bot on the same request layer, rate limiter and update processor as the
    real bot (as `bench/bot_throughput.py` builds it)."""
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .concurrent_updates(PerLearnerOrder())
        .rate_limiter(AIORateLimiter(overall_max_rate=100_000, max_retries=0))
        .request(DirectRequest())
        .get_updates_request(DirectRequest(connection_pool_size=1))
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, Echo(plan)))
    return application
