"""The teacher's report: /class, and the report button of a class card.

The report comes as its words (one message, or a few where Telegram's limit would cut
it), the class chart as a photo and the CSV export as a document.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot.learning.tutor import Tutor
from bot.pictures.class_chart import class_chart_png
from bot.telegram import class_report_files as files
from bot.telegram import class_report_render as render
from bot.telegram.context import Context, user_id
from bot.telegram.render import Text
from bot.telegram.replier import Replier
from bot.telegram.round_card import card_rows


class ClassReports:
    """Sends a teacher the report on one of their classes; nobody else gets one."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier

    async def class_(self, update: Update, context: Context, tutor: Tutor) -> None:
        """The teacher sends /class: the report, or first a choice of class."""
        t = await self._reply.t(update, tutor)
        classes = await tutor.class_reports.classes(user_id(update))
        if not classes:
            await self._reply.send(update, context, tutor, render.not_a_teacher(t))
        elif len(classes) == 1:
            await self._send(update, context, tutor, classes[0].id)
        else:
            await self._reply.send(update, context, tutor, render.pick_class(classes, t))

    async def tapped(self, update: Update, context: Context, tutor: Tutor, class_id: int) -> None:
        """The teacher taps a class's report button."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        await self._send(update, context, tutor, class_id)

    async def _with_group_link(
        self, words: Text, update: Update, context: Context, tutor: Tutor, class_id: int
    ) -> Text:
        """The report's last words, with the class card's "add me to the class group" link
        (not its names switch: that one redraws the class card's buttons)."""
        taught = await tutor.class_reports.classes(user_id(update))
        classroom = next((c for c in taught if c.id == class_id), None)
        if classroom is None:  # closed since the report was read
            return words
        t = await self._reply.t(update, tutor)
        rows = await card_rows(context.bot.username, tutor, classroom, t)
        links = [row for row in rows if all(b.url for b in row)]
        return replace(words, keyboard=InlineKeyboardMarkup(links))

    async def _send(self, update: Update, context: Context, tutor: Tutor, class_id: int) -> None:
        report = await tutor.class_reports.report(user_id(update), class_id)
        t = await self._reply.t(update, tutor)
        if report is None:
            await self._reply.send(update, context, tutor, render.not_yours(t))
            return
        language = await self._reply.language(update, tutor)
        messages = render.report_messages(report, tutor.bank, t, language)
        messages[-1] = await self._with_group_link(messages[-1], update, context, tutor, class_id)
        for message in messages:
            await self._reply.send(update, context, tutor, message)
        chat = update.effective_chat
        assert chat is not None
        # Drawing takes a tenth of a second or more: off the event loop.
        png = await asyncio.to_thread(class_chart_png, files.chart(report, t, language))
        await context.bot.send_photo(
            chat.id,
            InputFile(png, filename="class.png"),
            caption=files.chart_caption(t),
            parse_mode=ParseMode.HTML,
        )
        document = files.csv_bytes(report, tutor.bank, t, language)
        await context.bot.send_document(
            chat.id,
            InputFile(document, filename=files.csv_name(report)),
            caption=files.csv_caption(t),
            parse_mode=ParseMode.HTML,
        )
