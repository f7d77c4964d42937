"""Challenge handlers: making a challenge, sharing it through the chat picker, opening one."""

from __future__ import annotations

import random
import secrets

from telegram import InlineQueryResultsButton, Update

from bot.learning.challenges import ChallengeRefused, ChallengeUnavailable
from bot.learning.tutor import Tutor
from bot.telegram import sharing
from bot.telegram.context import Context, now, user_id
from bot.telegram.replier import Replier

# /start payload that opens the challenge maker (from the inline mode's button).
CHALLENGE_PAYLOAD = "challenge"


def new_code() -> str:
    """A fresh challenge code: 96 random bits, URL-safe."""
    return secrets.token_urlsafe(12)


class Challenges:
    """Challenges to friends, and the chat picker that shares them."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier

    async def open(self, update: Update, context: Context, tutor: Tutor, payload: str) -> bool:
        """A friend follows a challenge link: who sent it, then the first question at once.
        False when the challenge cannot be taken (the learner was told why)."""
        opened = await tutor.challenges.open_challenge(payload, user_id(update), now())
        t = await self._reply.t(update, tutor)
        if isinstance(opened, ChallengeUnavailable):
            await self._reply.send(update, context, tutor, sharing.unavailable(opened, t))
            return False
        intro = sharing.opened(opened.challenge, opened.lesson.title, t)
        await self._reply.send(update, context, tutor, intro)
        await self._reply.send_card(update, context, tutor, opened.first)
        return True

    async def challenge(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks to challenge a friend on their latest lesson."""
        await self.make(update, context, tutor, None)

    async def make(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str | None
    ) -> None:
        """Make a challenge (on `lesson_id`, else the latest lesson) and offer ways to share it."""
        user = update.effective_user
        assert user is not None
        made = await tutor.challenges.create_challenge(
            user.id, lesson_id, user.first_name, now(), random.SystemRandom(), new_code()
        )
        t = await self._reply.t(update, tutor)
        if isinstance(made, ChallengeRefused):
            await self._reply.send(update, context, tutor, sharing.refused(made, t))
            return
        username = context.bot.username
        await self._reply.send(update, context, tutor, sharing.share_card(made, username, t))
        await self._reply.send(update, context, tutor, sharing.invitation(made, username, t))

    async def challenge_from_card(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str
    ) -> None:
        """The learner taps "Challenge a friend" on an end card."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        await self.make(update, context, tutor, lesson_id)

    async def share_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner picked a chat to share a challenge: offer the challenge card."""
        query = update.inline_query
        assert query is not None
        ready = await tutor.challenges.challenge_for_sharing(
            query.query.strip(), query.from_user.id
        )
        t = await self._reply.t(update, tutor)
        button = InlineQueryResultsButton(
            text=t.gettext("Make a challenge in the bot"), start_parameter=CHALLENGE_PAYLOAD
        )
        results = [] if ready is None else [sharing.inline_result(ready, context.bot.username, t)]
        await query.answer(results, cache_time=0, is_personal=True, button=button)

    async def shared_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sent a challenge card into a chat."""
        chosen = update.chosen_inline_result
        assert chosen is not None
        await tutor.challenges.challenge_shared(chosen.result_id, chosen.from_user.id, now())
