"""What every handler reads from an update: the time and the person behind it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

Context = ContextTypes.DEFAULT_TYPE
# What python-telegram-bot calls for an update.
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


def now() -> datetime:
    """The current time, aware and in UTC: the edge where time enters the core."""
    return datetime.now(UTC)


def user_id(update: Update) -> int:
    """The id of the person behind an update."""
    user = update.effective_user
    assert user is not None, "every update the bot handles has a user"
    return user.id
