"""A learner's rhythm: their clock, reminders at their own hour, and when to hold back.

Telegram does not tell a bot the learner's time zone; the learner says what time it is
for them, and the UTC offset follows in whole hours. A learner in a half-hour zone (India,
Iran, Newfoundland...) gets their reminder up to 30 minutes off the hour they picked: for
one nudge a day that is close enough, and it spares everyone a second question. Offsets
from +12 to +14 share their clock hours with -12 to -10; only the date tells them apart,
so for those the learner also says which day it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

MIN_OFFSET, MAX_OFFSET = -12 * 60, 14 * 60
QUIET_FROM, QUIET_UNTIL = 21, 8
# After this many reminders in a row with no visit in between, reminders stop.
IGNORED_LIMIT = 3
REMINDER_LIFETIME = timedelta(hours=2)
# The quiet hours a learner can pick from in /settings: (from, until), local time.
QUIET_CHOICES = ((21, 8), (22, 7), (20, 9))


@dataclass(frozen=True)
class Rhythm:
    """A learner's reminder settings and their clock (offset in minutes east of UTC)."""

    learner_id: int
    asked: bool = False
    reminders: bool = False
    hour: int | None = None
    utc_offset: int | None = None
    quiet_from: int = QUIET_FROM
    quiet_until: int = QUIET_UNTIL
    ignored: int = 0
    last_reminded: datetime | None = None
    inactive_since: datetime | None = None
    weekly_goal: int | None = None

    def local(self, now: datetime) -> datetime:
        """The learner's wall-clock time at `now`: an aware UTC datetime shifted by the
        offset, so read only its fields (hour, date)."""
        return now + timedelta(minutes=self.utc_offset or 0)


def offsets_for(local_hour: int, now: datetime) -> tuple[int, ...]:
    """The UTC offsets (minutes) at which the clock shows `local_hour` at `now`.

    One offset, or two a day apart where both lie within UTC-12 .. UTC+14.
    """
    if not 0 <= local_hour <= 23:
        raise ValueError("an hour is 0 to 23")
    ahead = (local_hour - now.hour) % 24
    found = [h * 60 for h in (ahead, ahead - 24) if MIN_OFFSET <= h * 60 <= MAX_OFFSET]
    return tuple(sorted(found))


def local_date(offset: int, now: datetime) -> date:
    """The learner's date at `now`."""
    return (now + timedelta(minutes=offset)).date()


def quiet(hour: int, quiet_from: int = QUIET_FROM, quiet_until: int = QUIET_UNTIL) -> bool:
    """Whether a local hour falls in the quiet hours (21:00-08:00 unless set otherwise)."""
    if quiet_from > quiet_until:
        return hour >= quiet_from or hour < quiet_until
    return quiet_from <= hour < quiet_until


def reminder_hours(quiet_from: int = QUIET_FROM, quiet_until: int = QUIET_UNTIL) -> list[int]:
    """The hours a learner may pick for reminders: every hour outside the quiet hours."""
    return [h for h in range(24) if not quiet(h, quiet_from, quiet_until)]


def after_quiet(rhythm: Rhythm | None, now: datetime) -> datetime:
    """`now`, or the end of the learner's quiet hours if `now` falls in them."""
    if rhythm is None or rhythm.utc_offset is None:
        return now
    here = rhythm.local(now)
    if not quiet(here.hour, rhythm.quiet_from, rhythm.quiet_until):
        return now
    wake = here.replace(hour=rhythm.quiet_until, minute=0, second=0, microsecond=0)
    if wake <= here:
        wake += timedelta(days=1)
    return now + (wake - here)


Decision = str  # "remind", "stop" (say once that reminders stop), or "wait"


def decide(rhythm: Rhythm, now: datetime, last_seen: datetime) -> Decision:
    """Whether to remind the learner at `now`: at or after their hour, once a local day,
    never in quiet hours, never while inactive; after three ignored, stop (said once)."""
    if not rhythm.reminders or rhythm.hour is None or rhythm.utc_offset is None:
        return "wait"
    if rhythm.inactive_since is not None and last_seen <= rhythm.inactive_since:
        return "wait"
    here = rhythm.local(now)
    if quiet(here.hour, rhythm.quiet_from, rhythm.quiet_until) or here.hour < rhythm.hour:
        return "wait"
    if rhythm.last_reminded is not None:
        if rhythm.local(rhythm.last_reminded).date() == here.date():
            return "wait"
        if now - rhythm.last_reminded < timedelta(hours=12):
            return "wait"  # a changed offset must not make two in one day
    return "stop" if ignored(rhythm, last_seen) >= IGNORED_LIMIT else "remind"


def ignored(rhythm: Rhythm, last_seen: datetime) -> int:
    """Reminders in a row the learner did not come back after."""
    if rhythm.last_reminded is None or last_seen > rhythm.last_reminded:
        return 0
    return rhythm.ignored


def reminded(rhythm: Rhythm, now: datetime, last_seen: datetime) -> Rhythm:
    """The rhythm after a reminder is queued at `now`."""
    return replace(rhythm, last_reminded=now, ignored=ignored(rhythm, last_seen) + 1)


def stopped(rhythm: Rhythm) -> Rhythm:
    """The rhythm after three ignored reminders: off, and the count starts over."""
    return replace(rhythm, reminders=False, ignored=0)
