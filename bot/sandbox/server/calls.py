"""One Bot API call: checked against the spec and the flood limits, then handled."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from bot.sandbox.server.errors import ApiError, bad_request, not_found
from bot.sandbox.server.flood import FloodControl
from bot.sandbox.server.models import JSON, Call
from bot.sandbox.server.world import Handler, World


async def run(
    world: World,
    handlers: Mapping[str, Handler],
    flood: FloodControl | None,
    method: str,
    params: JSON,
    in_reply: bool,
) -> tuple[int, JSON]:
    """(status, envelope) of one call, recorded in `world.calls`."""
    known = world.spec.has_method(method) if world.spec else method in handlers
    problems = world.spec.check_call(method, params) if world.spec else []
    if not known:
        problems = [f"unknown method '{method}'"]
    world.violations.extend(problems)
    handler = handlers.get(method)
    result: Any = None
    try:
        if not known:
            raise not_found()
        if problems:
            raise bad_request(problems[0].removeprefix(f"{method}: "))
        if flood is not None:
            # real seconds, not the sandbox's movable date: limits are about pace
            flood.check(method, params, (flood.clock or time.monotonic)())
        if handler is None:
            world.violate(f"not implemented by the test server: {method}")
            raise bad_request(f"method {method} is not implemented by the test server")
        result = await handler(world, params)
    except ApiError as error:
        world.calls.append(
            Call(
                method,
                params,
                False,
                None,
                error.description,
                error.code,
                tuple(problems),
                in_reply,
            )
        )
        return error.code, envelope(error)
    except Exception as error:  # a server bug must fail the test, not hang the bot
        world.violate(f"test server crashed in {method}: {error!r}")
        world.calls.append(Call(method, params, False, None, repr(error), 500, in_reply=in_reply))
        return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
    world.calls.append(Call(method, params, True, result, in_reply=in_reply))
    return 200, {"ok": True, "result": result}


def envelope(error: ApiError) -> JSON:
    """The error envelope Telegram answers with."""
    body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    if error.migrate_to_chat_id is not None:
        body["parameters"] = {"migrate_to_chat_id": error.migrate_to_chat_id}
    return body
