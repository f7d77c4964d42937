"""Telegram and the network misbehaving: the fault switchboard against the real bot.

Each test arms a fault on the loopback server, lets a learner do something ordinary, and
asserts that they got exactly the messages they would have got without it: nothing lost,
nothing twice, no "Something went wrong".
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from telegram.error import InvalidToken

from bot.sandbox.server import SimulatedUser, TelegramServer
from bot.telegram.polling import PollingRequest
from bot.telegram.serving import polling_request
from tests.dialogs import EVERY_MOVE, to_first_poll
from tests.harness import TOKEN, RunningBot

SORRY = "Something went wrong on my side. Try again, or send /topics."
HOOK = "The emotion check · 3 min"


def _texts(learner: SimulatedUser) -> list[str]:
    return [m.text for m in learner.messages]


async def _fatal(polling: PollingRequest) -> str | None:
    for _ in range(500):
        if polling.fatal is not None:
            break
        await asyncio.sleep(0.01)
    return polling.fatal


async def _welcomed(server: TelegramServer, user_id: int = 1001) -> SimulatedUser:
    learner = server.user(user_id, "Amina", language_code="en")
    await learner.send("/start")
    await learner.receive()
    return learner


@pytest.mark.parametrize("status", [429, 500, 502])
async def test_an_error_answer_is_tried_again_and_the_card_comes_once(
    server: TelegramServer, bot: RunningBot, status: int
) -> None:
    amina = await _welcomed(server)
    server.faults.fail("sendMessage", status=status, retry_after=1)  # type: ignore[arg-type]
    await amina.tap("Let's go")
    hook = await amina.receive()
    assert hook.text.startswith(HOOK)
    await bot.settle()
    assert [t for t in _texts(amina) if t.startswith(HOOK)] == [hook.text]
    assert server.faults.injected == [("sendMessage", str(status))]
    assert SORRY not in _texts(amina)


async def test_a_dropped_connection_and_a_slow_answer_are_survived(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = await _welcomed(server)
    server.faults.drop("sendMessage")
    server.faults.drop("answerCallbackQuery")
    await amina.tap("Let's go")
    assert (await amina.receive()).text.startswith(HOOK)
    assert (await amina.callback_answer()).text is None  # the spinner stopped
    server.faults.delay("sendMessage", 0.5)
    server.faults.fail("editMessageReplyMarkup", status=502, times=2)
    await amina.tap("Why does that work?")
    technique = await amina.receive()
    assert technique.text.startswith("This trick is called emotional language:")
    await bot.settle()
    assert amina.messages[-2].button_texts == []  # the used button went, after two 502s
    assert len(amina.messages) == 3
    assert len(server.faults.injected) == 5


async def test_when_every_retry_fails_the_next_tap_brings_the_card(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = await _welcomed(server)
    server.faults.fail("sendMessage", status=500, times=4)  # the first try and three more
    await amina.tap("Let's go")
    await bot.settle(within=10)
    assert len(amina.messages) == 1  # the step is taken, its card is lost
    await amina.tap("Let's go")  # the learner taps again: the card they are on comes
    hook = await amina.receive()
    assert hook.text.startswith(HOOK)
    await amina.tap("Why does that work?")
    assert (await amina.receive()).text.startswith("This trick is called emotional language:")
    assert SORRY not in _texts(amina)


async def test_the_bot_api_restarting_midway_strands_nobody(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = await _welcomed(server)
    await server.restart(down_for=0.5)
    await amina.tap("Let's go")
    assert (await amina.receive(within=10)).text.startswith(HOOK)
    assert SORRY not in _texts(amina)


async def test_an_update_the_library_cannot_read_is_skipped_once(
    server: TelegramServer, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    amina = server.user(1001, "Amina", language_code="en")
    bad = server.unparseable(amina)
    await amina.send("/start")
    assert (await amina.receive()).text.startswith("Hi Amina")
    await server.wait_delivered()  # the offset moved past the bad update
    skipped = [r.getMessage() for r in caplog.records if "skipped update" in r.getMessage()]
    assert skipped == [
        f"skipped update {bad['update_id']} (poll_answer): the library cannot read it"
    ]


async def test_the_same_update_twice_changes_nothing_and_says_nothing(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = await _welcomed(server)
    server.faults.deliver_twice()
    await amina.tap("Let's go")
    await amina.receive()
    await bot.settle()
    assert len(amina.messages) == 2  # one hook card: no second attempt, no "too old" apology
    assert server.faults.injected == [("update", "twice")]
    answers = server.calls_to("answerCallbackQuery")
    assert len(answers) == 1


async def test_a_tick_delivered_twice_stays_ticked(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await to_first_poll(amina)
    await amina.vote([1])
    await amina.receive()
    await amina.tap("Next question")
    await amina.receive()
    await amina.tap("True")
    await amina.receive()
    await amina.tap("Next question")
    several = await amina.receive()
    server.faults.deliver_twice()
    await amina.tap(EVERY_MOVE[0])
    await bot.settle()
    ticked = amina.message(several.message_id).button_texts[0]
    assert ticked == ["☑️ Wait a moment before sharing"]


async def test_a_revoked_token_ends_the_poll(server: TelegramServer, bot: RunningBot) -> None:
    polling = polling_request(bot.application)
    assert polling is not None
    server.revoke_token()  # every call now answers 401
    assert await _fatal(polling) == "token"
    assert bot.application.updater is not None
    with pytest.raises(InvalidToken):  # the poll ended: `milclicks run` exits with code 1
        await bot.application.updater.stop()
    server.token = TOKEN  # so that the bot can say goodbye when the test ends


async def test_a_second_poller_is_a_conflict(server: TelegramServer, bot: RunningBot) -> None:
    polling = polling_request(bot.application)
    assert polling is not None
    async with httpx.AsyncClient() as other:  # another process, polling with the same token
        await other.post(f"{server.api_url}/bot{TOKEN}/getUpdates", json={"timeout": 0})
    assert await _fatal(polling) == "conflict"


async def test_a_400_is_never_tried_again(server: TelegramServer, bot: RunningBot) -> None:
    amina = await _welcomed(server)
    sent = len(server.calls_to("sendMessage"))
    server.faults.fail("sendMessage", status=400)
    await amina.tap("Let's go")
    sorry = await amina.receive()  # the hook card failed for good; the apology got through
    assert sorry.text == SORRY
    await bot.settle()
    assert server.faults.injected == [("sendMessage", "400")]
    assert len(server.calls_to("sendMessage")) == sent + 1  # the apology only
