"""Answers to what users do: answerCallbackQuery and answerInlineQuery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.server import limits
from bot.sandbox.server.errors import QUERY_TOO_OLD, bad_request
from bot.sandbox.server.models import JSON, CallbackAnswer

if TYPE_CHECKING:
    from bot.sandbox.server.world import Handler, World

QUERY_LIFETIME = 15.0  # seconds within which a query can be answered


async def answer_callback_query(world: World, params: JSON) -> bool:
    """Answer a button tap once, within the query's lifetime; text 0-200 characters."""
    state = world.callbacks.get(str(params.get("callback_query_id", "")))
    expired = state is not None and world.clock() - state.created > QUERY_LIFETIME
    if state is None or state.answer is not None or expired:
        raise bad_request(QUERY_TOO_OLD)
    limits.check_callback_answer(params.get("text"))
    text = params.get("text")
    url = params.get("url")
    state.answer = CallbackAnswer(
        text=text if isinstance(text, str) else None,
        show_alert=params.get("show_alert") is True,
        url=url if isinstance(url, str) else None,
    )
    world.notify()
    return True


async def answer_inline_query(world: World, params: JSON) -> bool:
    """Answer an inline query once: at most 50 valid results with unique ids."""
    state = world.inline_queries.get(str(params.get("inline_query_id", "")))
    expired = state is not None and world.clock() - state.created > QUERY_LIFETIME
    if state is None or state.results is not None or expired:
        raise bad_request(QUERY_TOO_OLD)
    results = params.get("results")
    limits.check_inline_results(results)
    limits.check_results_button(params.get("button"))
    state.results = (
        [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []
    )
    state.answer = {k: v for k, v in params.items() if k not in ("inline_query_id", "results")}
    world.notify()
    return True


HANDLERS: dict[str, Handler] = {
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
}
