"""The weekly goal as the learner reads it: a kept goal is celebrated, a missed week never
named, a repair encouraged."""

from __future__ import annotations

from gettext import NullTranslations

import pytest

from bot.learning.goals import WeekGoal
from bot.telegram.rhythm_render import goal_lines

T = NullTranslations()


@pytest.mark.parametrize(
    ("goal", "lines"),
    [
        (WeekGoal(3, 1, 1, 0, False, False), ["🗓 This week: 1 of 3 days"]),
        (
            WeekGoal(3, 3, 4, 2, False, False),
            ["🗓 This week: 3 of 3 days · 2 weeks in a row",
             "🎉 Weekly goal reached! Anything more is a bonus."],
        ),
        (
            WeekGoal(2, 1, 3, 0, True, False),
            ["🗓 This week: 1 of 2 days",
             "🛠 1 more session this week and last week counts too."],
        ),
        (
            WeekGoal(2, 1, 4, 1, False, True),
            ["🗓 This week: 1 of 2 days · 1 week in a row",
             "🛠 Last week is repaired. Nice comeback!"],
        ),
    ],
)  # fmt: skip
def test_goal_lines_celebrate_and_never_guilt_trip(goal: WeekGoal, lines: list[str]) -> None:
    shown = goal_lines(goal, T)
    assert shown == lines
    assert not any("miss" in line.lower() for line in shown)
