"""Hostile and odd input: forged buttons, payloads and texts, and updates of every kind.

Every input gets either a clear reply or a deliberate silence; nothing raises, nothing is
logged as a failure, and a tap never touches another learner's attempt.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bank.bank import Bank
from bot.bank.themes import THEMES
from bot.learning.cards import StepCard
from bot.learning.tutor import Tutor
from bot.sandbox.server import SimulatedUser, TelegramServer, load_spec, spec_path
from bot.sandbox.server.world import CallbackState, InlineQueryState
from bot.telegram.actions import Action, Choose, Go, OpenTheme, StartLesson, Toggle, Topics
from bot.telegram.callbacks import decode, encode
from storage.database import Database
from storage.migrate import upgrade_async
from tests.dialogs import to_first_poll
from tests.harness import TOKEN, RunningBot, running_bot

SORRY = "Something went wrong on my side. Try again, or send /topics."


@pytest.mark.parametrize(
    "data",
    [
        f"c:1:4:{2**190 - 1}",  # the forged mask: 64 bytes, options that do not exist
        "h:-1",  # would open the last theme
        "h:7",
        "g:1:+2",
        "g:1:2_0",
        "g:1:٣",  # an Arabic-Indic digit, which int() takes
        "g: 1:2",
        "t:1:2:12",
        "c:1:2:0",
        "g:1:256",
        f"g:{2**63}:0",
        "z:1:2",  # a post of the MIL check without its answer
        "m:1",
        "",
    ],
)
def test_out_of_range_or_odd_callback_data_decodes_to_nothing(data: str) -> None:
    assert decode(data) is None


def test_every_real_button_decodes_to_itself(bank: Bank) -> None:
    longest = max(bank.lessons, key=len)
    actions: list[Action] = [
        Go(2**63 - 1, 255),
        Choose(7, 3, 2**12 - 1),
        Toggle(7, 3, 11),
        StartLesson(longest),
        Topics(),
        *(OpenTheme(t) for t in THEMES),
    ]
    for action in actions:
        assert decode(encode(action)) == action


async def _tap_data(server: TelegramServer, learner: SimulatedUser, data: str) -> CallbackState:
    """A tap carrying any data, on the learner's newest bot message."""
    world = server.world
    message = learner.messages[-1]
    state = CallbackState(
        world.new_id(), learner.id, learner.id, message.message_id, data, world.clock()
    )
    world.callbacks[state.id] = state
    world.emit(
        "callback_query",
        {
            "id": state.id,
            "from": learner.user,
            "message": world.message_json(message),
            "chat_instance": "7",
            "data": data,
        },
    )
    return state


