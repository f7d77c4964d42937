"""The bot's own pacing keeps one group within Telegram's 20 messages a minute."""

from __future__ import annotations

from dataclasses import dataclass

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.bank.bank import Bank
from bot.learning.memory_store import MemoryStore
from bot.sandbox.server.errors import ApiError
from bot.sandbox.server.flood import FloodControl
from bot.telegram.app import build_application
from tests.harness import TOKEN

GROUP = -100123


@dataclass
class StoppedLoop:
    """Just what a leaky bucket asks of its event loop when it has room: the time."""

    now: float = 0.0

    def time(self) -> float:
        return self.now

    def is_closed(self) -> bool:
        return False


def group_limiter(bank: Bank) -> AsyncLimiter:
    """The limiter the built application puts before every call to one group."""
    application = build_application(TOKEN, "http://127.0.0.1:1/bot", bank, MemoryStore().unit)
    limiter = application.bot.rate_limiter
    assert isinstance(limiter, AIORateLimiter)
    return limiter._get_group_limiter(GROUP)  # no public view of it


def test_a_groups_burst_and_a_minutes_refill_stay_within_twenty(bank: Bank) -> None:
    group = group_limiter(bank)
    assert group.max_rate == 10
    assert group.max_rate + group.max_rate / group.time_period * 60 <= 20


async def test_a_group_stream_paced_by_the_bot_is_never_refused_by_flood_control(
    bank: Bank,
) -> None:
    """Two minutes of a bot that sends to one group whenever its limiter lets it, on a
    stopped clock moved by hand half a second at a time: the loopback server's flood
    control refuses none, and the group still gets its first messages in one burst."""
    limiter = group_limiter(bank)
    loop = StoppedLoop()
    limiter._event_loop = loop  # type: ignore[assignment]
    flood = FloodControl(clock=loop.time)
    sent: list[float] = []
    for tick in range(240):
        loop.now = tick / 2
        while limiter.has_capacity():
            await limiter.acquire()  # room: it returns at once
            try:
                flood.check("sendMessage", {"chat_id": GROUP}, loop.now)
            except ApiError as refused:
                raise AssertionError(f"refused at {loop.now}s after {len(sent)}") from refused
            sent.append(loop.now)
    assert flood.refused == 0
    assert sent.count(0.0) == 10  # a group round's messages go out together
    assert max(sum(1 for at in sent if start - 60 < at <= start) for start in sent) <= 20
    assert sent[10:] == [6.0 * n for n in range(1, 20)]  # then one every 6 seconds
