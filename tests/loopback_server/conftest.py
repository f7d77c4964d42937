"""The loopback server's own tests run it bare: no bot, no bank, no database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
import telegram

from bot.sandbox.server import Spec, TelegramServer, spec_path
from tests.loopback_server.calls import SPEC, TOKEN


@pytest.fixture
def spec() -> Spec:
    """The Bot API spec; tests that need it skip, visibly, where it is absent."""
    if SPEC is None:
        pytest.skip(f"Bot API spec not found at {spec_path(os.environ)}; set TELEGRAM_API_SPEC")
    return SPEC


@pytest.fixture
async def server() -> AsyncIterator[TelegramServer]:
    async with TelegramServer(token=TOKEN, spec=SPEC) as running:
        yield running


@pytest.fixture
async def bot(server: TelegramServer) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(TOKEN, base_url=f"{server.api_url}/bot") as client:
        yield client
