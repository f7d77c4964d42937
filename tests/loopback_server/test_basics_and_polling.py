"""The loopback Telegram server: the basics of the Bot API over HTTP, and long polling."""

from __future__ import annotations

import asyncio
import time

import httpx
import telegram

from bot.sandbox.server import Spec, TelegramServer
from tests.loopback_server.calls import ALICE, TOKEN, bad, error, raw

# --- basics -------------------------------------------------------------------------------


async def test_get_me_through_python_telegram_bot(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    me = await bot.get_me()
    assert (me.username, me.is_bot, me.supports_inline_queries) == (
        "milclicks_test_bot",
        True,
        True,
    )
    assert me.id == 123
    assert server.violations == []


async def test_wrong_token_is_unauthorized(server: TelegramServer) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{server.api_url}/bot999:XYZ/getMe")
    assert (response.status_code, response.json()) == error(401, "Unauthorized")


async def test_get_with_query_string_is_decoded_by_spec_types(server: TelegramServer) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    async with httpx.AsyncClient(trust_env=False) as client:
        url = f"{server.api_url}/bot{TOKEN}/sendMessage"
        response = await client.get(url, params={"chat_id": str(ALICE), "text": "42"})
    assert response.json()["result"]["text"] == "42"
    assert (await alice.receive()).text == "42"


async def test_unknown_method_is_404_and_a_violation(server: TelegramServer) -> None:
    assert await raw(server, "sendFoo", chat_id=1) == error(404, "Not Found")
    assert server.violations == ["unknown method 'sendFoo'"]


async def test_unknown_parameter_is_400_and_a_violation(
    server: TelegramServer, spec: Spec
) -> None:
    await server.user(ALICE, "Amina").send("/start")
    status, body = await raw(server, "sendMessage", chat_id=ALICE, text="hi", colour="red")
    assert (status, body) == bad("unknown parameter 'colour'")
    assert server.violations == ["sendMessage: unknown parameter 'colour'"]


async def test_spec_method_the_server_lacks_is_reported(
    server: TelegramServer, spec: Spec
) -> None:
    status, _ = await raw(server, "sendDice", chat_id=ALICE)
    assert status == 400
    assert server.violations == ["not implemented by the test server: sendDice"]


# --- long polling ---------------------------------------------------------------------------


async def test_long_poll_holds_until_an_update_arrives(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(ALICE, "Amina", language_code="en")
    poll = asyncio.create_task(bot.get_updates(timeout=3))
    await asyncio.sleep(0.3)
    assert not poll.done()
    started = time.monotonic()
    await alice.send("/start PAYLOAD")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1
    message = updates[0].message
    assert message is not None
    assert (
        message.text,
        message.chat.id,
        message.from_user and message.from_user.language_code,
    ) == (
        "/start PAYLOAD",
        ALICE,
        "en",
    )
    assert message.parse_entities() == {message.entities[0]: "/start"}
    assert server.violations == []


async def test_long_poll_returns_empty_after_timeout(bot: telegram.Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2


async def test_offset_confirms_updates(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("one")
    await alice.send("two")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [u.update_id for u in first]
    delivered = asyncio.create_task(server.wait_delivered(within=2))
    await asyncio.sleep(0.05)
    assert not delivered.done()
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == ()
    await delivered


async def test_a_second_poller_terminates_the_first(server: TelegramServer) -> None:
    first = asyncio.create_task(raw(server, "getUpdates", timeout=2))
    await asyncio.sleep(0.2)
    assert await raw(server, "getUpdates", timeout=0) == (200, {"ok": True, "result": []})
    assert await first == error(
        409,
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
    )
