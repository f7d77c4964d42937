"""What users' messages carry beyond their text: the links Telegram finds in it, and where
a forwarded post comes from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.sandbox.server.html import utf16_len
from bot.sandbox.server.models import JSON

if TYPE_CHECKING:
    from bot.sandbox.server.world import World

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>]+|\b[a-z0-9-]+\.(?:com|org|net|info|ru|rs|br)\b[^\s<>]*"
)


def url_entities(text: str) -> list[JSON]:
    """The ``url`` entities Telegram finds in a text (a simple, predictable subset)."""
    return [
        {"type": "url", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in _URL.finditer(text)
    ]


def channel_origin(world: World, title: str) -> JSON:
    """Where a forwarded post comes from: a public channel with this title."""
    chat_id = -1_000_000_000_000 - sum(map(ord, title))
    return {
        "type": "channel",
        "chat": {"id": chat_id, "type": "channel", "title": title},
        "message_id": 1,
        "date": world.now(),
    }