async def test_a_forged_answer_mask_is_out_of_date_and_the_question_comes_again(
    server: TelegramServer, bot: RunningBot, database: Database
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    poll = await to_first_poll(amina)
    await amina.vote([1])
    await amina.receive()
    await amina.tap("Next question")
    statement = await amina.receive()
    attempt, position = str(statement.buttons[0][0].callback_data).split(":")[1:3]
    tap = await _tap_data(server, amina, f"c:{attempt}:{position}:{2**11}")  # option 11
    await bot.settle()
    assert tap.answer is not None
    assert tap.answer.text == "That button is from an earlier lesson. Here's where you are now."
    again = amina.messages[-1]
    assert again.text == statement.text and again.button_texts == [["True", "False"]]
    async with database.unit() as store:
        found = await store.attempt(int(attempt))
    assert found is not None and len(found.answers) == 1  # only the poll's answer
    assert poll.poll is not None


async def test_a_tap_with_no_message_and_a_vote_from_a_chat_get_silence(
    server: TelegramServer, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    world = server.world
    state = CallbackState(world.new_id(), amina.id, amina.id, 0, "g:1:0", world.clock())
    world.callbacks[state.id] = state
    world.emit(
        "callback_query",
        {
            "id": state.id,
            "from": amina.user,
            "inline_message_id": "77",
            "chat_instance": "7",
            "data": "g:1:0",
        },
    )
    chat = {"id": -100500, "type": "channel", "title": "News"}
    world.emit(
        "poll_answer",
        {"poll_id": "404", "voter_chat": chat, "option_ids": [0], "option_persistent_ids": ["0"]},
    )
    await bot.settle()
    assert state.answer is not None and state.answer.text is None  # spinner stopped, no words
    assert amina.messages == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# ---- the property: updates of every kind, valid in shape and hostile in content ----------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.just("x" * 4096),
    st.sampled_from(["\u202eevil\u202c", "a\u200bb\u200d", "/start", "/help", "/nope"]),
    st.builds(lambda s: f"/start {s}", st.text(min_size=1, max_size=60).filter(str.strip)),
    st.builds(lambda s: f"/start c-{s}", st.text(alphabet="abcdef0123456789", max_size=30)),
)
HOSTILE_DATA = st.one_of(
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")[:64]),
    st.sampled_from(
        [
            "g:{victim}:0",
            "g:{victim}:1",
            "c:{victim}:4:1",
            "t:{victim}:4:0",
            "k:{victim}:4",
            "h:-1",
            "h:99",
            "v:999",
            "l:nope",
            "x:nope",
            "r",
            "m",
        ]
    ),
    st.builds(
        lambda a, p, m: f"c:{a}:{p}:{m}",
        st.integers(0, 10**6),
        st.integers(0, 300),
        st.integers(0, 2**70),
    ),
)
USERS = st.sampled_from([1001, 1002, 3003])  # 3003 never wrote before its first input
KINDS = st.sampled_from(["text", "tap", "vote", "inline", "edited", "channel", "group"])
INPUTS = st.lists(st.tuples(KINDS, USERS, HOSTILE_TEXT, HOSTILE_DATA), min_size=8, max_size=16)
VICTIM = 2002


async def _hostile(
    server: TelegramServer,
    kind: str,
    user: SimulatedUser,
    text: str,
    data: str,
    victim_attempt: int,
) -> None:
    world = server.world
    data = data.replace("{victim}", str(victim_attempt))
    if kind == "text":
        await user.send(text or ".")
    elif kind == "tap":
        if not user.messages:
            await user.send("/start")
            await server.wait_until(lambda: bool(user.messages))
        await _tap_data(server, user, data or "?")
    elif kind == "vote":
        world.emit(
            "poll_answer",
            {
                "poll_id": data[:20] or "0",
                "user": user.user,
                "option_ids": [0],
                "option_persistent_ids": ["0"],
            },
        )
    elif kind == "inline":
        state = InlineQueryState(world.new_id(), user.id, text[:256], world.clock())
        world.inline_queries[state.id] = state
        world.emit(
            "inline_query",
            {"id": state.id, "from": user.user, "query": text[:256], "offset": data[:20]},
        )
    elif kind in ("edited", "channel"):
        chat = {"id": -100777, "type": "channel", "title": "C"}
        message = {"message_id": 1, "date": world.now(), "chat": chat, "text": text or "."}
        world.emit("edited_message" if kind == "edited" else "channel_post", message)
    else:
        group = server.group(-4242, "Class 9B", [user])
        await group.send(user, text or ".")


async def _scenario(bank: Bank, inputs: list[tuple[str, int, str, str]], folder: Path) -> None:
    url = f"sqlite+aiosqlite:///{folder / 'p.sqlite3'}"
    await upgrade_async(url)
    database = Database(url)
    async with TelegramServer(token=TOKEN, spec=load_spec(spec_path(os.environ))) as server:
        async with running_bot(server, bank, database.unit) as bot:
            victim = server.user(VICTIM, "Vic", language_code="en")
            await victim.send("/start")
            await victim.receive()
            await victim.tap("Let's go")
            hook = await victim.receive()
            victim_attempt = int(str(hook.buttons[0][0].callback_data).split(":")[1])
            users = {i: server.user(i, f"U{i}", language_code="en") for i in (1001, 1002, 3003)}
            for kind, who, text, data in inputs:
                await _hostile(server, kind, users[who], text, data, victim_attempt)
            await bot.settle(within=15)
            for state in server.world.callbacks.values():
                assert state.answer is not None, f"tap {state.data!r} left spinning"
            for user in users.values():
                assert SORRY not in [m.text for m in user.messages]
            async with database.unit() as store:
                card = await Tutor(bank, store).current(VICTIM, datetime.now(UTC))
            assert isinstance(card, StepCard) and card.position == 0  # untouched by anyone
        assert server.violations == []
    await database.close()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=INPUTS)
def test_hostile_updates_of_every_kind_get_a_reply_or_a_silence_never_a_failure(
    bank: Bank, inputs: list[tuple[str, int, str, str]]
) -> None:
    records: list[logging.LogRecord] = []

    class Catcher(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    catcher = Catcher()
    root = logging.getLogger()
    level = root.level
    root.addHandler(catcher)
    root.setLevel(logging.INFO)
    try:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(_scenario(bank, inputs, Path(folder)))
    finally:
        root.removeHandler(catcher)
        root.setLevel(level)
    assert records, "the log was not captured"
    failures = [r.getMessage() for r in records if r.levelno >= logging.ERROR or r.exc_info]
    assert failures == []


async def test_a_flooding_learner_gets_one_note_and_nobody_else_waits(
    server: TelegramServer, bot: RunningBot
) -> None:
    flooder = server.user(1001, "Flo", language_code="en")
    await flooder.send("/start")
    await flooder.receive()
    for i in range(200):  # hundreds of messages at once
        await flooder.send(f"spam {i}")
    amina = server.user(1002, "Amina", language_code="en")
    await amina.send("/start")
    assert (await amina.receive()).text.startswith("Hi Amina 👋")
    await bot.settle(within=30)
    notes = [m.text for m in flooder.messages if m.text.startswith("Whoa")]
    assert notes == [
        "Whoa, that's a lot at once! 🙂 I answer one thing at a time: wait for my reply,"
        " then go on."
    ]
    assert len(flooder.messages) < 30  # not hundreds of replies
    assert SORRY not in [m.text for m in flooder.messages]
