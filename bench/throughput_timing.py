"""What `bench/bot_throughput.py` measures inside the bot's process.

For every update: its handling time (from taking it in hand to the end of its handler),
its own work (handling minus the time at least one of its Bot API calls was in flight),
the Bot API calls it made (for the call-matched echo bot), and the slowest SQL statement
met while a learner waited. Hooks are installed once, on the update processor and on the
request class the bot and the echo bot share.
"""

from __future__ import annotations

import contextvars
import time
from collections import defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.telegram.direct_request import DirectRequest
from bot.telegram.ordering import PerLearnerOrder

# (method, start, end) of each Bot API call of the update being handled
Calls = list[tuple[str, float, float]]
_CALLS: contextvars.ContextVar[Calls] = contextvars.ContextVar("calls")
_handle = PerLearnerOrder.do_process_update
_request = DirectRequest.do_request


@dataclass
class Figures:
    """One phase's measurements in this process."""

    handled: list[float] = field(default_factory=list)
    own: list[float] = field(default_factory=list)
    charts: list[bool] = field(default_factory=list)  # whether the update was /progress
    # per chat, in handling order: each update's calls, grouped into side-by-side waves
    plan: dict[int, list[list[list[str]]]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def calls(self) -> int:
        """Bot API calls made while handling updates."""
        return sum(len(wave) for updates in self.plan.values() for u in updates for wave in u)

    def without_charts(self) -> list[float]:
        """Handling times of every update but /progress (which draws a chart)."""
        return [t for t, chart in zip(self.handled, self.charts, strict=True) if not chart]


FIGURES = Figures()


def reset() -> Figures:
    """Start a new phase's figures."""
    global FIGURES
    FIGURES = Figures()
    return FIGURES


def in_flight(calls: Calls) -> float:
    """How long at least one of the calls was in flight (side-by-side calls count once)."""
    total, end = 0.0, float("-inf")
    for _, start, stop in sorted(calls, key=lambda call: call[1]):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


def waves(calls: Calls) -> list[list[str]]:
    """The calls as the handler made them: each wave starts after the previous one ended."""
    grouped: list[list[str]] = []
    end = float("-inf")
    for method, start, stop in sorted(calls, key=lambda call: call[1]):
        if start >= end or not grouped:
            grouped.append([])
        grouped[-1].append(method)
        end = max(end, stop) if start < end else stop
    return grouped


def _chat_of(update: object) -> int | None:
    chat = getattr(update, "effective_chat", None)
    if chat is not None:
        return int(chat.id)
    user = getattr(update, "effective_user", None)
    return int(user.id) if user is not None else None


async def _timed_handle(self: PerLearnerOrder, update: object, coroutine: Awaitable[Any]) -> None:
    calls: Calls = []
    _CALLS.set(calls)  # the handler's tasks, side-by-side calls too, share this list
    started = time.perf_counter()
    try:
        await _handle(self, update, coroutine)
    finally:
        handled = time.perf_counter() - started
        figures = FIGURES
        figures.handled.append(handled)
        figures.own.append(handled - in_flight(calls))
        message = getattr(update, "message", None)
        figures.charts.append(getattr(message, "text", None) == "/progress")
        chat = _chat_of(update)
        if chat is not None:
            figures.plan[chat].append(waves(calls))


async def _timed_request(self: DirectRequest, url: str, *args: Any, **kwargs: Any) -> Any:
    calls = _CALLS.get(None)
    started = time.perf_counter()
    try:
        return await _request(self, url, *args, **kwargs)
    finally:
        if calls is not None:
            calls.append((url.rsplit("/", 1)[-1], started, time.perf_counter()))


def install() -> None:
    """Time every update and every Bot API call from now on."""
    PerLearnerOrder.do_process_update = _timed_handle  # type: ignore[method-assign]
    DirectRequest.do_request = _timed_request  # type: ignore[method-assign]


def watch_statements(engine: Engine) -> None:
    """Time each SQL statement run while an update was in hand."""
    started: contextvars.ContextVar[float] = contextvars.ContextVar("statement")

    @event.listens_for(engine, "before_cursor_execute")
    def before(*_: Any) -> None:
        started.set(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def after(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if _CALLS.get(None) is None:
            return  # not while a learner waits (start-up, the outbox sender)
        took = time.perf_counter() - started.get()
        FIGURES.statements[" ".join(statement.split())[:80]].append(took)


def ms(values: list[float], q: float) -> float:
    """The q-quantile of `values` (seconds) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0
