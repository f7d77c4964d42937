"""The loopback server's flood limits: per bot, per private chat, per group, with retry_after."""

from __future__ import annotations

import pytest

from bot.sandbox.server.errors import ApiError
from bot.sandbox.server.flood import FloodControl


def send(flood: FloodControl, chat: int, at: float, method: str = "sendMessage") -> int | None:
    """None if the call passes, else the retry_after it was refused with."""
    try:
        flood.check(method, {"chat_id": chat}, at)
    except ApiError as error:
        refused = error
    else:
        return None
    assert refused.code == 429
    assert refused.description == f"Too Many Requests: retry after {refused.retry_after}"
    return refused.retry_after


def test_a_private_chat_takes_a_burst_then_one_a_second() -> None:
    flood = FloodControl()
    assert all(send(flood, 7, 0.0) is None for _ in range(20))
    assert send(flood, 7, 0.0) == 1
    assert send(flood, 7, 1.0) is None
    assert send(flood, 7, 1.5) == 1
    assert send(flood, 8, 1.5) is None  # another chat has its own allowance
    assert flood.refused == 2


def test_the_whole_bot_takes_thirty_a_second() -> None:
    flood = FloodControl()
    assert all(send(flood, chat, 0.0) is None for chat in range(1, 31))
    assert send(flood, 99, 0.0) == 1
    assert send(flood, 99, 0.01) == 1
    assert all(send(flood, chat, 1.0) is None for chat in range(100, 130))


def test_a_group_takes_twenty_a_minute() -> None:
    flood = FloodControl()
    assert all(send(flood, -5, float(i)) is None for i in range(20))
    assert send(flood, -5, 20.0) == 40
    assert send(flood, -5, 60.0) is None


@pytest.mark.parametrize("method", ["getUpdates", "answerCallbackQuery", "editMessageText"])
def test_only_sending_counts(method: str) -> None:
    flood = FloodControl(bot_rate=1, chat_burst=1)
    assert all(send(flood, 7, 0.0, method) is None for _ in range(50))
