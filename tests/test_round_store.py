"""Group rounds on every adapter of the store (memory, SQLite, an async driver,
PostgreSQL), and the round desk on them: linking a group, starting, votes, the summary."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.bank.bank import Bank
from bot.bank.themes import Theme
from bot.learning import privacy
from bot.learning.class_records import Classroom
from bot.learning.records import Learner
from bot.learning.round_desk import Ask, PickTheme, Result, RoundDesk, Started
from bot.learning.round_records import GroupLink, RoundAnswer, RoundPoll
from bot.learning.store import ProgressStore

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TEACHER, AMINA, BEN, STRANGER = 6001, 6002, 6003, 6004
GROUP = -1006001
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]


async def _class(store: ProgressStore) -> Classroom:
    async with store.transaction():
        await store.save_learner(Learner(TEACHER, "en", NOW, NOW, first_name="Ms Lee"))
        await store.save_learner(Learner(AMINA, "en", NOW, NOW, first_name="Amina"))
        await store.save_learner(Learner(BEN, "en", NOW, NOW, first_name="Ben"))
        await store.save_learner(Learner(STRANGER, "en", NOW, NOW, first_name="Zed"))
        made = await store.classes.create_class(TEACHER, "7B", "abcdefghijkl", NOW)
        await store.classes.join(made.id, AMINA, NOW)
        await store.classes.join(made.id, BEN, NOW)
    return made


async def test_links_rounds_polls_and_votes_are_kept(stores: Stores) -> None:
    async with stores() as store:
        made = await _class(store)
        rounds = store.rounds
        async with store.transaction():
            assert await rounds.link(made.id) is None
            await rounds.save_link(GroupLink(made.id, "c0de"))
            assert await rounds.class_of_chat(GROUP) is None
            await rounds.save_link(GroupLink(made.id, "c0de", GROUP, NOW))
            assert await rounds.link_by_code("c0de") == GroupLink(made.id, "c0de", GROUP, NOW)
            assert await rounds.class_of_chat(GROUP) == made.id
            started = await rounds.new_round(made.id, GROUP, "literacy", ("a1", "b2"), NOW)
            assert await rounds.round(started.id) == started
            assert await rounds.open_rounds() == [started]
            assert await rounds.due_rounds(NOW) == [started]  # no poll yet: the first is due
            poll = RoundPoll("p1", started.id, 0, "a1", 2, NOW + timedelta(seconds=45))
            await rounds.add_poll(poll)
            assert await rounds.due_rounds(NOW + timedelta(seconds=44)) == []
            assert await rounds.due_rounds(NOW + timedelta(seconds=45)) == [started]
            assert await rounds.round_poll("p1") == poll
            assert await rounds.polls(started.id) == [poll]
            vote = RoundAnswer("p1", AMINA, 2, NOW)
            assert await rounds.add_answer(vote)
            assert not await rounds.add_answer(replace(vote, option=1))  # counted once
            assert await rounds.answers(started.id) == [vote]
            assert await rounds.finish_round(started.id, NOW)
            assert not await rounds.finish_round(started.id, NOW)
            assert await rounds.open_rounds() == []


async def test_a_round_from_link_to_summary(bank: Bank, stores: Stores) -> None:
    rng = random.Random(4)
    async with stores() as store:
        made = await _class(store)
        desk = RoundDesk(bank, store)
        code = await desk.group_code(made, lambda: "c0de")
        assert await desk.group_code(made, lambda: "other") == "c0de"
        assert await desk.bind("forged", TEACHER, GROUP, NOW) is None
        assert await desk.bind(code, AMINA, GROUP, NOW) is None  # only the teacher
        assert await desk.bind(code, TEACHER, GROUP, NOW) == made
        assert await desk.start(GROUP, AMINA, Theme.LITERACY, NOW, rng) is None
        picked = await desk.start(GROUP, TEACHER, None, NOW, rng)  # no theme set
        assert isinstance(picked, PickTheme) and Theme.LITERACY in picked.themes
        started = await desk.start(GROUP, TEACHER, Theme.LITERACY, NOW, rng)
        assert isinstance(started, Started) and len(started.round.item_ids) == 5
        assert await desk.start(GROUP, TEACHER, Theme.LITERACY, NOW, rng) is None  # running
        at = NOW
        for position in range(5):
            (ask,) = await desk.due(at)
            assert isinstance(ask, Ask) and ask.position == position
            await desk.poll_sent(ask, f"poll{position}", at + timedelta(seconds=45))
            assert await desk.due(at + timedelta(seconds=44)) == []  # still open
            wrong = (ask.correct + 1) % len(ask.question.options)
            assert await desk.vote(f"poll{position}", AMINA, (ask.correct,), at) is True
            assert await desk.vote(f"poll{position}", AMINA, (wrong,), at) is False  # again
            assert await desk.vote(f"poll{position}", BEN, (wrong,), at) is True
            assert await desk.vote(f"poll{position}", STRANGER, (ask.correct,), at) is False
            at += timedelta(seconds=45)
        assert await desk.vote("not-a-round-poll", AMINA, (0,), at) is None
        (result,) = await desk.due(at)
        assert isinstance(result, Result)
        assert [(r.right, r.answered, r.names) for r in result.summary.results] == [(1, 2, ())] * 5
        assert all(lesson is not None for lesson in result.lessons)
        assert await desk.due(at) == []  # taken on by this pass
        await desk.release(result.summary.round.id)  # its send failed: try again
        (again,) = await desk.due(at)
        assert again == result
        await desk.finished(result.summary.round.id, at)  # sent
        assert await desk.due(at + timedelta(minutes=1)) == []  # summed up once


async def test_a_round_the_bot_left_for_long_is_summed_up(
    bank: Bank,
    stores: Stores,
) -> None:
    async with stores() as store:
        made = await _class(store)
        desk = RoundDesk(bank, store)
        assert await desk.show_names(AMINA, made.id, True) is None  # not her class
        assert await desk.show_names(TEACHER, made.id, True) == replace(made, names_shown=True)
        await desk.bind(await desk.group_code(made, lambda: "c0de"), TEACHER, GROUP, NOW)
        started = await desk.start(GROUP, TEACHER, Theme.LITERACY, NOW, random.Random(1))
        assert isinstance(started, Started)
        (ask,) = await desk.due(NOW)
        assert isinstance(ask, Ask)
        await desk.poll_sent(ask, "poll0", NOW + timedelta(seconds=45))
        await desk.vote("poll0", BEN, (ask.correct,), NOW)
        await desk.vote("poll0", AMINA, (ask.correct,), NOW)
        (result,) = await desk.due(NOW + timedelta(minutes=30))  # down for half an hour
        assert isinstance(result, Result)
        assert [(r.right, r.answered, r.names) for r in result.summary.results] == [
            (2, 2, ("Amina", "Ben"))
        ]


async def test_a_forgotten_teacher_takes_their_rounds_and_a_member_their_votes(
    bank: Bank,
    stores: Stores,
) -> None:
    async with stores() as store:
        made = await _class(store)
        desk = RoundDesk(bank, store)
        await desk.bind(await desk.group_code(made, lambda: "c0de"), TEACHER, GROUP, NOW)
        await desk.start(GROUP, TEACHER, Theme.LITERACY, NOW, random.Random(1))
        (ask,) = await desk.due(NOW)
        assert isinstance(ask, Ask)
        await desk.poll_sent(ask, "poll0", NOW + timedelta(seconds=45))
        await desk.vote("poll0", AMINA, (ask.correct,), NOW)
        await desk.vote("poll0", BEN, (ask.correct,), NOW)
        await privacy.forget(store, AMINA)
        async with store.transaction():
            (found,) = await store.rounds.open_rounds()
            assert [a.learner_id for a in await store.rounds.answers(found.id)] == [BEN]
        await privacy.forget(store, TEACHER)
        async with store.transaction():
            assert await store.rounds.open_rounds() == []
            assert await store.rounds.round_poll("poll0") is None
            assert await store.rounds.link_by_code("c0de") is None


async def test_two_processes_never_send_the_same_poll(bank: Bank, stores: Stores) -> None:
    async with stores() as store:
        made = await _class(store)
        desk = RoundDesk(bank, store)
        await desk.bind(await desk.group_code(made, lambda: "c0de"), TEACHER, GROUP, NOW)
        await desk.start(GROUP, TEACHER, Theme.LITERACY, NOW, random.Random(1))
        (ask,) = await desk.due(NOW)
        assert isinstance(ask, Ask)
        assert await desk.due(NOW + timedelta(seconds=1)) == []  # another worker's pass
        (again,) = await desk.due(NOW + timedelta(seconds=20))  # the first one stopped
        assert isinstance(again, Ask) and again.position == 0
        await desk.poll_sent(again, "poll0", NOW + timedelta(seconds=65))
        (then,) = await desk.due(NOW + timedelta(seconds=65))  # sent: free for the next
        assert isinstance(then, Ask) and then.position == 1


async def test_a_group_that_became_a_supergroup_keeps_its_class(
    stores: Stores,
) -> None:
    async with stores() as store:
        made = await _class(store)
        rounds = store.rounds
        async with store.transaction():
            await rounds.save_link(GroupLink(made.id, "c0de", GROUP, NOW))
            done = await rounds.new_round(made.id, GROUP, "literacy", ("a1",), NOW)
            await rounds.finish_round(done.id, NOW)
            running = await rounds.new_round(made.id, GROUP, "literacy", ("a1",), NOW)
            await rounds.move_chat(GROUP, -1009)
            assert await rounds.class_of_chat(-1009) == made.id
            assert await rounds.class_of_chat(GROUP) is None
            assert [r.chat_id for r in await rounds.open_rounds()] == [-1009]
            assert (await rounds.round(done.id)).chat_id == GROUP  # type: ignore[union-attr]
            assert running.id != done.id
