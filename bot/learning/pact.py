"""The MIL CLICKS Pact: a learner's pledge, and who has become a "MIL CLICKer"."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from bot.bank.bank import Bank
from bot.bank.themes import THEMES, Theme


@dataclass(frozen=True)
class Pact:
    """A learner took the pledge on `taken_at` (withdrawing it deletes the record)."""

    learner_id: int
    taken_at: datetime


@dataclass(frozen=True)
class PactStatus:
    """Whether the learner has taken the pledge, and the themes they still need to finish
    a lesson in to become a MIL CLICKer."""

    pact: Pact | None
    themes_to_go: tuple[Theme, ...]

    @property
    def clicker(self) -> bool:
        """A MIL CLICKer: the pledge taken and a lesson finished in each of the seven themes."""
        return self.pact is not None and not self.themes_to_go


def themes_to_go(bank: Bank, done: Collection[str]) -> tuple[Theme, ...]:
    """The themes, in order, in which the learner has not finished a lesson yet."""
    return tuple(
        theme for theme in THEMES if not any(lesson.id in done for lesson in bank.by_theme[theme])
    )
