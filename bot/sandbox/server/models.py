"""What tests read: messages, buttons, polls and the call transcript, as frozen values.

An edit replaces a message in its chat with a new value; a test that kept the old one keeps
what the user saw at that moment, and ``user.messages`` shows the current state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class Button:
    """One inline keyboard button, as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    switch_inline_query: str | None = None
    switch_inline_query_current_chat: str | None = None
    switch_inline_query_chosen_chat: JSON | None = None
    copy_text: str | None = None

    @classmethod
    def from_json(cls, raw: JSON) -> Button:
        """The button from its Bot API JSON (copy_text unwrapped to its text)."""
        copy = raw.get("copy_text")
        return cls(
            text=raw.get("text", ""),
            callback_data=raw.get("callback_data"),
            url=raw.get("url"),
            switch_inline_query=raw.get("switch_inline_query"),
            switch_inline_query_current_chat=raw.get("switch_inline_query_current_chat"),
            switch_inline_query_chosen_chat=raw.get("switch_inline_query_chosen_chat"),
            copy_text=copy.get("text") if isinstance(copy, dict) else None,
        )


@dataclass(frozen=True)
class PollOption:
    """A poll option with its persistent id and current vote count."""

    text: str
    persistent_id: str
    voter_count: int = 0

    def to_json(self) -> JSON:
        """The PollOption object of the Bot API."""
        return {
            "persistent_id": self.persistent_id,
            "text": self.text,
            "voter_count": self.voter_count,
        }


@dataclass(frozen=True)
class Poll:
    """A poll as sent by the bot, with its current state."""

    id: str
    question: str
    options: tuple[PollOption, ...]
    type: str = "regular"
    is_anonymous: bool = True
    allows_multiple_answers: bool = False
    allows_revoting: bool = True
    correct_option_ids: tuple[int, ...] = ()
    explanation: str | None = None
    explanation_html: str | None = None
    explanation_entities: tuple[JSON, ...] = ()
    is_closed: bool = False
    total_voter_count: int = 0
    open_period: int | None = None
    close_date: int | None = None  # Unix time Telegram closes it by itself

    @property
    def correct_option_id(self) -> int | None:
        """The first correct option of a quiz, None for a regular poll."""
        return self.correct_option_ids[0] if self.correct_option_ids else None

    @property
    def option_texts(self) -> list[str]:
        """The options' texts, in order."""
        return [o.text for o in self.options]

    def to_json(self) -> JSON:
        """The Poll object of the Bot API."""
        result: JSON = {
            "id": self.id,
            "question": self.question,
            "options": [o.to_json() for o in self.options],
            "total_voter_count": self.total_voter_count,
            "is_closed": self.is_closed,
            "is_anonymous": self.is_anonymous,
            "type": self.type,
            "allows_multiple_answers": self.allows_multiple_answers,
            "allows_revoting": self.allows_revoting,
            "members_only": False,
        }
        if self.type == "quiz":
            result["correct_option_ids"] = list(self.correct_option_ids)
        if self.explanation:
            result["explanation"] = self.explanation
            if self.explanation_entities:
                result["explanation_entities"] = list(self.explanation_entities)
        if self.open_period is not None:
            result["open_period"] = self.open_period
        if self.close_date is not None:
            result["close_date"] = self.close_date
        return result


@dataclass(frozen=True)
class Media:
    """A photo or a document in a message; its bytes stay in the server's files."""

    kind: str  # "photo" or "document"
    file_id: str
    file_unique_id: str
    file_size: int
    width: int = 0
    height: int = 0
    file_name: str | None = None
    mime_type: str | None = None

    def to_json(self) -> JSON:
        """The message field: ``photo`` (an array of PhotoSize) or ``document``."""
        base: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.kind == "photo":
            return {"photo": [{**base, "width": self.width, "height": self.height}]}
        extra = {"file_name": self.file_name, "mime_type": self.mime_type}
        return {"document": {**base, **{k: v for k, v in extra.items() if v}}}


@dataclass(frozen=True)
class Message:
    """A message in a chat: text is what the user sees, html what the bot sent.

    A poll message carries its question as text and the poll itself in ``poll``; a photo or
    document message carries its caption as text and the file in ``media``. A user's
    forwarded message has its ``forward_origin``.
    """

    message_id: int
    chat_id: int
    date: int
    sender: JSON
    text: str = ""
    html: str = ""
    entities: tuple[JSON, ...] = ()
    reply_markup: JSON | None = None
    poll: Poll | None = None
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False
    reply_to_message_id: int | None = None
    media: Media | None = None
    forward_origin: JSON | None = None
    service: JSON | None = None  # a service message's fields, e.g. migrate_to_chat_id

    @property
    def photo(self) -> bool:
        """Whether the message is a photo."""
        return self.media is not None and self.media.kind == "photo"

    @property
    def from_bot(self) -> bool:
        """Whether the bot sent this message."""
        return bool(self.sender.get("is_bot"))

    @property
    def buttons(self) -> list[list[Button]]:
        """Rows of inline keyboard buttons; empty without an inline keyboard."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[Button.from_json(b) for b in row] for row in rows]

    @property
    def button_texts(self) -> list[list[str]]:
        """Rows of the inline buttons' texts, handy in assertions."""
        return [[b.text for b in row] for row in self.buttons]

    @property
    def keyboard(self) -> list[list[str]]:
        """Rows of a reply keyboard's button texts; empty without one."""
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]

    def to_json(self, chat: JSON) -> JSON:
        """The Message object of the Bot API."""
        result: JSON = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            result["edit_date"] = self.edit_date
        if self.forward_origin is not None:
            result["forward_origin"] = self.forward_origin
        if self.service is not None:
            result.update(self.service)
        elif self.poll is not None:
            result["poll"] = self.poll.to_json()
        elif self.media is not None:
            result.update(self.media.to_json())
            if self.text:
                result["caption"] = self.text
            if self.entities:
                result["caption_entities"] = list(self.entities)
        else:
            result["text"] = self.text
            if self.entities:
                result["entities"] = list(self.entities)
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            result["reply_markup"] = self.reply_markup  # only inline keyboards are echoed
        return result


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button tap (answerCallbackQuery)."""

    text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Call:
    """One request the bot made: its method, parameters and outcome."""

    method: str
    params: JSON
    ok: bool
    result: Any = None
    error: str | None = None
    error_code: int | None = None
    problems: tuple[str, ...] = field(default=())
    in_reply: bool = False  # carried in a webhook reply, not a request of its own
