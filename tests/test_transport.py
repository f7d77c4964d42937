"""The HTTP layer under python-telegram-bot: httpx's client on aiohttp's connection pool."""

from __future__ import annotations

import asyncio

import httpx_aiohttp
import pytest
from telegram import Bot
from telegram.error import NetworkError

from bot.sandbox.server import TelegramServer
from bot.telegram.transport import BotApiRequest
from tests.harness import TOKEN


async def test_calls_go_through_aiohttp_and_survive_a_restart(server: TelegramServer) -> None:
    request = BotApiRequest()
    bot = Bot(TOKEN, base_url=f"{server.api_url}/bot", request=request)
    for _ in range(2):  # python-telegram-bot shuts a bot down and starts it again
        async with bot:
            # calls side by side share the pool
            names = await asyncio.gather(*(bot.get_me() for _ in range(5)))
            assert {me.username for me in names} == {bot.username}
            assert isinstance(request._client._transport, httpx_aiohttp.AiohttpTransport)
    assert len(server.calls_to("getMe")) == 12  # 1 at each start, 5 side by side each time


async def test_an_unreachable_server_is_a_network_error(
    unused_tcp_port: int,
) -> None:
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{unused_tcp_port}/bot", request=BotApiRequest())
    with pytest.raises(NetworkError):
        async with bot:
            pass
