"""/start: a welcome, or welcome back with the topics; a deep link opens what it names
(a lesson, a class, a challenge, or the challenge maker)."""

from __future__ import annotations

from telegram import Update

from bot.languages import translator
from bot.learning.classes import PAYLOAD_PREFIX as CLASS_PAYLOAD
from bot.learning.tutor import Tutor
from bot.telegram import member_render, menus
from bot.telegram.challenges import CHALLENGE_PAYLOAD, Challenges
from bot.telegram.classes import Classes
from bot.telegram.context import Context, now, user_id
from bot.telegram.lessons import Lessons
from bot.telegram.mil_check import MilChecks
from bot.telegram.replier import Replier

# /start payload of a link to one lesson: `https://t.me/<bot>?start=lesson-<lesson id>`.
LESSON_PAYLOAD = "lesson-"


class Start:
    """The /start handler and the deep links it routes."""

    def __init__(
        self,
        replier: Replier,
        lessons: Lessons,
        challenges: Challenges,
        checks: MilChecks,
        classes: Classes,
    ) -> None:
        self._reply = replier
        self._lessons = lessons
        self._challenges = challenges
        self._checks = checks
        self._classes = classes

    async def start(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The learner opens the bot: welcome, or welcome back with the topics (a deep link
        opens a challenge, or the challenge maker)."""
        user = update.effective_user
        assert user is not None
        payload = context.args[0] if context.args else ""
        if payload == CHALLENGE_PAYLOAD:
            await self._challenges.challenge(update, context, tutor)
            return
        if payload.startswith(CLASS_PAYLOAD):
            if not await self._classes.open_link(update, context, tutor, payload):
                await self._lessons.topics(update, context, tutor)
            return
        if payload.startswith(LESSON_PAYLOAD):
            await self.open_lesson(update, context, tutor, payload.removeprefix(LESSON_PAYLOAD))
            return
        if payload:
            if not await self._challenges.open(update, context, tutor, payload):
                await self._lessons.topics(update, context, tutor)
            return
        meeting = await tutor.meet(user.id, now())
        t = translator(meeting.learner.language)
        if meeting.new:
            radar = await self._checks.pre_due(tutor, user.id)
            reply = menus.welcome(user.first_name, meeting.first_lesson, t, radar=radar)
            await self._reply.send(update, context, tutor, reply)
            return
        reply = menus.welcome_back(user.first_name, meeting.resume, meeting.first_lesson, t)
        await self._reply.send(update, context, tutor, reply)
        topics = await tutor.topics(user.id, now())
        menu = menus.topics(list(topics.entries), t)
        menu = member_render.atop_topics(menu, topics.set_lessons, t, meeting.learner.language)
        await self._reply.send(update, context, tutor, menu)

    async def open_lesson(
        self, update: Update, context: Context, tutor: Tutor, lesson_id: str
    ) -> None:
        """A link to one lesson (`?start=lesson-<id>`) opens it, even before the lessons it
        builds on; an unknown one shows the topics."""
        if not tutor.offers(lesson_id):
            await self._lessons.topics(update, context, tutor)
            return
        card = await tutor.start(
            user_id(update), lesson_id, now(), prerequisites=False, resume=False
        )
        await self._reply.send_card(update, context, tutor, card)
