"""Handlers beyond the lessons: challenges, sharing, language, settings, numbers."""

from __future__ import annotations

import random
import secrets

from telegram import InlineQueryResultsButton, Update

from bot.languages import LANGUAGES, translator
from bot.learning.challenges import ChallengeRefused, ChallengeUnavailable
from bot.learning.tutor import Tutor
from bot.telegram import menus, sharing
from bot.telegram.replies import Context, Replies, now, user_id

# /start payload that opens the challenge maker (from the inline mode's button).
CHALLENGE_PAYLOAD = "challenge"


def new_code() -> str:
    """A fresh challenge code: 96 random bits, URL-safe."""
    return secrets.token_urlsafe(12)


class SocialHandlers(Replies):
    """Challenges to friends, the chat picker, /language, /settings and /stats."""

    async def _open_challenge(
        self, update: Update, context: Context, tutor: Tutor, payload: str
    ) -> None:
        """A friend follows a challenge link: who sent it, then the first question at once."""
        opened = await tutor.open_challenge(payload, user_id(update), now())
        t = await self._t(update, tutor)
        if isinstance(opened, ChallengeUnavailable):
            await self._send(update, context, tutor, sharing.unavailable(opened, t))
            await self.topics(update, context, tutor)
            return
        intro = sharing.opened(opened.challenge, opened.lesson.title, t)
        await self._send(update, context, tutor, intro)
        await self._send_card(update, context, tutor, opened.first)

    async def challenge(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner asks to challenge a friend on their latest lesson."""
        await self._make_challenge(update, context, tutor, None)

    async def _make_challenge(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str | None
    ) -> None:
        user = update.effective_user
        assert user is not None
        made = await tutor.create_challenge(
            user.id, lesson_id, user.first_name, now(), random.SystemRandom(), new_code()
        )
        t = await self._t(update, tutor)
        if isinstance(made, ChallengeRefused):
            await self._send(update, context, tutor, sharing.refused(made, t))
            return
        username = context.bot.username
        await self._send(update, context, tutor, sharing.share_card(made, username, t))
        await self._send(update, context, tutor, sharing.invitation(made, username, t))

    async def share_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner picked a chat to share a challenge: offer the challenge card."""
        query = update.inline_query
        assert query is not None
        ready = await tutor.challenge_for_sharing(query.query.strip(), query.from_user.id)
        t = await self._t(update, tutor)
        button = InlineQueryResultsButton(
            text=t.gettext("Make a challenge in the bot"), start_parameter=CHALLENGE_PAYLOAD
        )
        results = [] if ready is None else [sharing.inline_result(ready, context.bot.username, t)]
        await query.answer(results, cache_time=0, is_personal=True, button=button)

    async def shared_inline(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner sent a challenge card into a chat."""
        chosen = update.chosen_inline_result
        assert chosen is not None
        await tutor.challenge_shared(chosen.result_id, chosen.from_user.id, now())

    async def settings(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner opens their settings."""
        learner = await tutor.profile(user_id(update), now())
        reply = menus.settings(learner.challenge_notices, translator(learner.language))
        await self._send(update, context, tutor, reply)

    async def language(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner wants to change the language."""
        learner = await tutor.profile(user_id(update), now())
        reply = menus.languages(learner.language, translator(learner.language))
        await self._send(update, context, tutor, reply)

    async def _set_language(
        self, update: Update, context: Context, tutor: Tutor, index: int
    ) -> None:
        query = update.callback_query
        assert query is not None
        if not 0 <= index < len(LANGUAGES):
            await query.answer()
            await self.language(update, context, tutor)
            return
        learner = await tutor.set_language(user_id(update), LANGUAGES[index], now())
        await query.answer()
        await self._drop_buttons(query.message)
        t = translator(learner.language)
        translated = learner.language in tutor.bank.languages
        reply = menus.language_set(learner.language, translated, t)
        await self._send(update, context, tutor, reply)
        here = await tutor.current(learner.id, now())
        if here is not None:  # carry on with the lesson, now in the new language
            await self._send_card(update, context, tutor, here)

    async def stats(self, update: Update, context: Context, tutor: Tutor) -> None:
        """An admin asks how the bot is used; to anyone else it is an unknown command."""
        if user_id(update) not in self._admins:
            await self.unknown_command(update, context, tutor)
            return
        figures = await tutor.totals(now())
        await self._send(
            update, context, tutor, menus.totals(figures, await self._t(update, tutor))
        )
