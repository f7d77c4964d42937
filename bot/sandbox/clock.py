"""The sandbox's clock: the machine's time, moved on by whole days when the visitor asks.

The loopback server dates its messages and updates by it (``timestamp``); the bot can read
the same object through the ``Clock`` port of ``bot.learning.clock``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class SandboxClock:
    """Wall-clock time plus an offset that only grows."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset

    @property
    def offset(self) -> timedelta:
        """How far ahead of the machine's clock this one is."""
        return self._offset

    def now(self) -> datetime:
        """The sandbox's time, aware and in UTC."""
        return datetime.now(UTC) + self._offset

    def timestamp(self) -> float:
        """The sandbox's time as Unix seconds (the server's clock)."""
        return time.time() + self._offset.total_seconds()

    def advance(self, by: timedelta) -> datetime:
        """Move the clock forward; returns the new time."""
        if by < timedelta(0):
            raise ValueError("the sandbox clock only moves forward")
        self._offset += by
        return self.now()

    def reset(self) -> None:
        """Back to the machine's time."""
        self._offset = timedelta(0)
