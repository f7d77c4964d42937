"""What the store keeps of a classroom: the class, its members, and the lessons it set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Classroom:
    """A teacher's class; `names_shown` turns learners' names on in its group rounds."""

    id: int
    teacher_id: int
    name: str
    join_code: str
    names_shown: bool
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Member:
    """A learner in a class, by the first name they gave when they joined."""

    learner_id: int
    first_name: str
    joined_at: datetime


@dataclass(frozen=True)
class Assignment:
    """The lessons a class set, in order, and the day they are due by."""

    class_id: int
    lesson_ids: tuple[str, ...]
    due_on: date
    set_at: datetime
