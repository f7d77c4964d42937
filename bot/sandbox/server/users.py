"""Simulated users and groups: the test-facing side of the server, written to read as a dialog.

alice = server.user(1001, "Amina", language_code="en")
await alice.send("/start")
welcome = await alice.receive()
await alice.tap("Let's go")
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.sandbox.server.html import utf16_len
from bot.sandbox.server.media import photo_from_bytes
from bot.sandbox.server.models import JSON, Button, CallbackAnswer, Message
from bot.sandbox.server.polls import vote
from bot.sandbox.server.world import CallbackState, ChatState, InlineQueryState

if TYPE_CHECKING:
    from bot.sandbox.server.world import World

TIMEOUT = 5.0
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


@dataclass(frozen=True)
class Tap:
    """A button tap the bot should answer with answerCallbackQuery."""

    query_id: str
    data: str
    message_id: int


class ChatView:
    """What a participant sees of one chat: the bot's messages, read in order."""

    def __init__(self, world: World, chat_id: int) -> None:
        self._world = world
        self.chat_id = chat_id
        self._cursor = 0

    @property
    def _chat(self) -> ChatState:
        return self._world.chats[self.chat_id]

    @property
    def messages(self) -> list[Message]:
        """Every bot message in the chat, in its current state (after edits)."""
        return [m for m in self._chat.messages if m.from_bot]

    @property
    def last(self) -> Message:
        """The newest bot message in the chat."""
        assert self.messages, f"the bot has sent nothing to chat {self.chat_id}"
        return self.messages[-1]

    def message(self, message_id: int) -> Message:
        """The current state of one message of the chat."""
        found = [m for m in self._chat.messages if m.message_id == message_id]
        assert found, f"no message {message_id} in chat {self.chat_id}"
        return found[0]

    async def receive(self, within: float = TIMEOUT) -> Message:
        """The next bot message not yet received, waiting up to ``within`` seconds."""
        if not await self._world.wait_until(lambda: len(self.messages) > self._cursor, within):
            seen = [m.text for m in self.messages]
            failed = [f"{c.method}: {c.error}" for c in self._world.calls if not c.ok]
            raise AssertionError(
                f"no new bot message in chat {self.chat_id} within {within} s; "
                f"received: {seen}; failed calls: {failed}"
            )
        self._cursor += 1
        return self.messages[self._cursor - 1]

    def _button(self, text: str, message: Message | None) -> tuple[Message, Button]:
        if message is not None:
            candidates = [self.message(message.message_id)]
        else:
            candidates = [m for m in reversed(self.messages) if not m.deleted]
        for candidate in candidates:
            for button in (b for row in candidate.buttons for b in row):
                if button.text == text and not candidate.deleted:
                    return candidate, button
        available = [b for m in candidates for b in m.button_texts]
        raise AssertionError(f"no button {text!r} in chat {self.chat_id}; buttons: {available}")

    async def _tap(self, user: JSON, text: str, message: Message | None) -> Tap:
        found, button = self._button(text, message)
        if button.callback_data is None:
            raise AssertionError(f"button {text!r} sends no callback query: {button}")
        world = self._world
        query_id = world.new_id()
        user_id = int(user["id"])
        world.callbacks[query_id] = CallbackState(
            query_id, user_id, self.chat_id, found.message_id, button.callback_data, world.clock()
        )
        world.see(user_id)
        world.emit(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "message": world.message_json(found),
                "chat_instance": str(abs(self.chat_id) * 7 + 3),
                "data": button.callback_data,
            },
        )
        await asyncio.sleep(0)
        return Tap(query_id, button.callback_data, found.message_id)

    async def _send(
        self,
        user: JSON,
        text: str,
        *,
        photo: bytes | None = None,
        forward_from: str | None = None,
    ) -> Message:
        command = _COMMAND.match(text)
        entities: tuple[JSON, ...] = ()
        if command and photo is None and forward_from is None:
            entities = ({"type": "bot_command", "offset": 0, "length": utf16_len(command[0])},)
        entities += tuple(_url_entities(text))
        world = self._world
        message = world.add_message(
            self._chat,
            sender=user,
            text=text,
            html=html.escape(text),
            entities=entities,
            media=photo_from_bytes(world, photo) if photo is not None else None,
            forward_origin=_channel_origin(world, forward_from) if forward_from else None,
        )
        self._world.see(int(user["id"]))
        self._world.emit("message", self._world.message_json(message))
        await asyncio.sleep(0)
        return message

    async def _vote(self, user: JSON, option_ids: Sequence[int], message: Message | None) -> None:
        polls = [m for m in reversed(self.messages) if m.poll is not None and not m.deleted]
        target = self.message(message.message_id) if message is not None else None
        if target is None:
            assert polls, f"no poll in chat {self.chat_id}"
            target = polls[0]
        vote(self._world, user, target, option_ids)
        await asyncio.sleep(0)

    async def callback_answer(self, tap: Tap, within: float = TIMEOUT) -> CallbackAnswer:
        """Wait for the bot's answerCallbackQuery to a tap."""
        state = self._world.callbacks[tap.query_id]
        if not await self._world.wait_until(lambda: state.answer is not None, within):
            raise AssertionError(f"the bot did not answer the tap on {tap.data!r} in {within} s")
        assert state.answer is not None
        return state.answer


_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>]+|\b[a-z0-9-]+\.(?:com|org|net|info|ru|rs|br)\b[^\s<>]*"
)


