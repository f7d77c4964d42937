"""The report desk: a teacher's report on one of their classes, for one update."""

from __future__ import annotations

from bot.learning.class_records import Classroom
from bot.learning.class_report import ClassReport, build_class_report
from bot.learning.session import Session


class ReportDesk:
    """Reads a class's members and their work in one transaction, and sums them up."""

    def __init__(self, session: Session) -> None:
        self.bank = session.bank
        self._store = session.store

    async def classes(self, teacher_id: int) -> list[Classroom]:
        """The teacher's open classes, oldest first (none: not a teacher)."""
        async with self._store.transaction():
            return await self._store.classes.classes_taught(teacher_id)

    async def report(self, teacher_id: int, class_id: int) -> ClassReport | None:
        """The report on a class; None unless it is the teacher's and open."""
        async with self._store.transaction():
            found = await self._store.classes.classroom(class_id)
            if found is None or found.teacher_id != teacher_id or found.closed_at is not None:
                return None
            members = await self._store.classes.members(class_id)
            assignment = await self._store.classes.assignment(class_id)
            work = await self._store.reports.class_work([m.learner_id for m in members])
        return build_class_report(self.bank, found.name, members, work, assignment)
