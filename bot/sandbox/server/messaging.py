"""Text messages: sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage,
sendChatAction."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from bot.sandbox.server import limits
from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.html import ParsedText
from bot.sandbox.server.models import JSON, Message

if TYPE_CHECKING:
    from bot.sandbox.server.world import ChatState, Handler, World

EDIT_NOT_FOUND = "message to edit not found"
DELETE_NOT_FOUND = "message to delete not found"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CANT_EDIT = "message can't be edited"
NO_TEXT_TO_EDIT = "there is no text in the message to edit"
REPLY_NOT_FOUND = "message to be replied not found"
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def parse(world: World, text: str, parse_mode: object, entities: object = None) -> ParsedText:
    """Parse a text; Markdown modes are recorded as not implemented and shown as sent."""
    if isinstance(parse_mode, str) and parse_mode.lower() in limits.MARKDOWN_MODES:
        world.violate(f"not implemented by the test server: parse_mode {parse_mode}")
    return limits.parse_text(text, parse_mode, entities)


def markup_of(params: JSON) -> JSON | None:
    """The reply_markup parameter, checked; None when absent."""
    markup = params.get("reply_markup")
    limits.check_reply_markup(markup)
    return markup if isinstance(markup, dict) else None


async def send_message(world: World, params: JSON) -> JSON:
    """Send a text message to a chat the user opened."""
    chat = world.writable_chat(params.get("chat_id"))
    text = str(params.get("text", ""))
    parsed = parse(world, text, params.get("parse_mode"), params.get("entities"))
    limits.check_message_text(parsed)
    markup = markup_of(params)
    message = world.add_message(
        chat,
        sender=world.bot,
        text=parsed.text,
        html=text,
        entities=parsed.entities,
        reply_markup=markup,
        reply_to_message_id=_reply_to(world, chat, params.get("reply_parameters")),
    )
    return world.message_json(message)


def _reply_to(world: World, chat: ChatState, reply: object) -> int | None:
    if not isinstance(reply, dict) or "message_id" not in reply:
        return None
    if world.find_message(chat.id, reply["message_id"]) is not None:
        return int(reply["message_id"])
    if reply.get("allow_sending_without_reply") is True:
        return None
    raise bad_request(REPLY_NOT_FOUND)


def _target(world: World, params: JSON) -> tuple[Message, str | None]:
    """The message an edit names: (message, inline_message_id or None)."""
    inline_id = params.get("inline_message_id")
    if inline_id is not None:
        inline = world.inline_messages.get(str(inline_id))
        if inline is None:
            raise bad_request(EDIT_NOT_FOUND)
        return inline, str(inline_id)
    if "chat_id" not in params or "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = world.writable_chat(params["chat_id"])
    message = world.find_message(chat.id, params["message_id"])
    if message is None:
        raise bad_request(EDIT_NOT_FOUND)
    if not message.from_bot:
        raise bad_request(CANT_EDIT)
    return message, None


def _store(world: World, message: Message, inline_id: str | None, **changes: Any) -> JSON | bool:
    """Save an edit; inline messages answer True, chat messages the edited Message."""
    changes.update(edited=True, edit_date=world.now())
    if inline_id is not None:
        world.inline_messages[inline_id] = dataclasses.replace(message, **changes)
        world.notify()
        return True
    return world.message_json(world.replace(message, **changes))


async def edit_message_text(world: World, params: JSON) -> JSON | bool:
    """Replace a message's text; without reply_markup the inline keyboard is removed."""
    message, inline_id = _target(world, params)
    if message.poll is not None:
        raise bad_request(NO_TEXT_TO_EDIT)
    text = str(params.get("text", ""))
    parsed = parse(world, text, params.get("parse_mode"), params.get("entities"))
    limits.check_message_text(parsed)
    markup = markup_of(params)
    same_text = (parsed.text, parsed.entities) == (message.text, message.entities)
    if same_text and markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    return _store(
        world,
        message,
        inline_id,
        text=parsed.text,
        html=text,
        entities=parsed.entities,
        reply_markup=markup,
    )


async def edit_message_reply_markup(world: World, params: JSON) -> JSON | bool:
    """Replace or (without reply_markup) remove a message's inline keyboard."""
    message, inline_id = _target(world, params)
    markup = markup_of(params)
    if markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    return _store(world, message, inline_id, reply_markup=markup)


async def delete_message(world: World, params: JSON) -> bool:
    """Mark a message deleted; it stays in the transcript with ``deleted=True``."""
    chat = world.writable_chat(params.get("chat_id"))
    message = world.find_message(chat.id, params.get("message_id"))
    if message is None:
        raise bad_request(DELETE_NOT_FOUND)
    world.replace(message, deleted=True)
    return True


async def send_chat_action(world: World, params: JSON) -> bool:
    """Record a chat action ('typing', ...) in ``world.chat_actions``."""
    chat = world.writable_chat(params.get("chat_id"))
    action = str(params.get("action", ""))
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    world.chat_actions.append((chat.id, action))
    return True


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "sendChatAction": send_chat_action,
}
