"""Reminders and weekly goals with a fixed clock: time zones, quiet hours, once a day, the
three-ignored rule, goals and their one repair."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.bank.bank import Bank
from bot.learning.goals import week_goal
from bot.learning.memory_store import MemoryStore
from bot.learning.rhythm import (
    Rhythm,
    after_quiet,
    decide,
    ignored,
    local_date,
    offsets_for,
    quiet,
    reminded,
    reminder_hours,
    stopped,
)
from bot.learning.tutor import Tutor
from storage.database import Database
from storage.outbox_sql import SqlOutbox
from tests.stores import Stores

H = timedelta(hours=1)
# Monday 2 March 2026, 10:00 UTC
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local_hour", "utc", "offsets"),
    [
        (15, MONDAY, (300,)),  # UTC+5
        (10, MONDAY, (0,)),
        (0, MONDAY, (-10 * 60, 14 * 60)),  # Hawaii (Monday) or Kiribati (Tuesday)
        (23, MONDAY, (-11 * 60, 13 * 60)),  # UTC-11 (Sunday) or UTC+13 (Monday)
        (22, MONDAY, (-12 * 60, 12 * 60)),
        (21, MONDAY, (11 * 60,)),
        (1, datetime(2026, 3, 2, 23, 30, tzinfo=UTC), (120,)),  # across midnight UTC
    ],
)
def test_the_hour_the_learner_taps_gives_their_offset(
    local_hour: int, utc: datetime, offsets: tuple[int, ...]
) -> None:
    assert offsets_for(local_hour, utc) == offsets


def test_the_two_offsets_a_day_apart_show_different_dates() -> None:
    minus, plus = offsets_for(23, MONDAY)
    assert local_date(minus, MONDAY).isoformat() == "2026-03-01"  # UTC-11: Sunday
    assert local_date(plus, MONDAY).isoformat() == "2026-03-02"  # UTC+13: Monday
    assert local_date(14 * 60, MONDAY).isoformat() == "2026-03-03"


def test_quiet_hours_and_the_hours_to_pick() -> None:
    assert [h for h in range(24) if quiet(h)] == [0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23]
    assert reminder_hours() == list(range(8, 21))
    assert quiet(14, quiet_from=13, quiet_until=15)
    assert not quiet(15, quiet_from=13, quiet_until=15)


def learner(offset: int, hour: int = 18, **extra: object) -> Rhythm:
    return Rhythm(1, True, True, hour, offset, **extra)  # type: ignore[arg-type]


SEEN = MONDAY - 20 * H


def test_a_reminder_waits_for_the_learners_own_hour() -> None:
    kiribati = learner(14 * 60)  # 18:00 there is 04:00 UTC
    assert decide(kiribati, datetime(2026, 3, 2, 3, 59, tzinfo=UTC), SEEN) == "wait"
    assert decide(kiribati, datetime(2026, 3, 2, 4, 0, tzinfo=UTC), SEEN) == "remind"
    samoa = learner(-11 * 60)  # 18:00 there is 05:00 UTC the next day
    assert decide(samoa, datetime(2026, 3, 3, 4, 0, tzinfo=UTC), SEEN) == "wait"
    assert decide(samoa, datetime(2026, 3, 3, 5, 0, tzinfo=UTC), SEEN) == "remind"


def test_never_in_quiet_hours_and_late_is_not_too_late_until_they_begin() -> None:
    here = learner(0, hour=19)
    assert decide(here, MONDAY.replace(hour=20, minute=59), SEEN) == "remind"
    assert decide(here, MONDAY.replace(hour=21), SEEN) == "wait"  # 21:00: quiet
    assert decide(here, MONDAY.replace(hour=23), SEEN) == "wait"


def test_at_most_one_a_day_across_the_learners_midnight() -> None:
    east = learner(14 * 60, hour=8)  # 08:00 in UTC+14 is 18:00 UTC the day before
    at = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    assert decide(east, at, SEEN - 48 * H) == "remind"
    after = reminded(east, at, SEEN - 48 * H)
    assert decide(after, at + 5 * H, SEEN - 48 * H) == "wait"  # same local day
    assert decide(after, at + 24 * H, SEEN - 48 * H) == "remind"  # the next local day


def test_three_ignored_in_a_row_stop_the_reminders() -> None:
    rhythm, at = learner(0), MONDAY.replace(hour=18)
    for day in range(3):
        now = at + timedelta(days=day)
        assert decide(rhythm, now, SEEN) == "remind"
        rhythm = reminded(rhythm, now, SEEN)
    assert ignored(rhythm, SEEN) == 3
    assert decide(rhythm, at + timedelta(days=3), SEEN) == "stop"
    assert stopped(rhythm).reminders is False
    # a visit after a reminder starts the count again
    came_back = at + timedelta(days=2, hours=1)
    assert ignored(rhythm, came_back) == 0
    assert decide(rhythm, at + timedelta(days=3), came_back) == "remind"


def test_a_blocked_learner_waits_until_they_come_back() -> None:
    blocked = learner(0, inactive_since=MONDAY)
    assert decide(blocked, MONDAY.replace(hour=18), MONDAY - H) == "wait"
    assert decide(blocked, MONDAY.replace(hour=18), MONDAY + H) == "remind"
    assert decide(replace(blocked, reminders=False), MONDAY.replace(hour=18), MONDAY + H) == "wait"


def days(*offsets: int, hour: int = 17) -> list[datetime]:
    """Session times on days counted from Monday 2 March (day 0)."""
    return [MONDAY.replace(hour=hour) + timedelta(days=d) for d in offsets]


def test_a_weekly_goal_counts_days_not_sessions() -> None:
    goal = week_goal(days(0, 0, 0, 1), 0, 3, MONDAY + timedelta(days=2))
    assert (goal.days_this_week, goal.sessions_this_week, goal.kept) == (2, 4, False)
    goal = week_goal(days(0, 1, 3), 0, 3, MONDAY + timedelta(days=4))
    assert goal.kept
    assert goal.weeks_in_a_row == 1


def test_weeks_in_a_row_and_the_learners_own_dates() -> None:
    sessions = days(-14, -13, -7, -6, 0)
    assert week_goal(sessions, 0, 2, MONDAY + H).weeks_in_a_row == 2
    # 23:30 UTC on Sunday is already Monday for a learner at UTC+2
    late = [datetime(2026, 3, 1, 23, 30, tzinfo=UTC)]
    assert week_goal(late, 120, 2, MONDAY).days_this_week == 1
    assert week_goal(late, 0, 2, MONDAY).days_this_week == 0


def test_a_missed_week_is_repaired_once_by_two_extra_sessions() -> None:
    kept_then_missed = days(-14, -13, -7)  # week -2 kept (2 of 2), week -1 missed (1 of 2)
    now = MONDAY + timedelta(days=3)
    before = week_goal(kept_then_missed + days(0, 1), 0, 2, now)
    assert (before.repairing, before.repaired, before.sessions_to_repair) == (True, False, 2)
    assert before.weeks_in_a_row == 1  # this week kept; last week not yet repaired
    after = week_goal(kept_then_missed + days(0, 1, 2, 2), 0, 2, now)
    assert (after.repairing, after.repaired) == (False, True)
    assert after.weeks_in_a_row == 3  # week -2, the repaired week -1, and this one
    # two missed weeks in a row cannot be repaired
    twice = week_goal(days(-21, -20) + days(0, 1, 2, 2), 0, 2, now)
    assert (twice.repairing, twice.repaired, twice.weeks_in_a_row) == (False, False, 1)


async def test_planning_on_every_store(bank: Bank, stores: Stores) -> None:
    """The planner's pass on each adapter: one reminder at the hour, then none that day."""
    async with stores() as store:
        tutor = Tutor(bank, store)
        await tutor.rhythm.clock(1, 15, MONDAY)  # UTC+5
        assert (await tutor.rhythm.remind_at(1, 18, MONDAY)) is not None
        assert await tutor.rhythm.plan(MONDAY + 2 * H) == []  # 17:00 there
        (nudge,) = await tutor.rhythm.plan(MONDAY + 3 * H)
        assert (nudge.learner_id, nudge.stop, nudge.reviews_due, nudge.day.isoformat()) == (
            1, False, 0, "2026-03-02",
        )  # fmt: skip
        assert nudge.next_lesson is not None
        assert await tutor.rhythm.plan(MONDAY + 4 * H) == []
        saved = await tutor.rhythm.rhythm(1, MONDAY + 4 * H)
        assert (saved.utc_offset, saved.hour, saved.ignored) == (300, 18, 1)


