"""The class store in memory: for the terminal twin and for tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

from bot.learning.class_records import Assignment, Classroom, Member
from bot.learning.records import Learner


class MemoryClasses:
    """Classes, memberships and set lessons in dictionaries; names come from the learners."""

    def __init__(self, learner: Callable[[int], Learner | None]) -> None:
        self._classes: dict[int, Classroom] = {}
        self._members: dict[tuple[int, int], datetime] = {}
        self._assignments: dict[int, Assignment] = {}
        self._ids = itertools.count(1)
        self._learner = learner

    async def create_class(
        self, teacher_id: int, name: str, join_code: str, now: datetime
    ) -> Classroom:
        if any(c.join_code == join_code for c in self._classes.values()):
            raise ValueError("join codes are unique")
        made = Classroom(next(self._ids), teacher_id, name, join_code, False, now, None)
        self._classes[made.id] = made
        return made

    async def classroom(self, class_id: int) -> Classroom | None:
        return self._classes.get(class_id)

    async def class_by_code(self, join_code: str) -> Classroom | None:
        return next((c for c in self._classes.values() if c.join_code == join_code), None)

    async def classes_taught(self, teacher_id: int) -> list[Classroom]:
        return [c for c in self._open() if c.teacher_id == teacher_id]

    async def classes_joined(self, learner_id: int) -> list[Classroom]:
        return [c for c in self._open() if (c.id, learner_id) in self._members]

    async def update_class(self, classroom: Classroom) -> None:
        clash = await self.class_by_code(classroom.join_code)
        if clash is not None and clash.id != classroom.id:
            raise ValueError("join codes are unique")
        self._classes[classroom.id] = classroom

    async def join(self, class_id: int, learner_id: int, now: datetime) -> bool:
        if (class_id, learner_id) in self._members:
            return False
        self._members[class_id, learner_id] = now
        return True

    async def leave(self, class_id: int, learner_id: int) -> bool:
        return self._members.pop((class_id, learner_id), None) is not None

    async def members(self, class_id: int) -> list[Member]:
        found = []
        for (in_class, who), joined in self._members.items():
            learner = self._learner(who)
            if in_class == class_id and learner is not None:
                found.append(Member(who, learner.first_name or "", joined))
        return sorted(found, key=lambda m: (m.joined_at, m.learner_id))

    async def is_member(self, class_id: int, learner_id: int) -> bool:
        return (class_id, learner_id) in self._members

    async def set_assignment(self, assignment: Assignment) -> None:
        self._assignments[assignment.class_id] = assignment

    async def assignment(self, class_id: int) -> Assignment | None:
        return self._assignments.get(class_id)

    async def assignments_for(self, learner_id: int) -> list[Assignment]:
        joined = await self.classes_joined(learner_id)
        return [self._assignments[c.id] for c in joined if c.id in self._assignments]

    def erase(self, learner_id: int) -> None:
        """Forget the learner's memberships, and the classes they teach with all in them."""
        taught = {i for i, c in self._classes.items() if c.teacher_id == learner_id}
        self._members = {
            (c, who): t
            for (c, who), t in self._members.items()
            if who != learner_id and c not in taught
        }
        for class_id in taught:
            self._assignments.pop(class_id, None)
            del self._classes[class_id]

    def _open(self) -> list[Classroom]:
        return sorted(
            (c for c in self._classes.values() if c.closed_at is None),
            key=lambda c: (c.created_at, c.id),
        )

    def kept_for(self, learner_id: int) -> tuple[list[tuple[str, datetime]], list[Classroom]]:
        """For the learner's own data: the classes they are in (name, joined at), and the
        classes they teach, open or closed."""
        joined = sorted(
            (at, c, self._classes[c].name)
            for (c, who), at in self._members.items()
            if who == learner_id
        )
        taught = [c for c in self._classes.values() if c.teacher_id == learner_id]
        taught.sort(key=lambda c: (c.created_at, c.id))
        return [(name, at) for at, _, name in joined], taught

    def member_count(self, class_id: int) -> int:
        """How many learners are in the class."""
        return sum(1 for c, _ in self._members if c == class_id)
