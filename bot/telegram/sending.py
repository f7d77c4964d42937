"""The outbox's sender under a leader claim: with several workers, one sends at a time.

The set rate (`SEND_RATE`) is the leader's alone, so it is not multiplied by the number of
workers; when the leader dies, another takes the claim within `retry` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import Bot

from bot.clock import Clock
from bot.learning.leader import RETRY_SECONDS, LeaderClaim, Leadership, SoleClaim
from bot.learning.outbox import Outbox
from bot.telegram.sender import Sender, SenderWatch


@dataclass(frozen=True)
class Sending:
    """How the sender runs: under which claim (one worker at a time on PostgreSQL; on
    SQLite the only process leads), how often the others try for it, who hears of it."""

    claim: LeaderClaim = field(default_factory=SoleClaim)
    retry: float = RETRY_SECONDS
    watch: SenderWatch | None = None


def _unheard(_: bool) -> None:
    return None


def led_sender(
    bot: Bot, outbox: Outbox, clock: Clock, sending: Sending
) -> tuple[Sender, Leadership]:
    """The sender, and the leadership that starts it while this worker holds the claim
    and stops it the moment the claim is lost."""
    watch = sending.watch
    sender = (
        Sender(bot, outbox, clock)
        if watch is None
        else Sender(bot, outbox, clock, observe=watch.observe_outcome)
    )

    async def end(lost: bool) -> None:
        await sender.stop(at_once=lost)

    leadership = Leadership(
        sending.claim,
        sender.start,
        end,
        retry=sending.retry,
        leading=_unheard if watch is None else watch.observe_leading,
    )
    return sender, leadership
