"""The loopback server's timed polls: `open_period` and `close_date` as the Bot API has
them, closing on the server's clock, and quiz votes from several members of a group; and
a group that becomes a supergroup, as class groups do."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import telegram

from bot.sandbox.server import TelegramServer, load_spec, spec_path

TOKEN = "123:ABC"
SPEC = load_spec(spec_path(os.environ))
GROUP = -100200
Json = dict[str, Any]


class Clock:
    """The server's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def server(clock: Clock) -> AsyncIterator[TelegramServer]:
    async with TelegramServer(token=TOKEN, spec=SPEC, clock=clock) as running:
        yield running


@pytest.fixture
async def bot(server: TelegramServer) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(TOKEN, base_url=f"{server.api_url}/bot") as client:
        yield client


QUIZ: Json = {
    "chat_id": GROUP,
    "question": "Which source is primary?",
    "options": [{"text": "A diary"}, {"text": "A review"}],
    "type": "quiz",
    "correct_option_ids": [0],
    "is_anonymous": False,
}


async def send_poll(server: TelegramServer, **params: Any) -> tuple[int, Json]:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{server.api_url}/bot{TOKEN}/sendPoll", json=params)
    body: Json = response.json()
    return response.status_code, body


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"open_period": 4}, "poll open period must be between 5 and 2628000 seconds"),
        ({"open_period": 2_628_001}, "poll open period must be between 5 and 2628000 seconds"),
        (
            {"close_date": 1_800_000_003},
            "poll close date must be between 5 and 2628000 seconds in the future",
        ),
        (
            {"open_period": 30, "close_date": 1_800_000_030},
            "can't use both open_period and close_date",
        ),
    ],
)
async def test_a_poll_closes_between_5_seconds_and_a_month_ahead(
    server: TelegramServer, changes: Json, detail: str
) -> None:
    server.group(GROUP, "7B", [server.user(1, "Amina")])
    status, body = await send_poll(server, **QUIZ, **changes)
    assert (status, body["description"]) == (400, f"Bad Request: {detail}")


async def test_a_timed_quiz_counts_each_member_and_closes_on_the_servers_clock(
    server: TelegramServer, bot: telegram.Bot, clock: Clock
) -> None:
    amina, ben, chen = server.user(1, "Amina"), server.user(2, "Ben"), server.user(3, "Chen")
    group = server.group(GROUP, "7B", [amina, ben, chen])
    sent = await bot.send_poll(GROUP, "Which source is primary?", ["A diary", "A review"],
                               type="quiz", correct_option_ids=[0], is_anonymous=False,
                               open_period=30)  # fmt: skip
    assert sent.poll is not None and sent.poll.open_period == timedelta(seconds=30)
    assert sent.poll.close_date is not None
    assert sent.poll.close_date.timestamp() == 1_800_000_030
    await group.vote(amina, [0])
    await group.vote(ben, [1])
    clock.now += 29
    assert server.close_due_polls() == 0
    await group.vote(chen, [0])
    clock.now += 1
    with pytest.raises(AssertionError, match="is closed"):
        await group.vote(amina, [1])  # a vote after the close date: Telegram refuses it
    updates = await bot.get_updates(timeout=0)
    answers = [(u.poll_answer.user.id, u.poll_answer.option_ids) for u in updates
               if u.poll_answer and u.poll_answer.user]  # fmt: skip
    assert answers == [(1, (0,)), (2, (1,)), (3, (0,))]
    closed = [u.poll for u in updates if u.poll and u.poll.is_closed]
    assert len(closed) == 1 and closed[0].total_voter_count == 3
    assert server.close_due_polls() == 0  # closed once
    assert server.violations == []


async def test_a_poll_without_a_period_stays_open(
    server: TelegramServer, bot: telegram.Bot, clock: Clock
) -> None:
    amina = server.user(1, "Amina")
    group = server.group(GROUP, "7B", [amina])
    await bot.send_poll(GROUP, "Which source is primary?", ["A diary", "A review"],
                        type="quiz", correct_option_ids=[0], is_anonymous=False)  # fmt: skip
    clock.now += 3600
    assert server.close_due_polls() == 0
    await group.vote(amina, [0])
    assert server.violations == []


async def test_a_group_upgraded_to_a_supergroup_moves_and_says_so(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    amina = server.user(1, "Amina")
    group = server.group(GROUP, "7B", [amina])
    supergroup = await group.upgrade(amina, -1009000)
    updates = await bot.get_updates(timeout=0)
    moved = [(u.message.chat.id, u.message.migrate_to_chat_id, u.message.migrate_from_chat_id)
             for u in updates if u.message]  # fmt: skip
    assert moved == [(GROUP, -1009000, None), (-1009000, None, GROUP)]
    with pytest.raises(telegram.error.ChatMigrated) as raised:
        await bot.send_message(GROUP, "still there?")
    assert raised.value.new_chat_id == -1009000
    await bot.send_message(-1009000, "here")
    assert (await supergroup.receive()).text == "here"
    assert server.violations == []