def _url_entities(text: str) -> list[JSON]:
    """The ``url`` entities Telegram finds in a text (a simple, predictable subset)."""
    return [
        {"type": "url", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in _URL.finditer(text)
    ]


def _channel_origin(world: World, title: str) -> JSON:
    """Where a forwarded post comes from: a public channel with this title."""
    chat_id = -1_000_000_000_000 - sum(map(ord, title))
    return {
        "type": "channel",
        "chat": {"id": chat_id, "type": "channel", "title": title},
        "message_id": 1,
        "date": world.now(),
    }


class SimulatedUser(ChatView):
    """A Telegram user talking to the bot in their private chat (chat id == user id)."""

    def __init__(
        self,
        world: World,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> None:
        super().__init__(world, user_id)
        self.id = user_id
        self.first_name = first_name
        optional = {"last_name": last_name, "username": username, "language_code": language_code}
        self.user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        self.user.update({k: v for k, v in optional.items() if v is not None})
        chat: JSON = {"id": user_id, "type": "private", "first_name": first_name}
        chat.update({k: v for k, v in optional.items() if k != "language_code" and v})
        world.users[user_id] = self.user
        world.chats.setdefault(user_id, ChatState(chat))
        self._last_tap: Tap | None = None

    async def send(self, text: str) -> Message:
        """Send a text (``/command payload`` gets a bot_command entity); opens the chat."""
        chat = self._chat
        if chat.blocked:
            set_blocked(self._world, self, blocked=False)  # writing again restarts the bot
        chat.opened = True
        return await self._send(self.user, text)

    async def forward(self, text: str, *, channel: str = "Daily Buzz") -> Message:
        """Forward a channel's post (its text, or a photo's caption) into the private chat."""
        self._chat.opened = True
        return await self._send(self.user, text, forward_from=channel)

    async def send_photo(self, data: bytes, caption: str = "") -> Message:
        """Send a photo (a screenshot, say), with an optional caption."""
        self._chat.opened = True
        return await self._send(self.user, caption, photo=data)

    async def tap(self, text: str, *, message: Message | None = None) -> Tap:
        """Tap the button with this exact text on the newest message having it (or ``message``)."""
        self._last_tap = await self._tap(self.user, text, message)
        return self._last_tap

    async def callback_answer(
        self, tap: Tap | None = None, within: float = TIMEOUT
    ) -> CallbackAnswer:
        """Wait for the bot's answer to a tap (by default the latest one)."""
        chosen = tap or self._last_tap
        assert chosen is not None, "nothing tapped yet"
        return await super().callback_answer(chosen, within)

    async def vote(self, option_ids: Sequence[int], *, message: Message | None = None) -> None:
        """Vote in the newest poll (or ``message``'s); ``vote([])`` retracts."""
        await self._vote(self.user, option_ids, message)

    async def inline_query(
        self,
        query: str,
        *,
        chat_type: str | None = "sender",
        offset: str = "",
        within: float = TIMEOUT,
    ) -> list[JSON]:
        """Type ``@bot query``; return the results of the bot's answerInlineQuery."""
        world = self._world
        state = InlineQueryState(world.new_id(), self.id, query, world.clock())
        world.inline_queries[state.id] = state
        world.see(self.id)
        payload: JSON = {"id": state.id, "from": self.user, "query": query, "offset": offset}
        if chat_type is not None:
            payload["chat_type"] = chat_type
        world.emit("inline_query", payload)
        if not await world.wait_until(lambda: state.results is not None, within):
            raise AssertionError(f"the bot did not answer inline query {query!r} in {within} s")
        return list(state.results or [])

    async def choose_inline_result(self, result_id: str, query: str) -> str | None:
        """Pick a result; returns its inline_message_id when it carries a keyboard."""
        world = self._world
        answered = [
            s
            for s in world.inline_queries.values()
            if s.user_id == self.id and s.query == query and s.results is not None
        ]
        results = {str(r.get("id")): r for s in answered[-1:] for r in s.results or []}
        payload: JSON = {"result_id": result_id, "from": self.user, "query": query}
        result = results.get(result_id)
        inline_id = None
        if result is not None and result.get("reply_markup"):
            inline_id = world.new_id()
            content = result.get("input_message_content") or {}
            world.inline_messages[inline_id] = Message(
                0,
                0,
                world.now(),
                world.bot,
                text=str(content.get("message_text", "")),
                html=str(content.get("message_text", "")),
                reply_markup=result["reply_markup"],
            )
            payload["inline_message_id"] = inline_id
        world.emit("chosen_inline_result", payload)
        await asyncio.sleep(0)
        return inline_id


def set_blocked(world: World, user: SimulatedUser, *, blocked: bool) -> None:
    """Block or unblock the bot; Telegram tells the bot with a my_chat_member update."""
    chat = world.chats[user.id]
    if chat.blocked == blocked:
        return
    chat.blocked = blocked
    old, new = ("member", "kicked") if blocked else ("kicked", "member")
    member_old: JSON = {"status": old, "user": world.bot}
    member_new: JSON = {"status": new, "user": world.bot}
    for member in (member_old, member_new):
        if member["status"] == "kicked":
            member["until_date"] = 0
    world.see(user.id)
    world.emit(
        "my_chat_member",
        {
            "chat": chat.chat,
            "from": user.user,
            "date": world.now(),
            "old_chat_member": member_old,
            "new_chat_member": member_new,
        },
    )
