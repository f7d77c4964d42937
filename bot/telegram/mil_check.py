"""The MIL check's handlers: the offer, /radar, sorting each post, the result, and a
teacher opening the post check for a class."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update

from bot.languages import translator
from bot.learning.mil_check import CheckCard, CheckDesk
from bot.learning.outbox import Outgoing
from bot.learning.tutor import Tutor
from bot.telegram import check_render
from bot.telegram.context import Context, now, user_id
from bot.telegram.replier import Replier

# The post check is offered at the end of the lesson that opens it, then every few lessons
# until the learner takes it: an offer, never a nag after each lesson.
OFFER_EVERY = 3
# A teacher's offer keeps for a school week; after that the lesson-end offers take over.
CLASS_OFFER_LIFETIME = timedelta(days=5)


class MilChecks:
    """Handlers of the pre/post check; the post check opens after `post_after` lessons."""

    def __init__(self, replier: Replier, post_after: int) -> None:
        self._reply = replier
        self.post_after = post_after

    def _desk(self, tutor: Tutor) -> CheckDesk:
        return tutor.check_desk(self.post_after)

    async def pre_due(self, tutor: Tutor, learner_id: int) -> bool:
        """Whether a newcomer's welcome should offer the pre check."""
        return await self._desk(tutor).due(learner_id) == "pre"

    async def radar(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends /radar: the check that is due, or when the next one opens."""
        desk = self._desk(tutor)
        learner = await tutor.profile(user_id(update), now())  # /radar may come first
        card = await desk.begin(learner.id, learner.language, now())
        t = await self._reply.t(update, tutor)
        if card is None:
            to_go = await desk.lessons_to_go(user_id(update))
            await self._reply.send(update, context, tutor, check_render.not_due(to_go, t))
            return
        await self._send_card(update, context, tutor, card)

    async def start(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner taps "Test your radar"."""
        query = update.callback_query
        assert query is not None
        await asyncio.gather(query.answer(), self._reply.drop_buttons(query.message))
        await self.radar(update, context, tutor)

    async def _send_card(
        self, update: Update, context: Context, tutor: Tutor, card: CheckCard
    ) -> None:
        t = await self._reply.t(update, tutor)
        if card.position == 0:
            await self._reply.send(update, context, tutor, check_render.intro(card, t))
        await self._reply.send(update, context, tutor, check_render.post(card, t))

    async def sort(
        self,
        update: Update,
        context: Context,
        tutor: Tutor,
        run_id: int,
        position: int,
        manipulative: bool,
    ) -> None:
        """The learner sorts a post: the next post, or the result after the last."""
        query = update.callback_query
        assert query is not None
        language = await self._reply.language(update, tutor)
        outcome = await self._desk(tutor).sort(
            user_id(update), run_id, position, manipulative, language, now()
        )
        t = await self._reply.t(update, tutor)
        if outcome is None:
            await query.answer(t.gettext("You've sorted that post already."))
            await self._reply.drop_buttons(query.message)
            return
        await asyncio.gather(query.answer(), self._reply.drop_buttons(query.message))
        if isinstance(outcome, CheckCard):
            await self._send_card(update, context, tutor, outcome)
            return
        await self._reply.send(update, context, tutor, check_render.result(outcome, t))
        for reply in check_render.missed(outcome, t):
            await self._reply.send(update, context, tutor, reply)

    async def offer_post(self, update: Update, context: Context, tutor: Tutor) -> None:
        """After a lesson's end card: offer the post check when it is due."""
        done = await self._desk(tutor).post_offer(user_id(update), OFFER_EVERY)
        if done is None:
            return
        t = await self._reply.t(update, tutor)
        await self._reply.send(update, context, tutor, check_render.offer_post(done, t))

    async def open_for_class(
        self, update: Update, context: Context, tutor: Tutor, class_id: int
    ) -> None:
        """The teacher taps "Open the post check" on a class card: each member who took the
        pre check gets an offer through the outbox, in their language, after their quiet
        hours, and the teacher hears how many."""
        query = update.callback_query
        assert query is not None
        opening = await self._desk(tutor).open_for_class(user_id(update), class_id, now())
        t = await self._reply.t(update, tutor)
        if opening is None:  # not their class, or closed since the card was sent
            await query.answer(t.gettext("That class is closed or not yours."))
            return
        await query.answer()
        for offer in opening.offers:
            reply = check_render.class_offer(opening.class_name, translator(offer.language))
            message = Outgoing(
                offer.learner_id, "post-check", reply.html, offer.at,
                offer.at + CLASS_OFFER_LIFETIME, reply.buttons(),
                f"post-check:{class_id}:{offer.learner_id}",
            )  # fmt: skip
            await self._reply.outbox.put(message)
        await self._reply.send(update, context, tutor, check_render.class_opened(opening, t))
