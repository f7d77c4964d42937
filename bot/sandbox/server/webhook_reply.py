"""A Bot API call carried in the reply to a webhook request, run as Telegram runs it.

Telegram lets a webhook answer its POST with one method call: a JSON object with a
`method` field and that method's parameters. Telegram runs it and tells nobody how it went.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import httpx

from bot.sandbox.server.models import JSON

if TYPE_CHECKING:
    from bot.sandbox.server.world import World

Run = Callable[[str, JSON], Awaitable[object]]


async def run_reply(world: World, response: httpx.Response, run: Run) -> None:
    """Run the call in a webhook's reply, if there is one; its result goes nowhere."""
    if not response.content:
        return
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    if content_type != "application/json":
        world.violate(f"a webhook reply with a body must be JSON, not {content_type!r}")
        return
    try:
        decoded = json.loads(response.content)
    except ValueError:
        world.violate("a webhook reply is not valid JSON")
        return
    if not isinstance(decoded, dict) or not isinstance(decoded.get("method"), str):
        world.violate("a webhook reply's JSON must be an object with a 'method' string")
        return
    params = {key: value for key, value in decoded.items() if key != "method"}
    await run(decoded["method"], params)
