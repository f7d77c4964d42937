"""The round store port: a class's group, its rounds, the polls they sent and the votes."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.learning.round_records import GroupLink, GroupRound, RoundAnswer, RoundPoll


class RoundStore(Protocol):
    """Where group rounds live; it shares the progress store's session and transactions."""

    async def link(self, class_id: int) -> GroupLink | None:
        """The class's group link, if it has one."""

    async def link_by_code(self, code: str) -> GroupLink | None:
        """A group link by its code."""

    async def save_link(self, link: GroupLink) -> None:
        """Create or update a class's group link."""

    async def class_of_chat(self, chat_id: int) -> int | None:
        """The class most recently bound to a group chat."""

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its link and open rounds follow the new chat id."""

    async def new_round(
        self, class_id: int, chat_id: int, theme: str, item_ids: tuple[str, ...], now: datetime
    ) -> GroupRound:
        """Start a round in a class's group."""

    async def round(self, round_id: int) -> GroupRound | None:
        """A round by its id."""

    async def open_rounds(self) -> list[GroupRound]:
        """Every round not finished yet, oldest first."""

    async def claim_round(self, round_id: int, now: datetime, until: datetime) -> bool:
        """Take a round on until `until` (to send its next poll), unless another process
        holds it past `now`; whether it is this caller's now."""

    async def release_round(self, round_id: int) -> None:
        """Let go of a round taken on with `claim_round`."""

    async def due_rounds(self, now: datetime) -> list[GroupRound]:
        """Open rounds with no poll open at `now` (a poll or a summary is due), oldest first."""

    async def finish_round(self, round_id: int, now: datetime) -> bool:
        """Mark a round finished; False if it already was."""

    async def add_poll(self, poll: RoundPoll) -> None:
        """Remember a poll a round sent."""

    async def round_poll(self, poll_id: str) -> RoundPoll | None:
        """A round's poll by its Telegram id."""

    async def polls(self, round_id: int) -> list[RoundPoll]:
        """The polls a round sent, in order."""

    async def add_answer(self, answer: RoundAnswer) -> bool:
        """Record a vote; False if the learner had voted in that poll already."""

    async def answers(self, round_id: int) -> list[RoundAnswer]:
        """The votes in a round's polls."""
