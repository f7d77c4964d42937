"""Talking to the loopback Telegram server in its own tests: raw HTTP and expected errors."""

from __future__ import annotations

import os
from typing import Any

import httpx

from bot.sandbox.server import TelegramServer, load_spec, spec_path

TOKEN = "123:ABC"
SPEC = load_spec(spec_path(os.environ))
ALICE = 1001
Json = dict[str, Any]


async def raw(server: TelegramServer, method: str, **params: Any) -> tuple[int, Json]:
    """POST a JSON body, as any HTTP client would; (status, envelope)."""
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{server.api_url}/bot{TOKEN}/{method}", json=params)
    body: Json = response.json()
    return response.status_code, body


def error(code: int, description: str) -> tuple[int, Json]:
    return code, {"ok": False, "error_code": code, "description": description}


def bad(detail: str) -> tuple[int, Json]:
    return error(400, f"Bad Request: {detail}")


def keyboard(*buttons: Json) -> Json:
    return {"inline_keyboard": [list(buttons)]}
