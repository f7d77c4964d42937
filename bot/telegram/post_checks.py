"""Posts a learner forwards or pastes: the SIFT check, one step per message.

What the learner sent is read once, for cues, and then dropped: it is not stored, not logged
(see `bot.telegram.privacy`) and not sent anywhere. The buttons carry the kind of post and
the rules found, so the next steps need nothing kept.
"""

from __future__ import annotations

import asyncio

from telegram import Message, MessageEntity, Update

from bot.learning.post_check import STEPS, Post, PostKind
from bot.learning.tutor import Tutor
from bot.telegram.actions import PostStep
from bot.telegram.context import Context
from bot.telegram.lessons import Lessons
from bot.telegram.replier import Replier
from bot.telegram.sift import step_message

_LINKS = frozenset({MessageEntity.URL, MessageEntity.TEXT_LINK})


def post_of(message: Message) -> Post:
    """What the check needs of a message, and nothing else."""
    entities = (*message.entities, *message.caption_entities)
    return Post(
        text=message.text or message.caption or "",
        forwarded=message.forward_origin is not None,
        has_link=any(e.type in _LINKS for e in entities),
        # a screenshot sent as a file is a picture too
        has_photo=bool(message.photo)
        or (message.document is not None and _is_image(message.document.mime_type)),
    )


def _is_image(mime_type: str | None) -> bool:
    return (mime_type or "").startswith("image/")


class PostChecks:
    """The post check; chatter that is not a post goes on to the usual pointer."""

    def __init__(self, replier: Replier, lessons: Lessons) -> None:
        self._reply = replier
        self._lessons = lessons

    async def received(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner forwards a post, pastes a text or a link, sends a screenshot, or
        just types something."""
        message = update.effective_message
        assert message is not None
        check = tutor.posts.check(post_of(message))
        if check is None:
            await self._lessons.free_text(update, context, tutor)
            return
        await self._send_step(update, context, tutor, 0, check.kind, check.mask)

    async def step(self, update: Update, context: Context, tutor: Tutor, tap: PostStep) -> None:
        """The learner taps to the next step of a check."""
        query = update.callback_query
        assert query is not None
        if tap.step >= STEPS:
            await self._lessons.out_of_date(update, context, tutor)
            return
        await asyncio.gather(
            query.answer(),
            self._reply.drop_buttons(query.message),
            self._send_step(update, context, tutor, tap.step, PostKind(tap.kind), tap.mask),
        )

    async def _send_step(
        self, update: Update, context: Context, tutor: Tutor, step: int, kind: PostKind, mask: int
    ) -> None:
        language = await self._reply.language(update, tutor)
        cues, titles = tutor.posts.cues(mask, language)
        reply = step_message(step, kind, mask, cues, titles, await self._reply.t(update, tutor))
        await self._reply.send(update, context, tutor, reply)
