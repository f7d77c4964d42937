"""The outbox port: messages the bot sends on its own initiative, claimed by one sender.

A row is claimed with a token before it is sent, so two senders (or one restarted after
a crash) never take the same row at once; a claim older than the lease is taken again,
so nothing claimed by a dead sender is lost. A row past its expiry is dropped, not sent
late (a reminder at night helps no one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

LEASE = timedelta(seconds=30)
MAX_TRIES = 5
Outcome = Literal["sent", "expired", "blocked", "gone", "refused", "gave-up"]
Buttons = tuple[tuple[tuple[str, str], ...], ...]


@dataclass(frozen=True)
class Outgoing:
    """A message to send: HTML text and rows of (label, callback data) buttons."""

    chat_id: int
    kind: str
    text: str
    due_at: datetime
    expires_at: datetime
    buttons: Buttons = ()
    # At most one row per key (a learner's reminder for one local day, say).
    dedupe: str | None = None


@dataclass(frozen=True)
class Claimed:
    """A row this sender holds: its id, its message, and how often it was tried."""

    id: int
    message: Outgoing
    tries: int


class Outbox(Protocol):
    """Where outgoing messages wait (adapters: memory, SQL)."""

    async def put(self, message: Outgoing) -> bool:
        """Queue a message; False if one with the same dedupe key is queued already."""

    async def claim(
        self, token: str, now: datetime, limit: int, lease: timedelta = LEASE
    ) -> list[Claimed]:
        """Drop what expired, then take up to `limit` due rows for this sender, oldest first."""

    async def done(self, row_id: int, outcome: Outcome, now: datetime) -> None:
        """A row's final outcome: sent, or given up on (blocked, gone, refused...)."""

    async def later(self, row_id: int, due_at: datetime) -> None:
        """Let go of a row to try again at `due_at` (a transient failure)."""

    async def pending(self) -> int:
        """Rows neither sent nor given up on."""

    async def due(self, now: datetime) -> int:
        """Rows due by `now`, neither sent nor given up on: the sender's backlog."""

    async def mark_inactive(self, chat_id: int, now: datetime) -> None:
        """The learner blocked the bot (or left): drop their rows, message them no more
        until they come back."""