async def test_a_blocked_learner_gets_no_reminder_until_they_come_back(
    bank: Bank, database: Database
) -> None:
    outbox = SqlOutbox(database)
    async with database.unit() as store:
        tutor = Tutor(bank, store)
        await tutor.rhythm.clock(1, 10, MONDAY)  # UTC
        await tutor.rhythm.remind_at(1, 18, MONDAY)
    await outbox.mark_inactive(1, MONDAY + H)  # a 403 on some message
    async with database.unit() as store:
        assert await Tutor(bank, store).rhythm.plan(MONDAY.replace(hour=18)) == []
    async with database.unit() as store:
        await Tutor(bank, store).rhythm.rhythm(1, MONDAY + 5 * H)  # they write again
    async with database.unit() as store:
        (nudge,) = await Tutor(bank, store).rhythm.plan(MONDAY.replace(hour=18))
    assert nudge.learner_id == 1


async def test_quiet_hours_a_learner_picks_move_a_reminder_they_cover(bank: Bank) -> None:
    tutor = Tutor(bank, MemoryStore())
    await tutor.rhythm.clock(1, 10, MONDAY)
    await tutor.rhythm.remind_at(1, 20, MONDAY)
    assert await tutor.rhythm.set_quiet(1, 3, 4, MONDAY) is None  # not one of the choices
    later = await tutor.rhythm.set_quiet(1, 20, 9, MONDAY)
    assert later is not None
    assert (later.quiet_from, later.quiet_until, later.hour) == (20, 9, 19)
    assert decide(later, MONDAY.replace(hour=19), MONDAY - H) == "remind"
    assert decide(later, MONDAY.replace(hour=20), MONDAY - H) == "wait"  # quiet from 20:00


