"""The MIL CLICKS Pact: /pact, taking and withdrawing the pledge, the MIL CLICKer badge."""

from __future__ import annotations

import asyncio
from functools import partial

from telegram import Update

from bot.learning.tutor import Tutor
from bot.pictures.badge import Badge, badge_png
from bot.telegram import pact_messages as messages
from bot.telegram.context import Context, now, user_id
from bot.telegram.photos import PhotoSender
from bot.telegram.replier import Replier


class Pacts:
    """The pledge and the badge; the badge's picture is uploaded once per learner and name."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier
        self._photos = PhotoSender()
        # Which badge each learner made last (with their name or not), to share that one.
        self._latest: dict[int, bool] = {}

    async def pact(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sends /pact: the pledge, or where they stand if they took it."""
        state = await tutor.pacts.status(user_id(update), now())
        language = await self._reply.language(update, tutor)
        t = await self._reply.t(update, tutor)
        taken = state.pact is not None
        reply = messages.status(state, language, t) if taken else messages.pledge(t)
        await self._reply.send(update, context, tutor, reply)

    async def tap(self, update: Update, context: Context, tutor: Tutor, verb: str) -> None:
        """The learner taps a pact button: take, withdraw, or make the badge."""
        query = update.callback_query
        assert query is not None
        learner = user_id(update)
        t = await self._reply.t(update, tutor)
        if verb == "take":
            state = await tutor.pacts.take(learner, now())
            language = await self._reply.language(update, tutor)
            reply = messages.status(state, language, t)
        elif verb == "withdraw":
            await tutor.pacts.withdraw(learner, now())
            reply = messages.withdrawn(t)
        else:
            await self._badge(update, context, tutor, with_name=verb == "badge-name")
            return
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._reply.send(update, context, tutor, reply),
        )

    async def _badge(
        self, update: Update, context: Context, tutor: Tutor, *, with_name: bool
    ) -> None:
        query = update.callback_query
        user = update.effective_user
        assert query is not None and user is not None
        t = await self._reply.t(update, tutor)
        state = await tutor.pacts.status(user.id, now())
        if not state.clicker:
            await query.answer(messages.not_yet(t), show_alert=True)
            return
        username = context.bot.username
        badge = Badge(
            user.first_name if with_name else None,
            messages.motto(t),
            messages.bot_link(username).removeprefix("https://"),
        )
        await query.answer()
        await self._photos.send(
            update,
            context,
            ("badge", user.id, with_name),
            partial(badge_png, badge),
            messages.badge_caption(username, t),
            messages.badge_message(t),
        )
        self._latest[user.id] = with_name

    async def share_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner picked a chat to share their badge: offer it."""
        query = update.inline_query
        assert query is not None
        learner = query.from_user.id
        t = await self._reply.t(update, tutor)
        state = await tutor.pacts.status(learner, now())
        results = []
        if state.clicker:
            with_name = self._latest.get(learner, False)
            file_id = self._photos.file_id(("badge", learner, with_name))
            results.append(messages.shared_badge(file_id, context.bot.username, t))
        await query.answer(results, cache_time=0, is_personal=True)
