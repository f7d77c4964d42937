"""The round store in memory: for the terminal twin and for tests."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

from bot.learning.class_store import ClassStore
from bot.learning.round_records import GroupLink, GroupRound, RoundAnswer, RoundPoll


class MemoryRounds:
    """Group links, rounds, polls and votes in dictionaries."""

    def __init__(self) -> None:
        self._links: dict[int, GroupLink] = {}
        self._rounds: dict[int, GroupRound] = {}
        self._polls: dict[str, RoundPoll] = {}
        self._answers: dict[tuple[str, int], RoundAnswer] = {}
        self._ids = itertools.count(1)
        self._claims: dict[int, datetime] = {}

    async def link(self, class_id: int) -> GroupLink | None:
        return self._links.get(class_id)

    async def link_by_code(self, code: str) -> GroupLink | None:
        return next((link for link in self._links.values() if link.code == code), None)

    async def save_link(self, link: GroupLink) -> None:
        self._links[link.class_id] = link

    async def class_of_chat(self, chat_id: int) -> int | None:
        bound = [k for k in self._links.values() if k.chat_id == chat_id and k.bound_at]
        bound.sort(key=lambda k: k.bound_at or datetime.min)
        return bound[-1].class_id if bound else None

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        for class_id, link in list(self._links.items()):
            if link.chat_id == old_chat_id:
                self._links[class_id] = replace(link, chat_id=new_chat_id)
        for round_id, found in list(self._rounds.items()):
            if found.chat_id == old_chat_id and found.finished_at is None:
                self._rounds[round_id] = replace(found, chat_id=new_chat_id)

    async def new_round(
        self, class_id: int, chat_id: int, theme: str, item_ids: tuple[str, ...], now: datetime
    ) -> GroupRound:
        found = GroupRound(next(self._ids), class_id, chat_id, theme, item_ids, now)
        self._rounds[found.id] = found
        return found

    async def round(self, round_id: int) -> GroupRound | None:
        return self._rounds.get(round_id)

    async def open_rounds(self) -> list[GroupRound]:
        return [r for r in self._rounds.values() if r.finished_at is None]

    async def claim_round(self, round_id: int, now: datetime, until: datetime) -> bool:
        held = self._claims.get(round_id)
        if held is not None and held > now:
            return False
        self._claims[round_id] = until
        return True

    async def release_round(self, round_id: int) -> None:
        self._claims.pop(round_id, None)

    async def due_rounds(self, now: datetime) -> list[GroupRound]:
        still_open = {p.round_id for p in self._polls.values() if p.closes_at > now}
        return [r for r in await self.open_rounds() if r.id not in still_open]

    async def finish_round(self, round_id: int, now: datetime) -> bool:
        found = self._rounds.get(round_id)
        if found is None or found.finished_at is not None:
            return False
        self._rounds[round_id] = replace(found, finished_at=now)
        return True

    async def add_poll(self, poll: RoundPoll) -> None:
        self._polls[poll.poll_id] = poll

    async def round_poll(self, poll_id: str) -> RoundPoll | None:
        return self._polls.get(poll_id)

    async def polls(self, round_id: int) -> list[RoundPoll]:
        found = [p for p in self._polls.values() if p.round_id == round_id]
        return sorted(found, key=lambda p: p.position)

    async def add_answer(self, answer: RoundAnswer) -> bool:
        key = (answer.poll_id, answer.learner_id)
        if key in self._answers:
            return False
        self._answers[key] = answer
        return True

    async def answers(self, round_id: int) -> list[RoundAnswer]:
        polls = {p.poll_id for p in self._polls.values() if p.round_id == round_id}
        return [a for a in self._answers.values() if a.poll_id in polls]

    async def forget(self, learner_id: int, classes: ClassStore) -> None:
        """Erase a learner's votes, and the rounds and link of each class they teach."""
        class_ids = {r.class_id for r in self._rounds.values()} | set(self._links)
        taught = set()
        for class_id in class_ids:
            classroom = await classes.classroom(class_id)
            if classroom is not None and classroom.teacher_id == learner_id:
                taught.add(class_id)
        rounds = {r.id for r in self._rounds.values() if r.class_id in taught}
        polls = {k for k, p in self._polls.items() if p.round_id in rounds}
        self._answers = {
            k: a
            for k, a in self._answers.items()
            if a.learner_id != learner_id and a.poll_id not in polls
        }
        self._polls = {k: p for k, p in self._polls.items() if k not in polls}
        self._rounds = {k: r for k, r in self._rounds.items() if k not in rounds}
        self._links = {k: v for k, v in self._links.items() if k not in taught}

    def played(self, class_id: int) -> list[GroupRound]:
        """The rounds played in the class's group, oldest first."""
        found = [r for r in self._rounds.values() if r.class_id == class_id]
        return sorted(found, key=lambda r: (r.started_at, r.id))

    def votes_of(self, learner_id: int) -> list[tuple[RoundPoll, RoundAnswer]]:
        """The learner's votes, with the poll each was in, oldest first."""
        found = [
            (self._polls[a.poll_id], a)
            for a in self._answers.values()
            if a.learner_id == learner_id and a.poll_id in self._polls
        ]
        return sorted(found, key=lambda pa: (pa[1].answered_at, pa[0].position))
