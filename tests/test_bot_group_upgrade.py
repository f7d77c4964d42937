"""A class's group becomes a supergroup mid-round (a new chat id, as Telegram does when a
group's settings change): the round goes on in the supergroup, whether the bot read the
service message or only learns it from the failed send."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.sandbox.server import TelegramServer
from storage.database import Database
from tests.harness import running_bot
from tests.test_bot_group_round import (  # noqa: F401  (the server on the bot's clock)
    GROUP,
    LINK,
    _class,
    _next_poll,
    _people,
    _vote,
    clock,
    keeper,
    server,
)

SUPERGROUP = -1009777


@pytest.mark.parametrize("heard", [True, False])
async def test_a_round_follows_its_group_into_a_supergroup(
    server: TelegramServer,  # noqa: F811
    bank: Bank,
    database: Database,
    clock: MovableClock,  # noqa: F811
    heard: bool,
) -> None:
    await _class(database, bank, names_shown=False)
    people = _people(server)
    teacher, amina, ben = people[:3]
    group = server.group(GROUP, "7B chat", people)
    async with running_bot(server, bank, database.unit, clock) as bot:
        await group.send(teacher, LINK)
        await group.receive()
        await group.send(teacher, "/round literacy")
        first = await group.receive()
        await _vote(group, bot, first, {amina: True})
        if heard:
            supergroup = await group.upgrade(teacher, SUPERGROUP)
        else:  # the service messages never reached the bot: the next send says where to go
            server.world.chats[GROUP].migrated_to = SUPERGROUP
            supergroup = server.group(SUPERGROUP, "7B chat", people, kind="supergroup")
        await bot.settle()
        clock.advance(timedelta(seconds=45))
        # Heard: the poll goes to the supergroup. Else the send fails, and the next pass
        # sends it there.
        assert await keeper(bot).tick() == (1 if heard else 0)
        if not heard:
            assert await keeper(bot).tick() == 1
        second = await supergroup.receive()
        assert second.poll is not None and second.poll.question.startswith("2/5 · ")
        await _vote(supergroup, bot, second, {amina: True, ben: True})
        for _ in range(3):
            await _next_poll(supergroup, bot, clock)
        clock.advance(timedelta(seconds=45))
        await keeper(bot).tick()
        summary = await supergroup.receive()
    counts = [line.split("\n")[0] for line in summary.text.split("\n\n")[1:3]]
    assert counts == ["1. 1 of 1 right", "2. 2 of 2 right"]
    assert [m.poll is not None for m in group.messages] == [False, True]  # the link, poll 1
