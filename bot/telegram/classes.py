"""Classroom handlers: /teach and a class card for teachers; a join link, /classes and
leaving for learners."""

from __future__ import annotations

import asyncio
import secrets
from functools import partial

from telegram import Update

from bot.bank.themes import Theme
from bot.learning.class_records import Classroom
from bot.learning.classes import DUE_CHOICES, ClassUnavailable, NameRefused
from bot.learning.tutor import Tutor
from bot.pictures.qr import qr_png
from bot.telegram import class_actions as c
from bot.telegram import class_render as render
from bot.telegram import member_render
from bot.telegram.context import Context, now, user_id
from bot.telegram.photos import PhotoSender
from bot.telegram.render import Text
from bot.telegram.replier import Replier
from bot.telegram.round_card import card_rows
from bot.telegram.units import Handler


def new_join_code() -> str:
    """A fresh join code: 72 random bits, 12 URL-safe characters."""
    return secrets.token_urlsafe(9)


class Classes:
    """Teachers run classes; learners join, see what is set, and leave."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier
        self._photos = PhotoSender()

    async def _send(self, update: Update, context: Context, tutor: Tutor, reply: Text) -> None:
        await self._reply.send(update, context, tutor, reply)

    async def teach(self, update: Update, context: Context, tutor: Tutor) -> None:
        """/teach: the teacher's classes, and a new one."""
        classes = await tutor.classes.taught(user_id(update), now())
        t = await self._reply.t(update, tutor)
        await self._send(update, context, tutor, render.teach_menu(classes, t))

    async def my_classes(self, update: Update, context: Context, tutor: Tutor) -> None:
        """/classes: the learner's classes, each with a way out."""
        classes = await tutor.classes.joined(user_id(update), now())
        t = await self._reply.t(update, tutor)
        await self._send(update, context, tutor, member_render.my_classes(classes, t))

    async def open_link(
        self, update: Update, context: Context, tutor: Tutor, payload: str
    ) -> bool:
        """A class's join link: the invitation; False when it leads nowhere (the learner
        was told why, and the caller shows the topics)."""
        found = await tutor.classes.invite(payload, user_id(update), now())
        t = await self._reply.t(update, tutor)
        if isinstance(found, ClassUnavailable):
            await self._send(update, context, tutor, member_render.unavailable(found, t))
            return found.problem == "own"
        if found.member:
            reply = member_render.already_in(found.classroom, t)
        else:
            reply = member_render.invitation(found.classroom, t)
        await self._send(update, context, tutor, reply)
        return True

    def or_else(self, otherwise: Handler) -> Handler:
        """A text message names the class the teacher asked to name; anything else goes to
        `otherwise`."""

        async def text(update: Update, context: Context, tutor: Tutor) -> None:
            message = update.effective_message
            if message is None or not message.text or message.forward_origin is not None:
                await otherwise(update, context, tutor)
                return
            named = await tutor.classes.named(
                user_id(update), message.text, now(), new_join_code()
            )
            if named is None:
                await otherwise(update, context, tutor)
                return
            if isinstance(named, NameRefused):
                t = await self._reply.t(update, tutor)
                await self._send(update, context, tutor, render.name_refused(named, t))
                return
            await self._card(update, context, tutor, named.classroom)

        text.__doc__ = otherwise.__doc__
        return text

    async def _card(
        self, update: Update, context: Context, tutor: Tutor, classroom: Classroom
    ) -> None:
        """The class card: the join link's QR code, with the link, the members and what is
        set in its caption, and the teacher's buttons."""
        language = await self._reply.language(update, tutor)
        t = await self._reply.t(update, tutor)
        link = render.join_link(context.bot.username, classroom)
        members = len(await tutor.classes.members(user_id(update), classroom.id))
        assignment = await tutor.classes.assignment(user_id(update), classroom.id)
        titles = tutor.classes.titles(assignment.lesson_ids, language) if assignment else ()
        due = assignment.due_on if assignment else None
        caption = render.card_caption(classroom, link, members, titles, due, t, language)
        rounds = await card_rows(context.bot.username, tutor, classroom, t)  # the group round
        keyboard = render.card_keyboard(classroom, t, rounds)
        draw = partial(qr_png, link)
        await self._photos.send(update, context, ("qr", link), draw, caption, keyboard)

    async def tap(
        self, update: Update, context: Context, tutor: Tutor, action: c.ClassAction
    ) -> None:
        """A classroom button: answered, then handled."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        match action:
            case c.NewClass():
                await tutor.classes.ask_name(user_id(update), now())
                t = await self._reply.t(update, tutor)
                await self._send(update, context, tutor, render.ask_name(t))
            case c.TeachMenu():
                await self.teach(update, context, tutor)
            case c.ClassMenu(class_id, verb):
                await self._class_menu(update, context, tutor, class_id, verb)
            case c.PickLessons(class_id, theme, mask):
                await self._pick_lessons(update, context, tutor, class_id, theme, mask)
            case c.PickDue(class_id, theme, mask):
                await self._pick_due(update, context, tutor, class_id, theme, mask)
            case c.SetDue(class_id, theme, mask, due):
                await self._set_due(update, context, tutor, (class_id, theme, mask, due))
            case _:
                await self._member_tap(update, context, tutor, action)

    async def _stale(self, update: Update, context: Context, tutor: Tutor) -> None:
        """A button of a class that closed, or is not the tapper's."""
        t = await self._reply.t(update, tutor)
        text = t.gettext("That class is closed or isn't yours. /teach shows your classes.")
        await self._send(update, context, tutor, Text(text))

    async def _class_menu(
        self, update: Update, context: Context, tutor: Tutor, class_id: int, verb: c.ClassVerb
    ) -> None:
        teacher = user_id(update)
        classroom = await tutor.classes.owned(teacher, class_id)
        if classroom is None:
            await self._stale(update, context, tutor)
            return
        t = await self._reply.t(update, tutor)
        query = update.callback_query
        assert query is not None
        if verb in ("card", "keep"):
            if verb == "keep":  # the question is answered
                await self._reply.drop_buttons(query.message)
            await self._card(update, context, tutor, classroom)
        elif verb == "rename":
            await tutor.classes.ask_name(teacher, now(), class_id)
            await self._send(update, context, tutor, render.ask_name(t, classroom))
        elif verb == "relink":
            relinked = await tutor.classes.new_code(teacher, class_id, new_join_code())
            assert relinked is not None  # owned a moment ago, in this learner's update
            await self._send(update, context, tutor, render.relinked(t))
            await self._card(update, context, tutor, relinked)
        elif verb == "close":
            await self._send(update, context, tutor, render.confirm_close(classroom, t))
        elif verb == "close-yes":
            await self._reply.drop_buttons(query.message)
            await tutor.classes.close(teacher, class_id, now())
            await self._send(update, context, tutor, render.closed(classroom, t))
        else:  # "lessons"
            await self._send(update, context, tutor, render.theme_picker(classroom, t))

    async def _owned(
        self, update: Update, context: Context, tutor: Tutor, class_id: int
    ) -> Classroom | None:
        """The tapping teacher's open class; for anyone else's, or a closed one, the
        out-of-date note and None."""
        classroom = await tutor.classes.owned(user_id(update), class_id)
        if classroom is None:
            await self._stale(update, context, tutor)
        return classroom

    async def _pick_lessons(
        self, update: Update, context: Context, tutor: Tutor, class_id: int, theme: Theme,
        mask: int,
    ) -> None:  # fmt: skip
        classroom = await self._owned(update, context, tutor, class_id)
        if classroom is None:
            return
        language = await self._reply.language(update, tutor)
        t = await self._reply.t(update, tutor)
        lessons = tutor.classes.theme_lessons(theme, language)
        reply = render.lesson_picker(classroom, theme, lessons, mask, t)
        query = update.callback_query
        assert query is not None
        if mask:  # a tick: the picker's own buttons change
            await query.edit_message_reply_markup(reply.keyboard)
        else:  # a theme picked: the next step, and the themes go
            await asyncio.gather(
                self._reply.drop_buttons(query.message), self._send(update, context, tutor, reply)
            )

    async def _pick_due(
        self, update: Update, context: Context, tutor: Tutor, class_id: int, theme: Theme,
        mask: int,
    ) -> None:  # fmt: skip
        classroom = await self._owned(update, context, tutor, class_id)
        if classroom is None:
            return
        language = await self._reply.language(update, tutor)
        t = await self._reply.t(update, tutor)
        query = update.callback_query
        assert query is not None
        reply = render.due_picker(classroom, theme, mask, now().date(), t, language)
        await asyncio.gather(
            self._reply.drop_buttons(query.message), self._send(update, context, tutor, reply)
        )

    async def _set_due(
        self, update: Update, context: Context, tutor: Tutor, picked: tuple[int, Theme, int, int]
    ) -> None:
        class_id, theme, mask, due = picked
        ids = tutor.classes.ticked(theme, mask)
        choice = DUE_CHOICES[due]  # the codec reads no other choice
        assignment = await tutor.classes.set_lessons(user_id(update), class_id, ids, choice, now())
        classroom = await tutor.classes.owned(user_id(update), class_id)
        if assignment is None or classroom is None:
            await self._stale(update, context, tutor)
            return
        language = await self._reply.language(update, tutor)
        t = await self._reply.t(update, tutor)
        titles = list(tutor.classes.titles(assignment.lesson_ids, language))
        reply = render.lessons_set(classroom, titles, assignment.due_on, t, language)
        query = update.callback_query
        assert query is not None
        await asyncio.gather(
            self._reply.drop_buttons(query.message), self._send(update, context, tutor, reply)
        )

    async def _member_tap(
        self, update: Update, context: Context, tutor: Tutor, action: c.ClassAction
    ) -> None:
        """A learner's buttons: join, no thanks, leave, stay."""
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        assert user is not None
        t = await self._reply.t(update, tutor)
        reply: Text | None = None
        match action:
            case c.JoinClass(code):
                found = await tutor.classes.join(code, user.id, user.first_name, now())
                if isinstance(found, ClassUnavailable):
                    reply = member_render.unavailable(found, t)
                else:
                    reply = member_render.joined(found.classroom, found.new, t)
            case c.DeclineClass():
                reply = member_render.declined(t)
            case c.LeaveClass(class_id, False):
                mine = await tutor.classes.joined(user.id, now())
                classroom = next((x for x in mine if x.id == class_id), None)
                if classroom is not None:
                    await self._send(
                        update, context, tutor, member_render.confirm_leave(classroom, t)
                    )
                    return
                reply = member_render.my_classes(mine, t)
            case c.LeaveClass(class_id, True):
                gone = await tutor.classes.leave(user.id, class_id, now())
                if gone is None:  # left already (a second tap)
                    reply = member_render.my_classes(await tutor.classes.joined(user.id, now()), t)
                else:
                    reply = member_render.left(gone, t)
            case _:  # StayInClass
                reply = member_render.stayed(t)
        await asyncio.gather(
            self._reply.drop_buttons(query.message), self._send(update, context, tutor, reply)
        )
