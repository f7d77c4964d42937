"""The round desk: a class's group, starting a round there, its polls' votes, and what the
rounds in progress should do next (the round keeper asks it on every tick)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.bank.bank import Bank
from bot.bank.content import Lesson, SingleChoice
from bot.bank.themes import Theme
from bot.learning.class_records import Classroom
from bot.learning.grading import correct_options
from bot.learning.group_round import (
    RESUME_WITHIN,
    AskNext,
    Summary,
    Wait,
    next_move,
    pick_items,
    summarise,
    theme_items,
    themes_with_items,
)
from bot.learning.round_records import GroupLink, GroupRound, RoundAnswer, RoundPoll
from bot.learning.store import ProgressStore

# How long a pass holds a round while it sends the round's next poll; a process that
# stopped midway lets go of it when this runs out.
CLAIM = timedelta(seconds=20)


@dataclass(frozen=True)
class Started:
    """A round began: its first poll is due now."""

    round: GroupRound


@dataclass(frozen=True)
class PickTheme:
    """No theme given and none set for the class: the teacher picks one."""

    class_id: int
    themes: tuple[Theme, ...]
    language: str


@dataclass(frozen=True)
class Ask:
    """Send a round's poll at `position` to its group."""

    round: GroupRound
    position: int
    question: SingleChoice
    correct: int


@dataclass(frozen=True)
class Result:
    """A round's summary to send, in the teacher's language, with each poll's lesson."""

    summary: Summary
    language: str
    lessons: tuple[Lesson | None, ...]


