"""A group round in the chat: the teacher links the class's group and starts a round; five
timed quiz polls; the votes of the class's members count (a stranger's do not); one summary,
with names only when the class shows them. It survives a restart and a vote sent twice."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.learning.class_records import Assignment, Classroom
from bot.learning.records import Learner
from bot.learning.round_desk import RoundDesk
from bot.sandbox.server import Group, Message, SimulatedUser, TelegramServer, load_spec, spec_path
from bot.telegram.round_keeper import RoundKeeper
from storage.database import Database
from tests.harness import TOKEN, RunningBot, running_bot

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DUE = date(2026, 3, 6)
GROUP, CODE = -100777, "r0undC0de123"
TEACHER, AMINA, BEN, CHEN, ZED = 3001, 3002, 3003, 3004, 3005
LINK = f"/start@milclicks_test_bot round-{CODE}"
PEOPLE = ((TEACHER, "Ms Lee"), (AMINA, "Amina"), (BEN, "Ben"), (CHEN, "Chen"), (ZED, "Zed"))


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
async def server(clock: MovableClock) -> AsyncIterator[TelegramServer]:
    """The loopback server on the bot's clock, so a poll's `open_period` runs on it too."""
    spec = load_spec(spec_path(os.environ))
    async with TelegramServer(token=TOKEN, spec=spec, clock=lambda: clock().timestamp()) as up:
        yield up
        assert up.violations == []


async def _class(database: Database, bank: Bank, names_shown: bool) -> Classroom:
    """Ms Lee's class 7B, with Amina, Ben and Chen in it (Zed is in the group, not the class)."""
    async with database.unit() as store:
        async with store.transaction():
            for who, name in PEOPLE:
                await store.save_learner(Learner(who, "en", START, START, first_name=name))
            made = await store.classes.create_class(TEACHER, "7B", "joinC0de1234", START)
            await store.classes.update_class(replace(made, names_shown=names_shown))
            for who in (AMINA, BEN, CHEN):
                await store.classes.join(made.id, who, START)
        await RoundDesk(bank, store).group_code(made, lambda: CODE)
    return made


def _people(server: TelegramServer) -> tuple[SimulatedUser, ...]:
    return tuple(server.user(who, name, language_code="en") for who, name in PEOPLE)


def keeper(bot: RunningBot) -> RoundKeeper:
    found: RoundKeeper = bot.application.bot_data["rounds"]
    return found


async def _said_nothing(group: Group, bot: RunningBot) -> None:
    before = len(group.messages)
    await bot.settle()
    assert len(group.messages) == before


async def _vote(
    group: Group, bot: RunningBot, poll: Message, votes: dict[SimulatedUser, bool]
) -> None:
    """Each voter picks the right option (True) or a wrong one."""
    assert poll.poll is not None and poll.poll.correct_option_id is not None
    right = poll.poll.correct_option_id
    for voter, correct in votes.items():
        await group.vote(voter, [right if correct else (right + 1) % len(poll.poll.options)],
                         message=poll)  # fmt: skip
    await bot.settle()


async def _next_poll(group: Group, bot: RunningBot, clock: MovableClock) -> Message:
    """The open poll's 45 seconds pass; the keeper sends the next one."""
    clock.advance(timedelta(seconds=45))
    await keeper(bot).tick()
    poll = await group.receive()
    assert poll.poll is not None and poll.poll.type == "quiz" and not poll.poll.is_anonymous
    return poll


def _lesson_of(bank: Bank, poll: Message) -> str:
    """The title of the lesson whose technique a poll's question practises."""
    assert poll.poll is not None
    number, _, prompt = poll.poll.question.partition(" · ")
    assert number.endswith("/5")
    (lesson_id,) = {q.lesson for _, q in bank.questions.values() if q.prompt.strip() == prompt}
    assert lesson_id is not None
    return bank.lesson(lesson_id).title


# Five members' votes on five polls, and the summary line each poll gets.
VOTES = (  # Amina, Ben, Chen right?; Zed (not in the class) is always right
    (True, True, True),
    (True, False, True),
    (False, False, True),
    (True, True, False),
    (False, False, False),
)


async def _play(
    group: Group, bot: RunningBot, clock: MovableClock, people: tuple[SimulatedUser, ...],
    first: Message, bank: Bank,
) -> list[str]:  # fmt: skip
    """Vote through the five polls as in VOTES; the lesson titles of the polls, in order."""
    _, amina, ben, chen, zed = people
    poll, titles = first, []
    for number, (a, b, c) in enumerate(VOTES):
        if number:
            poll = await _next_poll(group, bot, clock)
        titles.append(_lesson_of(bank, poll))
        await _vote(group, bot, poll, {amina: a, ben: b, chen: c, zed: True})
    return titles


def _expected(titles: list[str], names: bool) -> str:
    lines = ["🏁 Round over: 📰 Literacy"]
    who = ("Amina", "Ben", "Chen")
    for number, (votes, title) in enumerate(zip(VOTES, titles, strict=True), 1):
        right = [name for name, ok in zip(who, votes, strict=True) if ok]
        line = f"{number}. {len(right)} of 3 right"
        if names and right:
            line += "\n✅ " + ", ".join(right)
        lines.append(f"{line}\n🧠 Remember: {title}")
    return "\n\n".join(lines)


