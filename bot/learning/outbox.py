"""The outbox port: messages the bot sends on its own initiative, claimed by one sender.

A row is claimed with a token before it is sent, so two senders (or one restarted after
a crash) never take the same row at once; a claim older than the lease is taken again,
so nothing claimed by a dead sender is lost. A row past its expiry is dropped, not sent
late (a reminder at night helps no one).

Telegram cannot make a send idempotent, so a sender that dies during a call leaves a row
that may or may not have reached the learner. The sender marks each row "sending" just
before its call, and its outcome the moment the answer arrives; a row still marked
sending when its lease runs out was mid-call at a crash. The kinds in `AT_MOST_ONCE` are
then closed as "in-doubt" and not sent again (a missed reminder costs less than a double
one, and a challenge notice or the notice that reminders stopped likewise); any other
kind is sent again (at least once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

LEASE = timedelta(seconds=30)
# A finished row (sent, expired, given up on, in doubt...) is deleted once its expiry is
# this far behind: its text may name someone, and nothing reads it any more.
RETENTION = timedelta(days=30)
MAX_TRIES = 5
Outcome = Literal["sent", "expired", "blocked", "gone", "refused", "gave-up", "in-doubt"]
# Kinds a restarted sender never sends twice: see the module's docstring.
AT_MOST_ONCE = frozenset({"reminder", "stop-notice", "challenge"})
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


def notice_key(code: str, friend_id: int) -> str:
    """The dedupe key of the notice that a friend finished a challenge: one per friend and
    challenge, and the friend named by id, so erasing them erases the notice (it holds
    their first name) from the challenger's queue."""
    return f"c:{code}:{friend_id}"


def notices_about(friend_id: int) -> str:
    """A LIKE pattern for the keys of every notice about `friend_id`."""
    return f"c:%:{friend_id}"


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
        """Drop what expired, close rows of `AT_MOST_ONCE` kinds a dead sender was sending
        as "in-doubt", then take up to `limit` due rows for this sender, oldest first."""

    async def sending(self, row_ids: Sequence[int], now: datetime) -> None:
        """The calls for these rows are about to be made (until `done` or `later` says how
        each went, a row is in doubt if the sender dies)."""

    async def done(
        self, row_id: int, outcome: Outcome, now: datetime, *, then: int | None = None
    ) -> None:
        """A row's final outcome: sent, or given up on (blocked, gone, refused...); and in
        the same write, `then` (the sender's next row) marked sending."""

    async def later(self, row_id: int, due_at: datetime) -> None:
        """Let go of a row to try again at `due_at` (a transient failure: not delivered)."""

    async def pending(self) -> int:
        """Rows neither sent nor given up on."""

    async def due(self, now: datetime) -> int:
        """Rows due by `now`, neither sent nor given up on: the sender's backlog."""

    async def mark_inactive(self, chat_id: int, now: datetime) -> None:
        """The learner blocked the bot (or left): drop their rows, message them no more
        until they come back."""

    async def prune(self, before: datetime) -> int:
        """Delete the finished rows (any outcome) that expired, and were sent if at all,
        before `before`; how many. Rows still to send are never deleted."""
