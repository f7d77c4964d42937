"""How the bot's Bot API calls travel: python-telegram-bot's httpx request, on aiohttp's pool.

python-telegram-bot talks to the Bot API through an `httpx.AsyncClient`. httpx hands each
request to a transport; its default one (httpcore on anyio) spends more time managing its
connection pool than the bot spends on a lesson step: it checks every idle connection
on every request, under several locks and cancel scopes. `httpx-aiohttp` is httpx's own
transport over aiohttp's connection pool, which does the same job for a fraction of the
work. The bot keeps python-telegram-bot's `HTTPXRequest` (timeouts, errors, retries); only
the layer under httpx changes. `bench/bot_throughput.py` measures the difference.
"""

from __future__ import annotations

import httpx
from httpx_aiohttp import AiohttpTransport
from telegram.request import HTTPXRequest


class BotApiRequest(HTTPXRequest):
    """`HTTPXRequest` whose client sends through aiohttp's connection pool."""

    def _build_client(self) -> httpx.AsyncClient:
        # A new transport each time: python-telegram-bot builds a new client after a
        # shutdown, and a closed aiohttp session cannot be opened again.
        limits = self._client_kwargs["limits"]
        assert isinstance(limits, httpx.Limits)
        return httpx.AsyncClient(
            **{**self._client_kwargs, "transport": AiohttpTransport(limits=limits)}
        )
