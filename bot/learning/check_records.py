"""What the store keeps of the MIL check: a learner's runs at a form, and their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Phase = Literal["pre", "post"]
PHASES: tuple[Phase, Phase] = ("pre", "post")


@dataclass(frozen=True)
class CheckRun:
    """One learner's run at one form of the check, before ("pre") or after ("post")."""

    id: int
    learner_id: int
    phase: Phase
    form: str
    started_at: datetime
    finished_at: datetime | None = None


@dataclass(frozen=True)
class CheckAnswer:
    """How the learner sorted the post at `position` of their form."""

    run_id: int
    position: int
    item_id: str
    said_manipulative: bool
    answered_at: datetime