class RoundDesk:
    """Group rounds on one store (one update's, or one tick's)."""

    def __init__(self, bank: Bank, store: ProgressStore) -> None:
        self._bank = bank
        self._store = store

    async def group_code(self, classroom: Classroom, make_code: Callable[[], str]) -> str:
        """The code of the class's "add to a group" link, made on first use."""
        async with self._store.transaction():
            link = await self._store.rounds.link(classroom.id)
            if link is None:
                link = GroupLink(classroom.id, make_code())
                await self._store.rounds.save_link(link)
        return link.code

    async def bind(self, code: str, user_id: int, chat_id: int, now: datetime) -> Classroom | None:
        """The class's teacher added the bot to a group with the class's link: the group is
        the class's now. None for a forged code, a closed class, or anyone else."""
        async with self._store.transaction():
            link = await self._store.rounds.link_by_code(code)
            if link is None:
                return None
            classroom = await self._store.classes.classroom(link.class_id)
            if classroom is None or classroom.closed_at or classroom.teacher_id != user_id:
                return None
            await self._store.rounds.save_link(replace(link, chat_id=chat_id, bound_at=now))
        return classroom

    async def show_names(self, teacher_id: int, class_id: int, on: bool) -> Classroom | None:
        """Turn names in the class's round summaries on or off; None if not their class."""
        async with self._store.transaction():
            found = await self._store.classes.classroom(class_id)
            if found is None or found.closed_at or found.teacher_id != teacher_id:
                return None
            changed = replace(found, names_shown=on)
            await self._store.classes.update_class(changed)
        return changed

    async def moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """The class's group became a supergroup (a new chat id): rounds go on there."""
        async with self._store.transaction():
            await self._store.rounds.move_chat(old_chat_id, new_chat_id)

    async def release(self, round_id: int) -> None:
        """Let another pass send the round's next poll (this one could not)."""
        async with self._store.transaction():
            await self._store.rounds.release_round(round_id)

    async def taught_here(self, chat_id: int, user_id: int) -> Classroom | None:
        """The open class bound to this group, if `user_id` teaches it."""
        class_id = await self._store.rounds.class_of_chat(chat_id)
        classroom = None if class_id is None else await self._store.classes.classroom(class_id)
        if classroom is None or classroom.closed_at or classroom.teacher_id != user_id:
            return None
        return classroom

    async def start(
        self,
        chat_id: int,
        user_id: int,
        theme: Theme | None,
        now: datetime,
        rng: random.Random,
        class_id: int | None = None,
    ) -> Started | PickTheme | None:
        """The teacher starts a round in the class's group, on `theme`, else on the theme
        the class set. None (say nothing) for anyone else, while a round is running, or
        from a picker of another class (`class_id`) than the group's now."""
        async with self._store.transaction():
            classroom = await self.taught_here(chat_id, user_id)
            if (
                classroom is None
                or class_id not in (None, classroom.id)
                or any(r.chat_id == chat_id for r in await self._store.rounds.open_rounds())
            ):
                return None
            theme = theme or await self._set_theme(classroom.id)
            items = theme_items(self._bank, theme) if theme else ()
            if theme is None or not items:
                language = await self._language(classroom.teacher_id)
                return PickTheme(classroom.id, themes_with_items(self._bank), language)
            found = await self._store.rounds.new_round(
                classroom.id, chat_id, theme.value, pick_items(items, rng), now
            )
        return Started(found)

    async def _set_theme(self, class_id: int) -> Theme | None:
        assignment = await self._store.classes.assignment(class_id)
        for lesson_id in assignment.lesson_ids if assignment else ():
            lesson = self._bank.lessons.get(lesson_id)
            if lesson is not None:
                return lesson.theme
        return None

    async def _language(self, learner_id: int) -> str:
        learner = await self._store.learner(learner_id)
        return learner.language if learner else "en"

    async def due(self, now: datetime, within: timedelta = RESUME_WITHIN) -> list[Ask | Result]:
        """What the open rounds do now: a poll to send, or the summary. Each round is taken
        on for `CLAIM`, so another process's pass does not send the same; the caller says
        when it was sent (`poll_sent`, `finished`), or lets go (`release`) to try again."""
        moves: list[Ask | Result] = []
        async with self._store.transaction():
            for found in await self._store.rounds.due_rounds(now):
                polls = await self._store.rounds.polls(found.id)
                move = next_move(found, polls, now, within)
                if isinstance(move, Wait):
                    continue
                if not await self._store.rounds.claim_round(found.id, now, now + CLAIM):
                    continue
                if isinstance(move, AskNext):
                    moves.append(await self._ask(found, move.position))
                else:
                    moves.append(await self._result(found, polls))
        return moves

    async def _ask(self, found: GroupRound, position: int) -> Ask:
        classroom = await self._store.classes.classroom(found.class_id)
        language = await self._language(classroom.teacher_id) if classroom else "en"
        question = self._bank.review_question(found.item_ids[position], language)
        assert isinstance(question, SingleChoice)
        return Ask(found, position, question, next(iter(correct_options(question))))

    async def _result(self, found: GroupRound, polls: list[RoundPoll]) -> Result:
        classroom = await self._store.classes.classroom(found.class_id)
        members = await self._store.classes.members(found.class_id)
        answers = await self._store.rounds.answers(found.id)
        names = {m.learner_id: m.first_name for m in members}
        shown = classroom is not None and classroom.names_shown
        summary = summarise(found, polls, answers, names, shown)
        language = await self._language(classroom.teacher_id) if classroom else "en"
        return Result(summary, language, tuple(self._lesson(p, language) for p in polls))

    def _lesson(self, poll: RoundPoll, language: str) -> Lesson | None:
        _, question = self._bank.questions.get(poll.item_id, ("", None))
        lesson_id = question.lesson if question is not None else None
        if lesson_id is None or lesson_id not in self._bank.lessons:
            return None
        return self._bank.lesson(lesson_id, language)

    async def finished(self, round_id: int, now: datetime) -> None:
        """The round's summary was sent, or the round cannot go on (the bot left the
        group): it is over."""
        async with self._store.transaction():
            await self._store.rounds.finish_round(round_id, now)

    async def poll_sent(self, ask: Ask, poll_id: str, closes_at: datetime) -> None:
        """Remember the poll just sent for `ask`."""
        item_id = ask.round.item_ids[ask.position]
        poll = RoundPoll(poll_id, ask.round.id, ask.position, item_id, ask.correct, closes_at)
        async with self._store.transaction():
            await self._store.rounds.add_poll(poll)
            await self._store.rounds.release_round(ask.round.id)

    async def vote(
        self, poll_id: str, learner_id: int, options: tuple[int, ...], now: datetime
    ) -> bool | None:
        """A vote in a round's poll: counted once, for class members only. None if the
        poll is not a round's; else whether the vote was counted."""
        async with self._store.transaction():
            poll = await self._store.rounds.round_poll(poll_id)
            if poll is None:
                return None
            found = await self._store.rounds.round(poll.round_id)
            if found is None or found.finished_at or len(options) != 1:
                return False
            if not await self._store.classes.is_member(found.class_id, learner_id):
                return False
            answer = RoundAnswer(poll_id, learner_id, options[0], now)
            return await self._store.rounds.add_answer(answer)
