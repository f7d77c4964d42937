"""What every handler reads from an update: the time and the person behind it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.clock import Clock, wall_clock

Context = ContextTypes.DEFAULT_TYPE
# What python-telegram-bot calls for an update.
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


# The clock of the application handling this update (set by `Units`, see `use_clock`).
_CLOCK: ContextVar[Clock] = ContextVar("clock", default=wall_clock)


def now() -> datetime:
    """The current time, aware and in UTC: the edge where time enters the core."""
    return _CLOCK.get()()


def use_clock(clock: Clock) -> None:
    """Make `now()` read `clock` in this task (each update is handled in its own task)."""
    _CLOCK.set(clock)


def user_id(update: Update) -> int:
    """The id of the person behind an update."""
    user = update.effective_user
    assert user is not None, "every update the bot handles has a user"
    return user.id
