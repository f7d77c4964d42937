"""The classroom part of a learner's own data, read from the memory stores."""

from __future__ import annotations

from datetime import datetime

from bot.learning.class_data import ClassJoined, ClassroomData, ClassTaught, RoundPlayed, RoundVote
from bot.learning.class_records import Classroom
from bot.learning.memory_classes import MemoryClasses
from bot.learning.memory_rounds import MemoryRounds


async def _taught(
    c: Classroom, classes: MemoryClasses, rounds: MemoryRounds, opened: dict[int, datetime]
) -> ClassTaught:
    set_ = await classes.assignment(c.id)
    group = await rounds.link(c.id)
    return ClassTaught(
        c.name,
        c.created_at,
        c.closed_at,
        members=classes.member_count(c.id),
        lesson_ids=() if set_ is None else set_.lesson_ids,
        due_on=None if set_ is None else set_.due_on,
        post_check_opened_at=opened.get(c.id),
        group_added_at=None if group is None else group.bound_at,
        rounds=tuple(
            RoundPlayed(r.theme, r.item_ids, r.started_at, r.finished_at)
            for r in rounds.played(c.id)
        ),
    )


async def classroom_data(
    classes: MemoryClasses,
    rounds: MemoryRounds,
    opened: dict[int, datetime],
    learner_id: int,
) -> ClassroomData:
    """The classes the learner is in and teaches, and their votes in group rounds;
    `opened` maps a class to when its teacher opened the post check."""
    joined, taught = classes.kept_for(learner_id)
    votes = [
        RoundVote(p.item_id, p.position, a.option, a.option == p.correct_option, a.answered_at)
        for p, a in rounds.votes_of(learner_id)
    ]
    return ClassroomData(
        tuple(ClassJoined(name, at) for name, at in joined),
        tuple([await _taught(c, classes, rounds, opened) for c in taught]),
        tuple(votes),
    )
