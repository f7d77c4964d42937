"""The visitor's side of the sandbox: who they are, what they do, and what the page shows.

Two simulated users share the bot (to try a challenge from the other side); the visitor is
one of them at a time. Everything the page does goes through the server's simulated users,
exactly as the tests do, so the bot cannot tell the page from Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.languages import LANGUAGES, display_name
from bot.sandbox.clock import SandboxClock
from bot.sandbox.server import SimulatedUser, TelegramServer
from bot.sandbox.server.models import JSON
from bot.sandbox.web.views import chat_view, command_menu, description

PEOPLE = ((1001, "Amina"), (1002, "Leo"))
ANSWER_WAIT = 15.0  # seconds a tap's answer can take (Telegram's query lifetime)


@dataclass
class Notes:
    """What the sandbox itself tells the visitor, above the chat."""

    checking: str | None = None  # the spec file calls are checked against, if any
    problems: list[str] = field(default_factory=list)  # the checker's lines (preview)
    notice: str = ""
    toast: str = ""
    toast_id: int = 0


class Sandbox:
    """The page's model: the people the visitor can be, and the actions it offers."""

    def __init__(
        self,
        clock: SandboxClock,
        *,
        checking: str | None,
        start_payload: str | None = None,
        on_reset: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.clock = clock
        self.notes = Notes(checking=checking)
        self.start_payload = start_payload  # what a fresh chat opens with (preview: a lesson)
        self._on_reset = on_reset
        self._server: TelegramServer | None = None
        self._people: list[SimulatedUser] = []
        self._current = 0
        self.revision = 0
        self._tasks: set[asyncio.Task[None]] = set()

    def attach(self, server: TelegramServer) -> None:
        """Meet the server (made after the sandbox, since the page is part of it)."""
        self._server = server
        self._people = [server.user(i, name, language_code="en") for i, name in PEOPLE]

    @property
    def server(self) -> TelegramServer:
        """The loopback server the bot talks to."""
        assert self._server is not None, "attach the server first"
        return self._server

    @property
    def me(self) -> SimulatedUser:
        """The person the visitor is right now."""
        return self._people[self._current]

    def changed(self) -> None:
        """Something only the sandbox knows changed: the page must redraw."""
        self.revision += 1
        self.server.world.notify()

    def state(self) -> JSON:
        """Everything the page draws, for the current person."""
        world = self.server.world
        me = self.me
        code = me.user.get("language_code")
        return {
            "revision": self.revision,
            "bot": {"name": world.bot["first_name"], "username": world.bot["username"]},
            "me": {"id": me.id, "first_name": me.first_name, "language": code},
            "people": [{"id": p.id, "first_name": p.first_name} for p in self._people],
            "languages": [{"code": c, "name": display_name(c)} for c in LANGUAGES],
            "messages": chat_view(world, me.id),
            "commands": command_menu(world, code),
            "description": description(world, code),
            "clock": {
                "days_ahead": self.clock.offset.days,
                "now": self.clock.now().isoformat(timespec="minutes"),
            },
            "checking": self.notes.checking,
            "problems": list(self.notes.problems),
            "notice": self.notes.notice,
            "toast": {"id": self.notes.toast_id, "text": self.notes.toast},
            "start_payload": self.start_payload,
        }

    async def send(self, text: str) -> None:
        """The visitor types a message (or a command) and sends it."""
        await self.me.send(text)

    async def open_link(self, payload: str) -> None:
        """The visitor opens a t.me link to the bot: Telegram sends `/start PAYLOAD`."""
        await self.me.send(f"/start {payload}" if payload else "/start")

    async def tap(self, message_id: int, row: int, column: int) -> None:
        """The visitor taps an inline button; its answer, if it says something, is a toast."""
        me = self.me
        message = me.message(message_id)
        text = message.buttons[row][column].text
        tap = await me.tap(text, message=message)
        task = asyncio.create_task(self._toast_answer(me, tap))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _toast_answer(self, person: SimulatedUser, tap: object) -> None:
        with contextlib.suppress(AssertionError):  # never answered: Telegram shows nothing
            answer = await person.callback_answer(tap, within=ANSWER_WAIT)  # type: ignore[arg-type]
            if answer.text and person is self.me:
                self.notes.toast = answer.text
                self.notes.toast_id += 1
                self.changed()

    async def vote(self, message_id: int, options: list[int]) -> None:
        """The visitor votes in a poll."""
        await self.me.vote(options, message=self.me.message(message_id))

    def become(self, index: int) -> None:
        """Be the other person (to take a challenge from the other side)."""
        if not 0 <= index < len(self._people):
            raise ValueError(f"no person {index}")
        self._current = index
        self.notes.toast = ""
        self.changed()

    async def set_language(self, code: str) -> None:
        """Telegram's language for this person; a learner the bot knows also picks it in
        the bot's /language menu, as they would in the chat."""
        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}")
        me = self.me
        me.user["language_code"] = code
        self.changed()
        if not me.messages:
            return  # a newcomer: the bot reads the language from their first message
        await me.send("/language")
        world = self.server.world
        label = display_name(code)

        def offered() -> bool:
            last = me.messages[-1] if me.messages else None
            return last is not None and any(
                t.removeprefix("✅ ") == label for row in last.button_texts for t in row
            )

        if await world.wait_until(offered, ANSWER_WAIT):
            last = me.messages[-1]
            for row in last.button_texts:
                for text in row:
                    if text.removeprefix("✅ ") == label:
                        await me.tap(text, message=last)
                        return

    def checked(self, problems: list[str], lessons: int | None) -> None:
        """The bank was checked again (preview): its errors, or how many lessons it serves."""
        self.notes.problems = problems
        # with errors, the page's box of problems says that the last good bank is served
        self.notes.notice = f"Bank checked and reloaded: {lessons} lessons." if lessons else ""
        self.changed()

    def advance_clock(self, days: int) -> None:
        """Move the sandbox's clock forward by whole days."""
        moved = self.clock.advance(timedelta(days=days))
        days = self.clock.offset.days
        self.notes.notice = (
            f"The clock is {days} day{'s' * (days != 1)} ahead now ({moved:%a %d %b}): it dates"
            " new messages and what Telegram tells the bot. The bot's own clock, for reminders"
            " and reviews, reads it once the bot takes its time from the sandbox."
        )
        self.changed()

    async def reset(self) -> None:
        """Start over: empty chats, the clock back, and the bot's sandbox progress wiped."""
        world = self.server.world
        for person in self._people:
            chat = world.chats[person.id]
            chat.messages = []
            chat.opened = False
            person.user["language_code"] = "en"
        world.updates.pending.clear()
        self.clock.reset()
        if self._on_reset is not None:
            await self._on_reset()
        self._current = 0
        self.notes.notice = "Everything is reset: a fresh start for Amina and Leo."
        self.notes.toast = ""
        self.changed()
