"""Sending pictures: uploaded once, then sent again by Telegram's file id.

A picture is named by a key (what it shows); the first send uploads the PNG, and the file
id Telegram returns is kept, so the same picture again costs no upload. The newest
`KEEP` ids are kept in memory: a restart only means one more upload.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode

from bot.telegram.context import Context

KEEP = 2048


class PhotoSender:
    """Sends PNG pictures to the chat of an update, each uploaded only once."""

    def __init__(self) -> None:
        self._file_ids: OrderedDict[Hashable, str] = OrderedDict()

    async def send(
        self,
        update: Update,
        context: Context,
        key: Hashable,
        draw: Callable[[], bytes],
        caption: str,
        keyboard: InlineKeyboardMarkup | None = None,
    ) -> Message:
        """Send the picture named `key` (drawn by `draw` if it was never uploaded)."""
        chat = update.effective_chat
        assert chat is not None
        known = self._file_ids.get(key)
        # Drawing takes a tenth of a second: off the event loop, so other learners wait not.
        photo: str | InputFile = known or InputFile(
            await asyncio.to_thread(draw), filename="picture.png"
        )
        message = await context.bot.send_photo(
            chat.id, photo, caption=caption, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        if message.photo:
            self._file_ids[key] = message.photo[-1].file_id
            self._file_ids.move_to_end(key)
            while len(self._file_ids) > KEEP:
                self._file_ids.popitem(last=False)
        return message

    def file_id(self, key: Hashable) -> str | None:
        """The file id of a picture sent before, if it is still known."""
        return self._file_ids.get(key)
