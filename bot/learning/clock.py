"""Where the time comes from: a small port, so a sandbox (or a test) can move it on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Something that tells the time, as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current time, aware and in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current time, aware and in UTC."""
        return datetime.now(UTC)
