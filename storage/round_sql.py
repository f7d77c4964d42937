"""The round store on SQL: the `RoundStore` port, on the progress store's session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.learning.round_records import GroupLink, GroupRound, RoundAnswer, RoundPoll
from storage.queries import rounds as q

Runner = Callable[..., Awaitable[Any]]


class SqlRounds:
    """Group rounds through the store's own query runner."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def link(self, class_id: int) -> GroupLink | None:
        found: GroupLink | None = await self._run(q.link, class_id)
        return found

    async def link_by_code(self, code: str) -> GroupLink | None:
        found: GroupLink | None = await self._run(q.link_by_code, code)
        return found

    async def save_link(self, link: GroupLink) -> None:
        await self._run(q.save_link, link)

    async def class_of_chat(self, chat_id: int) -> int | None:
        found: int | None = await self._run(q.class_of_chat, chat_id)
        return found

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        await self._run(q.move_chat, old_chat_id, new_chat_id)

    async def new_round(
        self, class_id: int, chat_id: int, theme: str, item_ids: tuple[str, ...], now: datetime
    ) -> GroupRound:
        made: GroupRound = await self._run(q.new_round, class_id, chat_id, theme, item_ids, now)
        return made

    async def round(self, round_id: int) -> GroupRound | None:
        found: GroupRound | None = await self._run(q.group_round, round_id)
        return found

    async def open_rounds(self) -> list[GroupRound]:
        found: list[GroupRound] = await self._run(q.open_rounds)
        return found

    async def claim_round(self, round_id: int, now: datetime, until: datetime) -> bool:
        taken: bool = await self._run(q.claim_round, round_id, now, until)
        return taken

    async def release_round(self, round_id: int) -> None:
        await self._run(q.release_round, round_id)

    async def due_rounds(self, now: datetime) -> list[GroupRound]:
        found: list[GroupRound] = await self._run(q.due_rounds, now)
        return found

    async def finish_round(self, round_id: int, now: datetime) -> bool:
        done: bool = await self._run(q.finish_round, round_id, now)
        return done

    async def add_poll(self, poll: RoundPoll) -> None:
        await self._run(q.add_poll, poll)

    async def round_poll(self, poll_id: str) -> RoundPoll | None:
        found: RoundPoll | None = await self._run(q.round_poll, poll_id)
        return found

    async def polls(self, round_id: int) -> list[RoundPoll]:
        found: list[RoundPoll] = await self._run(q.polls, round_id)
        return found

    async def add_answer(self, answer: RoundAnswer) -> bool:
        added: bool = await self._run(q.add_answer, answer)
        return added

    async def answers(self, round_id: int) -> list[RoundAnswer]:
        found: list[RoundAnswer] = await self._run(q.answers, round_id)
        return found