@pytest.mark.parametrize(
    ("offset", "utc_hour", "wait_hours"),
    [(0, 10, 0), (0, 22, 10), (0, 3, 5), (14 * 60, 9, 9), (-11 * 60, 6, 0), (-11 * 60, 9, 10)],
)
def test_a_notice_waits_for_the_end_of_quiet_hours(
    offset: int, utc_hour: int, wait_hours: int
) -> None:
    at = MONDAY.replace(hour=utc_hour)
    assert after_quiet(learner(offset), at) == at + wait_hours * H
    assert after_quiet(None, at) == at


async def test_three_ignored_reminders_then_one_stop_notice_in_their_language(
    bank: Bank,
) -> None:
    store = MemoryStore()
    tutor = Tutor(bank, store)
    await tutor.rhythm.clock(1, 10, MONDAY)  # UTC
    await tutor.rhythm.remind_at(1, 18, MONDAY)
    async with store.transaction():
        learner = await store.learner(1)
        assert learner is not None
        await store.save_learner(replace(learner, language="es"))
    at = MONDAY.replace(hour=18)
    for day in range(3):  # three reminders, none followed by a visit
        (nudge,) = await tutor.rhythm.plan(at + timedelta(days=day))
        assert (nudge.stop, nudge.language) == (False, "es")
    (notice,) = await tutor.rhythm.plan(at + timedelta(days=3))
    assert (notice.stop, notice.language) == (True, "es")
    assert await tutor.rhythm.plan(at + timedelta(days=4)) == []  # stopped: nothing more
    assert await tutor.rhythm.plan(at + timedelta(days=5)) == []
