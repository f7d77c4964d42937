"""Group chats: several simulated users talking to the bot in one chat."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.sandbox.server.models import JSON, Message
from bot.sandbox.server.users import ChatView, SimulatedUser, Tap
from bot.sandbox.server.world import ChatState

if TYPE_CHECKING:
    from bot.sandbox.server.world import World


class Group(ChatView):
    """A group chat the bot is in; members send, tap and vote in it."""

    def __init__(
        self,
        world: World,
        chat_id: int,
        title: str,
        members: Sequence[SimulatedUser],
        *,
        kind: str,
    ) -> None:
        assert chat_id < 0, "group chat ids are negative"
        super().__init__(world, chat_id)
        self.title = title
        self.members = list(members)
        chat: JSON = {"id": chat_id, "type": kind, "title": title}
        world.chats[chat_id] = ChatState(chat, opened=True, members=[m.id for m in members])

    def _member(self, user: SimulatedUser) -> JSON:
        assert user in self.members, f"{user.first_name} is not a member of {self.title!r}"
        return user.user

    async def send(self, user: SimulatedUser, text: str) -> Message:
        """A member writes in the group."""
        return await self._send(self._member(user), text)

    async def forward(
        self, user: SimulatedUser, text: str, *, channel: str = "Daily Buzz"
    ) -> Message:
        """A member forwards a channel's post into the group."""
        return await self._send(self._member(user), text, forward_from=channel)

    async def tap(self, user: SimulatedUser, text: str, *, message: Message | None = None) -> Tap:
        """A member taps a button on a bot message in the group."""
        return await self._tap(self._member(user), text, message)

    async def upgrade(self, user: SimulatedUser, supergroup_id: int) -> Group:
        """A member turns the group into a supergroup, as Telegram does when its settings
        change: a new chat id, a service message in each chat, and sends to the old chat
        fail with the new id."""
        member = self._member(user)
        world = self._world
        upgraded = Group(world, supergroup_id, self.title, self.members, kind="supergroup")
        old = self._chat
        services: list[tuple[ChatState, JSON]] = [
            (old, {"migrate_to_chat_id": supergroup_id}),
            (upgraded._chat, {"migrate_from_chat_id": self.chat_id}),
        ]
        for chat, service in services:
            message = world.add_message(chat, sender=member, service=service)
            world.emit("message", world.message_json(message))
        old.migrated_to = supergroup_id
        world.see(user.id)
        await asyncio.sleep(0)
        return upgraded

    async def vote(
        self, user: SimulatedUser, option_ids: Sequence[int], *, message: Message | None = None
    ) -> None:
        """A member votes in the newest poll in the group."""
        await self._vote(self._member(user), option_ids, message)