@pytest.mark.parametrize("names_shown", [False, True])
async def test_a_round_counts_the_class_and_sums_up_once(
    server: TelegramServer, bank: Bank, database: Database, clock: MovableClock,
    names_shown: bool,
) -> None:  # fmt: skip
    await _class(database, bank, names_shown)
    people = _people(server)
    teacher, amina = people[0], people[1]
    group = server.group(GROUP, "7B chat", people)
    async with running_bot(server, bank, database.unit, clock) as bot:
        await group.send(amina, LINK)  # only the teacher links the group
        await group.send(teacher, "/start@milclicks_test_bot round-forged0000")
        await _said_nothing(group, bot)
        await group.send(teacher, LINK)
        linked = await group.receive()
        assert linked.text == (
            "✅ This group is now linked to the class 7B. Start a quiz round with /round."
        )
        await group.send(amina, "/round")
        await _said_nothing(group, bot)
        await group.send(teacher, "/round")
        picker = await group.receive()  # the class set no lessons: which theme?
        assert picker.text == "🎯 Which theme should the round be on?"
        assert ["📰 Literacy", "🌍 Intercultural"] in picker.button_texts
        await group.tap(amina, "📰 Literacy")
        await _said_nothing(group, bot)
        await group.tap(teacher, "📰 Literacy")
        first = await group.receive()
        assert group.message(picker.message_id).button_texts == []
        assert first.poll is not None and first.poll.close_date == int(clock().timestamp()) + 45
        await group.send(teacher, "/round")  # one round at a time
        await _said_nothing(group, bot)
        titles = await _play(group, bot, clock, people, first, bank)
        clock.advance(timedelta(seconds=44))
        assert await keeper(bot).tick() == 0  # the last poll is still open
        clock.advance(timedelta(seconds=1))
        assert await keeper(bot).tick() == 1
        summary = await group.receive()
        assert summary.text == _expected(titles, names_shown)
        clock.advance(timedelta(minutes=10))
        assert await keeper(bot).tick() == 0  # once
        await _said_nothing(group, bot)
    assert len(group.messages) == 1 + 1 + 5 + 1  # linked, the picker, 5 polls, the summary
    assert len(server.calls_to("sendPoll")) == 5


async def test_a_round_goes_on_after_a_restart_and_a_vote_sent_twice_counts_once(
    server: TelegramServer, bank: Bank, database: Database, clock: MovableClock
) -> None:
    made = await _class(database, bank, names_shown=False)
    async with database.unit() as store, store.transaction():
        await store.classes.set_assignment(Assignment(made.id, ("sponsored-or-not",), DUE, START))
    people = _people(server)
    teacher, amina, ben, chen, zed = people
    group = server.group(GROUP, "7B chat", people)
    async with running_bot(server, bank, database.unit, clock) as bot:
        await group.send(teacher, LINK)
        await group.receive()
        await group.send(teacher, "/round")  # the set lessons' theme: no picker
        first = await group.receive()
        assert first.poll is not None
        server.faults.deliver_twice()
        await _vote(group, bot, first, {amina: True})
        await _vote(group, bot, first, {ben: True, chen: False})
        second = await _next_poll(group, bot, clock)
        await _vote(group, bot, second, {amina: True, zed: True})
    clock.advance(timedelta(seconds=60))  # down for a minute: the second poll closed
    async with running_bot(server, bank, database.unit, clock) as bot:
        third = await group.receive()  # the keeper's first pass goes on with the round
        assert third.poll is not None
        for _ in range(2):
            await _next_poll(group, bot, clock)
        clock.advance(timedelta(seconds=45))
        server.faults.fail("sendMessage", status=502, times=4)  # Telegram away a moment
        assert await keeper(bot).tick() == 0
        assert await keeper(bot).tick() == 1  # the summary, on the next pass
        summary = await group.receive()
    assert summary.text.startswith("🏁 Round over: ")
    counts = [line.split("\n")[0] for line in summary.text.split("\n\n")[1:]]
    assert counts == ["1. 2 of 3 right", "2. 1 of 1 right", "3. 0 of 0 right",
                      "4. 0 of 0 right", "5. 0 of 0 right"]  # fmt: skip


async def test_the_class_card_links_the_group_and_switches_names(
    server: TelegramServer, bank: Bank, database: Database, clock: MovableClock
) -> None:
    teacher = server.user(TEACHER, "Tess", language_code="en")
    group = server.group(GROUP, "7B chat", [teacher])
    async with running_bot(server, bank, database.unit, clock) as bot:
        await teacher.send("/teach")
        await teacher.receive()
        await teacher.tap("➕ New class")
        await teacher.receive()
        await teacher.send("7B")
        card = await teacher.receive()
        add, names = card.buttons[4][0], card.buttons[5][0]  # after the post check's
        assert add.text == "👥 Add me to the class group" and add.url is not None
        found = re.fullmatch(
            r"https://t\.me/milclicks_test_bot\?startgroup=(round-[\w-]{12})", add.url
        )
        assert found is not None, add.url
        assert names.text == "🙈 Names in group rounds: off"
        await group.send(teacher, f"/start@milclicks_test_bot {found.group(1)}")
        linked = await group.receive()
        assert linked.text.startswith("✅ This group is now linked to the class 7B.")
        await teacher.tap("🙈 Names in group rounds: off", message=card)
        await bot.settle()
        assert teacher.message(card.message_id).button_texts[5] == ["👀 Names in group rounds: on"]
        await teacher.tap("👀 Names in group rounds: on", message=card)
        await bot.settle()
        assert teacher.message(card.message_id).button_texts[5] == [
            "🙈 Names in group rounds: off"
        ]
        assert len(teacher.messages) == 3  # the menu, the question, the card: edited in place
