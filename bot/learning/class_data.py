"""The classroom part of a learner's own data (`/mydata`): the classes they are in, the
classes they teach (never their members' data, only how many), and their votes in group
rounds. The stores fill `ClassroomData`; `sections` turns it into the document's values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ClassJoined:
    """A class the learner is in, and when they joined it."""

    name: str
    joined_at: datetime


@dataclass(frozen=True)
class RoundPlayed:
    """A group round played in the group of a class the learner teaches."""

    theme: str
    item_ids: tuple[str, ...]
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class ClassTaught:
    """A class the learner teaches: what it set, and what was done in its name."""

    name: str
    created_at: datetime
    closed_at: datetime | None
    members: int
    lesson_ids: tuple[str, ...] = ()
    due_on: date | None = None
    post_check_opened_at: datetime | None = None
    group_added_at: datetime | None = None
    rounds: tuple[RoundPlayed, ...] = ()


@dataclass(frozen=True)
class RoundVote:
    """The learner's vote in one poll of a group round."""

    item_id: str
    position: int
    option: int
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class ClassroomData:
    """Everything in the classroom tables that names the learner."""

    joined: tuple[ClassJoined, ...] = ()
    taught: tuple[ClassTaught, ...] = ()
    votes: tuple[RoundVote, ...] = ()


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _taught(c: ClassTaught) -> dict[str, Any]:
    rounds = [
        {
            "theme": r.theme,
            "questions": list(r.item_ids),
            "started at": _iso(r.started_at),
            "finished at": _iso(r.finished_at),
        }
        for r in c.rounds
    ]
    return {
        "name": c.name,
        "created at": _iso(c.created_at),
        "closed at": _iso(c.closed_at),
        "how many learners are in it": c.members,
        "lessons set": list(c.lesson_ids),
        "lessons due by": _iso(c.due_on),
        "MIL check after opened at": _iso(c.post_check_opened_at),
        "added to a group at": _iso(c.group_added_at),
        "group rounds": rounds,
    }


def sections(data: ClassroomData) -> dict[str, Any]:
    """The document's classroom sections, under plain-English keys."""
    return {
        "classes you are in": [
            {"name": c.name, "joined at": _iso(c.joined_at)} for c in data.joined
        ],
        "classes you teach": [_taught(c) for c in data.taught],
        "your votes in group rounds": [
            {
                "question": v.item_id,
                "position": v.position,
                "my choice": v.option,
                "right": v.correct,
                "answered at": _iso(v.answered_at),
            }
            for v in data.votes
        ],
    }
