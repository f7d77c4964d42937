"""The class store port: classes, who is in them, and the lessons each one set."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.learning.class_records import Assignment, Classroom, Member


class ClassStore(Protocol):
    """Where classes live; it shares the progress store's session and transactions."""

    async def create_class(
        self, teacher_id: int, name: str, join_code: str, now: datetime
    ) -> Classroom:
        """Make a class, open and with names off in group rounds."""

    async def classroom(self, class_id: int) -> Classroom | None:
        """A class by its id."""

    async def class_by_code(self, join_code: str) -> Classroom | None:
        """A class by its join code, closed ones too (the caller checks)."""

    async def classes_taught(self, teacher_id: int) -> list[Classroom]:
        """The teacher's open classes, oldest first."""

    async def classes_joined(self, learner_id: int) -> list[Classroom]:
        """The open classes the learner is in, oldest first."""

    async def update_class(self, classroom: Classroom) -> None:
        """Store a class's name, code, names setting and closing time."""

    async def join(self, class_id: int, learner_id: int, now: datetime) -> bool:
        """Put the learner in the class; False if they were in it already."""

    async def leave(self, class_id: int, learner_id: int) -> bool:
        """Take the learner out of the class; False if they were not in it."""

    async def members(self, class_id: int) -> list[Member]:
        """The class's members, in the order they joined."""

    async def is_member(self, class_id: int, learner_id: int) -> bool:
        """Whether the learner is in the class."""

    async def set_assignment(self, assignment: Assignment) -> None:
        """Set the class's lessons, replacing the ones it set before."""

    async def assignment(self, class_id: int) -> Assignment | None:
        """The lessons the class set, if any."""

    async def assignments_for(self, learner_id: int) -> list[Assignment]:
        """The lessons set by the learner's open classes, oldest class first."""
