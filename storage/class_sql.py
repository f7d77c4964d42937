"""The class store on SQL: the `ClassStore` port, on the progress store's session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.learning.class_records import Assignment, Classroom, Member
from storage.queries import classes as q

Runner = Callable[..., Awaitable[Any]]


class SqlClasses:
    """Classes through the store's own query runner."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def create_class(
        self, teacher_id: int, name: str, join_code: str, now: datetime
    ) -> Classroom:
        made: Classroom = await self._run(q.create_class, teacher_id, name, join_code, now)
        return made

    async def classroom(self, class_id: int) -> Classroom | None:
        found: Classroom | None = await self._run(q.classroom, class_id)
        return found

    async def class_by_code(self, join_code: str) -> Classroom | None:
        found: Classroom | None = await self._run(q.class_by_code, join_code)
        return found

    async def classes_taught(self, teacher_id: int) -> list[Classroom]:
        found: list[Classroom] = await self._run(q.classes_taught, teacher_id)
        return found

    async def classes_joined(self, learner_id: int) -> list[Classroom]:
        found: list[Classroom] = await self._run(q.classes_joined, learner_id)
        return found

    async def update_class(self, classroom: Classroom) -> None:
        await self._run(q.update_class, classroom)

    async def join(self, class_id: int, learner_id: int, now: datetime) -> bool:
        joined: bool = await self._run(q.join, class_id, learner_id, now)
        return joined

    async def leave(self, class_id: int, learner_id: int) -> bool:
        left: bool = await self._run(q.leave, class_id, learner_id)
        return left

    async def members(self, class_id: int) -> list[Member]:
        found: list[Member] = await self._run(q.members, class_id)
        return found

    async def is_member(self, class_id: int, learner_id: int) -> bool:
        found: bool = await self._run(q.is_member, class_id, learner_id)
        return found

    async def set_assignment(self, assignment: Assignment) -> None:
        await self._run(q.set_assignment, assignment)

    async def assignment(self, class_id: int) -> Assignment | None:
        found: Assignment | None = await self._run(q.assignment, class_id)
        return found

    async def assignments_for(self, learner_id: int) -> list[Assignment]:
        found: list[Assignment] = await self._run(q.assignments_for, learner_id)
        return found
