"""What the page shows of a chat: messages as plain JSON, text with Telegram's entities.

The page builds its DOM from text and entities (never from the bot's HTML), so only what
Telegram can show is shown, and nothing the bot or a lesson sends can script the page.
"""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.server import Message, Poll
from bot.sandbox.server.models import JSON
from bot.sandbox.server.world import World


def poll_view(poll: Poll, my_votes: tuple[int, ...] | None) -> JSON:
    """A poll as the voter sees it: the answer key and explanation only once they voted."""
    answered = my_votes is not None or poll.is_closed
    view: JSON = {
        "question": poll.question,
        "type": poll.type,
        "anonymous": poll.is_anonymous,
        "multiple": poll.allows_multiple_answers,
        "closed": poll.is_closed,
        "total": poll.total_voter_count,
        "options": [{"text": o.text, "voters": o.voter_count} for o in poll.options],
        "voted": list(my_votes or ()),
        "answered": answered,
    }
    if answered and poll.type == "quiz":
        view["correct"] = list(poll.correct_option_ids)
        if poll.explanation:
            view["explanation"] = {
                "text": poll.explanation,
                "entities": list(poll.explanation_entities),
            }
    return view


def button_view(raw: JSON) -> JSON:
    """One inline button: its text and what tapping it does on the page."""
    view: JSON = {"text": str(raw.get("text", ""))}
    if "callback_data" in raw:
        view["kind"] = "callback"
    elif "url" in raw:
        view.update(kind="url", url=str(raw["url"]))
    elif isinstance(raw.get("copy_text"), dict):
        view.update(kind="copy", copy=str(raw["copy_text"].get("text", "")))
    elif any(key.startswith("switch_inline_query") for key in raw):
        view["kind"] = "share"
    else:
        view["kind"] = "other"
    return view


def message_view(world: World, message: Message, viewer: int) -> JSON:
    """One message for the page; a poll shows the viewer's own vote."""
    view: JSON = {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "date": message.date,
        "edited": message.edited,
        "text": message.text,
        "entities": list(message.entities),
    }
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    if rows:
        view["keyboard"] = [[button_view(b) for b in row] for row in rows]
    if message.poll is not None:
        votes = world.votes.get(message.poll.id, {})
        view["poll"] = poll_view(message.poll, votes.get(viewer))
    media = message.media
    if media is not None and media.kind == "photo":
        view["photo"] = {"file_id": media.file_id, "width": media.width, "height": media.height}
    elif media is not None:
        view["document"] = {
            "file_id": media.file_id,
            "file_name": media.file_name or "file",
            "file_size": media.file_size,
        }
    return view


def chat_view(world: World, chat_id: int) -> list[JSON]:
    """Every message of a private chat that was not deleted, oldest first."""
    chat = world.chats.get(chat_id)
    messages = chat.messages if chat else []
    return [message_view(world, m, chat_id) for m in messages if not m.deleted]


def command_menu(world: World, language_code: str | None) -> list[JSON]:
    """The command menu the user sees: their language's, else the default one."""
    scope = json.dumps({"type": "default"}, sort_keys=True)
    for code in ((language_code or "")[:2], ""):
        commands: Any = world.settings.get(("commands", scope, code))
        if commands:
            return [{"command": c["command"], "description": c["description"]} for c in commands]
    return []


def description(world: World, language_code: str | None) -> str:
    """What an empty chat shows before /start: the bot's description in the user's
    language, else the default one (setMyDescription)."""
    for code in ((language_code or "")[:2], ""):
        text = world.settings.get(("description", "", code))
        if isinstance(text, str) and text:
            return text
    return ""
