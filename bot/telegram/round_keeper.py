"""The round keeper: every few seconds, sends the next poll of each group round whose poll
closed, and the summary of each round whose last poll closed.

Rounds live in the database, so a round survives a restart: the first pass at start-up
goes on with it, or sends its summary if the class has moved on since (`RESUME_WITHIN`).
Time comes from the clock it is given, so a test moves a round on by moving the clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from telegram import Bot
from telegram import Poll as TelegramPoll
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.bank.bank import Bank
from bot.clock import Clock
from bot.languages import translator
from bot.learning.group_round import POLL_SECONDS, numbered
from bot.learning.round_desk import Ask, Result, RoundDesk
from bot.learning.store import StoreFactory
from bot.telegram import round_render
from bot.telegram.background import Background

if TYPE_CHECKING:
    from telegram._utils.types import CorrectOptionIds

log = logging.getLogger(__name__)
TICK = timedelta(seconds=2)


class RoundKeeper:
    """Moves every open group round on, one pass at a time."""

    def __init__(
        self,
        bot: Bot,
        bank: Bank | Callable[[], Bank],
        stores: StoreFactory,
        clock: Clock,
        poll_seconds: int = POLL_SECONDS,
    ) -> None:
        self._bot = bot
        self._bank = bank if callable(bank) else lambda: bank
        self._stores = stores
        self._clock = clock
        self.poll_seconds = poll_seconds
        self._lock = asyncio.Lock()  # a command's pass and the timer's never overlap
        self._loop = Background(
            "group-rounds", TICK, self._pass, "moving group rounds on failed; trying again shortly"
        )

    async def tick(self) -> int:
        """One pass: send what is due now; how many polls and summaries went out. A send
        that fails is tried again on a later pass; one Telegram refuses (the bot left the
        group) ends the round."""
        async with self._lock, self._stores() as store:
            desk = RoundDesk(self._bank(), store)
            sent, now = 0, self._clock()  # a poll closes `poll_seconds` after this pass began
            for move in await desk.due(now):
                found = move.round if isinstance(move, Ask) else move.summary.round
                try:
                    if isinstance(move, Ask):
                        await self._ask(desk, move, now + timedelta(seconds=self.poll_seconds))
                    else:
                        await self._summarise(move)
                        await desk.finished(found.id, now)
                except ChatMigrated as error:  # the group became a supergroup: go on there
                    await desk.moved(found.chat_id, int(error.new_chat_id))
                    await desk.release(found.id)
                except (Forbidden, BadRequest) as error:  # removed from the group, say
                    log.info("a group round could not go on: %s", error)
                    await desk.finished(found.id, now)
                except TelegramError as error:  # Telegram away: a later pass tries again
                    log.info("a group round waits for Telegram: %s", error)
                    await desk.release(found.id)
                else:
                    sent += 1
            return sent

    async def _ask(self, desk: RoundDesk, ask: Ask, closes: datetime) -> None:
        question = ask.question
        total = len(ask.round.item_ids)
        message = await self._bot.send_poll(
            ask.round.chat_id,
            numbered(ask.position, total, question.prompt.strip()),
            [option.text for option in question.options],
            type=TelegramPoll.QUIZ,
            is_anonymous=False,
            correct_option_ids=cast("CorrectOptionIds", [ask.correct]),
            explanation=question.explanation.strip(),
            open_period=self.poll_seconds,
        )
        assert message.poll is not None
        await desk.poll_sent(ask, message.poll.id, closes)

    async def _summarise(self, result: Result) -> None:
        text = round_render.summary(result, translator(result.language))
        await self._bot.send_message(result.summary.round.chat_id, text, parse_mode=ParseMode.HTML)

    async def _pass(self) -> None:
        await self.tick()

    def start(self) -> None:
        """Keep the rounds moving in the background until `stop`."""
        self._loop.start()

    async def stop(self) -> None:
        """Stop moving rounds on."""
        await self._loop.stop()
