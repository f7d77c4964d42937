"""The rhythm desk: the reminder opt-in, the learner's clock, weekly goals, and planning
which reminders are due."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.bank.content import Lesson
from bot.learning.class_desk import ClassDesk
from bot.learning.goals import DEFAULT_GOAL, GOALS, WeekGoal, week_goal
from bot.learning.review import due_techniques
from bot.learning.rhythm import (
    QUIET_CHOICES,
    Rhythm,
    decide,
    local_date,
    offsets_for,
    reminded,
    reminder_hours,
    stopped,
)
from bot.learning.session import Session

# Sessions older than this do not count for the weekly goal's streak.
GOAL_HISTORY = timedelta(weeks=26)


@dataclass(frozen=True)
class Nudge:
    """A reminder to queue (or, `stop`, the one message saying reminders stop)."""

    learner_id: int
    language: str
    stop: bool
    reviews_due: int
    next_lesson: Lesson | None
    day: date
    # The class that set `next_lesson`, and the day it is due by.
    set_by: str | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class ClockAnswer:
    """The learner said what time it is: their offset, or two days to choose between."""

    rhythm: Rhythm | None
    choices: tuple[tuple[int, date], ...] = ()


class RhythmDesk:
    """Reminders and weekly goals for one learner's update (and the planner's pass)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._store = session.store

    async def _rhythm(self, learner_id: int, now: datetime) -> Rhythm:
        await self._session.visit(learner_id, now)
        return await self._store.rhythms.rhythm(learner_id) or Rhythm(learner_id)

    async def offer(self, learner_id: int, now: datetime) -> bool:
        """Whether to ask about reminders now: once, after the first finished lesson."""
        async with self._store.transaction():
            rhythm = await self._rhythm(learner_id, now)
            if rhythm.asked:
                return False
            await self._store.rhythms.save_rhythm(replace(rhythm, asked=True))
            return True

    async def rhythm(self, learner_id: int, now: datetime) -> Rhythm:
        """The learner's rhythm (a default one if they never set anything)."""
        async with self._store.transaction():
            return await self._rhythm(learner_id, now)

    async def change(self, learner_id: int, now: datetime, **changes: object) -> Rhythm:
        """Save the rhythm with some fields changed."""
        async with self._store.transaction():
            rhythm = replace(await self._rhythm(learner_id, now), asked=True, **changes)  # type: ignore[arg-type]
            await self._store.rhythms.save_rhythm(rhythm)
            return rhythm

    async def clock(self, learner_id: int, local_hour: int, now: datetime) -> ClockAnswer:
        """The learner says what hour it is for them: store the offset, or ask the day."""
        offsets = offsets_for(local_hour, now)
        if len(offsets) > 1:
            return ClockAnswer(None, tuple((o, local_date(o, now)) for o in offsets))
        return ClockAnswer(await self.change(learner_id, now, utc_offset=offsets[0]))

    async def remind_at(self, learner_id: int, hour: int, now: datetime) -> Rhythm | None:
        """Reminders on, at `hour` local time (None for an hour in the quiet hours)."""
        rhythm = await self.rhythm(learner_id, now)
        if hour not in reminder_hours(rhythm.quiet_from, rhythm.quiet_until):
            return None
        return await self.change(learner_id, now, reminders=True, hour=hour, ignored=0)

    async def set_quiet(
        self, learner_id: int, quiet_from: int, quiet_until: int, now: datetime
    ) -> Rhythm | None:
        """Pick quiet hours; a reminder hour they now cover moves to the hour before them."""
        if (quiet_from, quiet_until) not in QUIET_CHOICES:
            return None
        rhythm = await self.rhythm(learner_id, now)
        hour = rhythm.hour
        if hour is not None and hour not in reminder_hours(quiet_from, quiet_until):
            hour = (quiet_from - 1) % 24
        return await self.change(
            learner_id, now, quiet_from=quiet_from, quiet_until=quiet_until, hour=hour
        )

    async def set_goal(self, learner_id: int, goal: int, now: datetime) -> Rhythm | None:
        """Pick a weekly goal: 2, 3 or 5 days."""
        if goal not in GOALS:
            return None
        return await self.change(learner_id, now, weekly_goal=goal)

    async def goal(self, learner_id: int, now: datetime) -> WeekGoal:
        """Where the learner stands with their weekly goal."""
        async with self._store.transaction():
            rhythm = await self._store.rhythms.rhythm(learner_id) or Rhythm(learner_id)
            times = await self._store.rhythms.session_times(learner_id, now - GOAL_HISTORY)
        return week_goal(times, rhythm.utc_offset or 0, rhythm.weekly_goal or DEFAULT_GOAL, now)

    async def plan(self, now: datetime) -> list[Nudge]:
        """The reminders due at `now`, each noted as sent (call, then queue them)."""
        nudges = []
        async with self._store.transaction():
            for rhythm, last_seen in await self._store.rhythms.with_reminders():
                decision = decide(rhythm, now, last_seen)
                if decision == "wait":
                    continue
                nudge = await self._nudge(rhythm, now, stop=decision == "stop")
                if nudge is None:
                    continue
                nudges.append(nudge)
                after = stopped(rhythm) if nudge.stop else reminded(rhythm, now, last_seen)
                await self._store.rhythms.save_rhythm(after)
        return nudges

    async def _nudge(self, rhythm: Rhythm, now: datetime, stop: bool) -> Nudge | None:
        learner = await self._store.learner(rhythm.learner_id)
        if learner is None:
            return None
        cards = await self._store.reviews.cards(learner.id)
        due = len(due_techniques(cards, now))
        done = await self._store.finished_lessons(learner.id)
        lesson = self._session.recommend(done, learner.language)
        day = local_date(rhythm.utc_offset or 0, now)
        for set_lessons in await ClassDesk(self._session).set_for_in_transaction(
            learner.id, learner.language
        ):
            if set_lessons.next_lesson is not None:  # a class's set lesson comes first
                return Nudge(
                    learner.id, learner.language, stop, due, set_lessons.next_lesson, day,
                    set_lessons.classroom.name, set_lessons.due_on,
                )  # fmt: skip
        if not stop and not due and lesson is None:
            return None  # nothing waiting: no reminder today
        return Nudge(learner.id, learner.language, stop, due, lesson, day)
