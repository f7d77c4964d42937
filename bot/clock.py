"""Where time comes from: the wall clock in production, a clock a test can move.

The core never reads a clock; the edges (the Telegram handlers, the sender) ask the one
clock they were given, so a test or the sandbox can move time forward a day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """The current time, aware and in UTC."""
    return datetime.now(UTC)


class MovableClock:
    """A clock that stands still until moved: for tests and the sandbox."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock keeps aware UTC times")
        self._now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move time forward (or back) by `delta`."""
        self._now += delta

    def set(self, when: datetime) -> None:
        """Jump to `when`."""
        self._now = when.astimezone(UTC)
