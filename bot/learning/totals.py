"""The admins' counts: how many learners, lessons and challenges, and nothing about anyone."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Totals:
    """Counts across all learners, for the people who run the bot."""

    learners: int
    active_this_week: int
    lessons_finished: int
    challenges_finished: int
