"""Review handlers: /review, the review button, answers, the confidence tap, next item."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.learning.review import Confidence
from bot.learning.review_records import (
    NoLessonYet,
    NothingDue,
    ReviewQuestion,
    ReviewStale,
)
from bot.learning.tutor import Tutor
from bot.telegram import review_render
from bot.telegram.context import Context, now, user_id
from bot.telegram.render import Text
from bot.telegram.replier import Replier


class Reviews:
    """Spaced review in the chat: each handler calls the tutor's review desk once."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier

    async def review(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends /review."""
        await self._start(update, context, tutor, bonus=False)

    async def start(self, update: Update, context: Context, tutor: Tutor, bonus: bool) -> None:
        """The learner taps a review (or bonus round) button."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        await self._start(update, context, tutor, bonus)

    async def _start(self, update: Update, context: Context, tutor: Tutor, bonus: bool) -> None:
        result = await tutor.reviews.start(user_id(update), now(), random.Random(), bonus)
        t = await self._reply.t(update, tutor)
        reply: Text
        if isinstance(result, NoLessonYet):
            reply = review_render.no_lesson_yet(result, t)
        elif isinstance(result, NothingDue):
            reply = review_render.nothing_due(result, now(), t)
        else:
            reply = review_render.question(result, t)
        await self._reply.send(update, context, tutor, reply)

    async def tick(
        self, update: Update, tutor: Tutor, round_id: int, at: int, ticked: frozenset[int]
    ) -> None:
        """The learner ticks or unticks a letter of a several-answer item."""
        query = update.callback_query
        assert query is not None
        result = await tutor.reviews.tick(user_id(update), round_id, at, ticked, now())
        if isinstance(result, ReviewStale):
            await self.stale(update, tutor, result)
            return
        reply = review_render.question(result, await self._reply.t(update, tutor))
        calls: list[Awaitable[object]] = [query.answer()]
        if isinstance(query.message, Message):
            calls.append(query.message.edit_reply_markup(reply.keyboard))
        await asyncio.gather(*calls)

    async def pick(
        self, update: Update, tutor: Tutor, round_id: int, at: int, chosen: frozenset[int]
    ) -> None:
        """The learner answers a review item (one tap, or the check of their ticks); the
        question turns into the confidence tap."""
        query = update.callback_query
        assert query is not None
        result = await tutor.reviews.answer(user_id(update), round_id, at, chosen, now())
        t = await self._reply.t(update, tutor)
        if isinstance(result, ReviewStale):
            await self.stale(update, tutor, result)
            return
        reply = review_render.how_sure(result, t)
        calls: list[Awaitable[object]] = [query.answer()]
        if isinstance(query.message, Message):
            calls.append(
                query.message.edit_text(
                    reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard
                )
            )
        await asyncio.gather(*calls)

    async def sure(
        self, update: Update, context: Context, tutor: Tutor, round_id: int, at: int, level: int
    ) -> None:
        """The learner says how sure they were: the verdict, and the item is rescheduled."""
        query = update.callback_query
        assert query is not None
        result = await tutor.reviews.confidence(
            user_id(update), round_id, at, Confidence(level), now()
        )
        if isinstance(result, ReviewStale):
            await self.stale(update, tutor, result)
            return
        t = await self._reply.t(update, tutor)
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._reply.send(update, context, tutor, review_render.verdict(result, t)),
        )

    async def next(
        self, update: Update, context: Context, tutor: Tutor, round_id: int, at: int
    ) -> None:
        """The learner moves past a verdict: the next item, or the round's end."""
        query = update.callback_query
        assert query is not None
        result = await tutor.reviews.advance(user_id(update), round_id, at, now())
        if isinstance(result, ReviewStale):
            await self.stale(update, tutor, result)
            return
        t = await self._reply.t(update, tutor)
        reply = (
            review_render.question(result, t)
            if isinstance(result, ReviewQuestion)
            else review_render.done(result, now(), t)
        )
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._reply.send(update, context, tutor, reply),
        )

    async def stale(self, update: Update, tutor: Tutor, stale: ReviewStale) -> None:
        """A review button from an earlier moment."""
        query = update.callback_query
        assert query is not None
        t = await self._reply.t(update, tutor)
        texts = {
            "moved-on": t.gettext("You've already moved on: carry on from the newest message."),
            "already-answered": t.gettext("You've answered that one already."),
            "old-round": t.gettext("That review round is over. Send /review for a new one."),
        }
        await query.answer(texts[stale.reason])
        await self._reply.drop_buttons(query.message)
