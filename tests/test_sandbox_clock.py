"""The sandbox's clock: the machine's time, moved on by days, behind the core's Clock port."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.learning.clock import Clock, SystemClock
from bot.sandbox.clock import SandboxClock


def test_it_moves_forward_by_days_and_back_to_the_machines_time_on_reset() -> None:
    clock = SandboxClock()
    port: Clock = clock  # what the bot can be handed
    before = datetime.now(UTC)
    moved = clock.advance(timedelta(days=1))
    assert clock.offset == timedelta(days=1)
    assert moved - before >= timedelta(days=1)
    assert port.now().tzinfo is UTC
    assert clock.timestamp() >= time.time() + 86_400 - 1
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(timedelta(hours=-1))
    clock.reset()
    assert clock.offset == timedelta(0)
    assert abs(clock.now() - SystemClock().now()) < timedelta(days=1)
