"""Youth-safe weekly goals: a number of days a week, never a daily streak to lose.

A week (Monday to Sunday, the learner's own dates) is kept when the learner had a session
(a finished lesson or review round) on at least `goal` days. A missed week is repaired by
two sessions more than the goal in the week after it; only the week just before can be
repaired, so two missed weeks in a row start the count again. Nothing here ever scolds:
the renderer celebrates kept weeks and says nothing of missed ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

GOALS = (2, 3, 5)
DEFAULT_GOAL = 3
REPAIR_EXTRA = 2


def week_of(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekGoal:
    """Where a learner stands with their weekly goal."""

    goal: int
    days_this_week: int
    sessions_this_week: int
    weeks_in_a_row: int
    repairing: bool  # last week was missed and this week can still repair it
    repaired: bool  # last week was missed and this week has repaired it

    @property
    def kept(self) -> bool:
        """Whether this week's goal is reached."""
        return self.days_this_week >= self.goal

    @property
    def sessions_to_repair(self) -> int:
        """Sessions this week still needed to repair last week."""
        return max(0, self.goal + REPAIR_EXTRA - self.sessions_this_week)


def week_goal(sessions: Iterable[datetime], offset: int, goal: int, now: datetime) -> WeekGoal:
    """The goal's state at `now`, from the times of the learner's sessions (UTC)."""
    shift = timedelta(minutes=offset)
    days_of: dict[date, set[date]] = {}
    count: Counter[date] = Counter()
    for at in sessions:
        day = (at + shift).date()
        days_of.setdefault(week_of(day), set()).add(day)
        count[week_of(day)] += 1
    this_week = week_of((now + shift).date())

    def kept(week: date) -> bool:
        return len(days_of.get(week, ())) >= goal

    def repaired(week: date) -> bool:  # missed, made up for the week after, once in a row
        later = count[week + timedelta(days=7)] >= goal + REPAIR_EXTRA
        return not kept(week) and later and kept(week - timedelta(days=7))

    last = this_week - timedelta(days=7)
    in_a_row, week = 0, last
    while kept(week) or repaired(week):
        in_a_row += 1
        week -= timedelta(days=7)
    if kept(this_week):
        in_a_row += 1
    can_repair = not kept(last) and kept(last - timedelta(days=7))
    return WeekGoal(
        goal,
        len(days_of.get(this_week, ())),
        count[this_week],
        in_a_row,
        repairing=can_repair and not repaired(last),
        repaired=repaired(last),
    )
