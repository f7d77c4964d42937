"""What the store keeps of group rounds: a class's group, its rounds, their polls, the votes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class GroupLink:
    """A class's link to a group chat: the opaque code of its "add to a group" link, and
    the group it was added to (none until then)."""

    class_id: int
    code: str
    chat_id: int | None = None
    bound_at: datetime | None = None


@dataclass(frozen=True)
class GroupRound:
    """A round of quiz polls in a class's group, with the items it asks, in order."""

    id: int
    class_id: int
    chat_id: int
    theme: str
    item_ids: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None = None


@dataclass(frozen=True)
class RoundPoll:
    """One quiz poll a round sent, and when Telegram closes it."""

    poll_id: str
    round_id: int
    position: int
    item_id: str
    correct_option: int
    closes_at: datetime


@dataclass(frozen=True)
class RoundAnswer:
    """A class member's vote in a round's poll."""

    poll_id: str
    learner_id: int
    option: int
    answered_at: datetime
