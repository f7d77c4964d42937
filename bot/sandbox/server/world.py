"""The server's state: chats and their messages, queries in flight, and the update queue.

Handlers and simulated users change it; ``notify()`` wakes whoever waits on it (long polls,
``user.receive()``, the webhook sender).
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.server.errors import (
    BLOCKED,
    CANT_INITIATE,
    CHAT_NOT_FOUND,
    UPGRADED,
    ApiError,
    bad_request,
    forbidden,
)
from bot.sandbox.server.faults import Faults
from bot.sandbox.server.models import JSON, Call, CallbackAnswer, Media, Message
from bot.sandbox.server.spec import Spec
from bot.sandbox.server.update_queue import UpdateQueue

Handler = Callable[["World", JSON], Awaitable[Any]]


@dataclass
class ChatState:
    """A chat the bot is in: private (id == user id) or a group."""

    chat: JSON
    messages: list[Message] = field(default_factory=list)
    opened: bool = False
    blocked: bool = False
    members: list[int] = field(default_factory=list)
    last_message_id: int = 0
    migrated_to: int | None = None  # a group upgraded to this supergroup

    @property
    def id(self) -> int:
        """The chat's id."""
        return int(self.chat["id"])


@dataclass
class CallbackState:
    """A button tap waiting for answerCallbackQuery."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answer: CallbackAnswer | None = None


@dataclass
class InlineQueryState:
    """An inline query waiting for answerInlineQuery."""

    id: str
    user_id: int
    query: str
    created: float
    results: list[JSON] | None = None
    answer: JSON = field(default_factory=dict)


class World:
    """Everything the server knows; handlers and simulated users share it."""

    def __init__(self, bot: JSON, spec: Spec | None, clock: Callable[[], float]) -> None:
        self.bot = bot
        self.spec = spec
        self.clock = clock
        self.violations: list[str] = []
        self.calls: list[Call] = []
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, JSON] = {}
        self.seen: set[int] = set()
        self.polls: dict[str, tuple[int, int]] = {}
        self.votes: dict[str, dict[int, tuple[int, ...]]] = {}
        self.callbacks: dict[str, CallbackState] = {}
        self.inline_queries: dict[str, InlineQueryState] = {}
        self.inline_messages: dict[str, Message] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.files: dict[str, tuple[Media, bytes]] = {}
        self.settings: dict[tuple[str, str, str], Any] = {}
        self.updates = UpdateQueue()
        self.faults = Faults()
        self.closing = False
        self._event = asyncio.Event()
        self._ids = itertools.count(1)

    def now(self) -> int:
        """Unix time from the server's clock."""
        return int(self.clock())

    def new_id(self) -> str:
        """A fresh numeric-looking string id for queries, polls and inline messages."""
        return str(5_000_000_000_000_000 + next(self._ids))

    def notify(self) -> None:
        """Wake everything waiting in ``wait_until``."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], within: float) -> bool:
        """Wait until ``predicate()`` holds or ``within`` seconds pass; return whether it held."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True

    def violate(self, problem: str) -> None:
        """Record a contract violation (tests assert ``server.violations == []``)."""
        self.violations.append(problem)

    def emit(self, kind: str, payload: JSON) -> JSON:
        """Queue an update of one kind, after checking it against the spec's Update."""
        update = self.updates.make(kind, payload)
        if self.spec is not None:
            for problem in self.spec.check_object("Update", update):
                self.violate(f"server produced an invalid update: {problem}")
        self.updates.put(update)
        if self.faults.take_twice():  # a redelivery: the same update_id again
            self.updates.put(dict(update))
        self.notify()
        return update

    def see(self, user_id: int) -> None:
        """A user produced an update: the bot now knows them."""
        self.seen.add(user_id)

    def writable_chat(self, chat_id: object) -> ChatState:
        """The chat a send or edit goes to, or Telegram's error for it."""
        chat = self.chats.get(_chat_id(chat_id) or 0)
        if chat is None or (chat.chat["type"] == "private" and not chat.opened):
            if chat is not None and chat.id in self.seen:
                raise forbidden(CANT_INITIATE)
            raise bad_request(CHAT_NOT_FOUND)
        if chat.blocked:
            raise forbidden(BLOCKED)
        if chat.migrated_to is not None:
            raise ApiError(400, f"Bad Request: {UPGRADED}", migrate_to_chat_id=chat.migrated_to)
        return chat

    def add_message(self, chat: ChatState, **fields: Any) -> Message:
        """Append a new message to a chat, with the chat's next message id."""
        chat.last_message_id += 1
        fields.setdefault("date", self.now())
        message = Message(message_id=chat.last_message_id, chat_id=chat.id, **fields)
        chat.messages.append(message)
        self.notify()
        return message

    def find_message(self, chat_id: int, message_id: object) -> Message | None:
        """The current state of a message that was not deleted, if any."""
        chat = self.chats.get(chat_id)
        for message in chat.messages if chat else []:
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def replace(self, message: Message, **changes: Any) -> Message:
        """Replace a message with a changed copy (messages are frozen values)."""
        new = dataclasses.replace(message, **changes)
        chat = self.chats[message.chat_id]
        chat.messages = [new if m.message_id == message.message_id else m for m in chat.messages]
        self.notify()
        return new

    def message_json(self, message: Message) -> JSON:
        """A message as the Bot API returns it."""
        return message.to_json(self.chats[message.chat_id].chat)


def _chat_id(raw: object) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lstrip("-").isdigit():
        return int(raw)
    return None  # "@username": the test server knows no public chats
