"""The class desk: teachers make and run classes, learners join and leave them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.class_records import Assignment, Classroom, Member
from bot.learning.classes import (
    CODE,
    NEW_CLASS,
    RENAME_PREFIX,
    ClassUnavailable,
    DueChoice,
    Invitation,
    Joined,
    Named,
    NameRefused,
    SetLessons,
    awaiting_name,
    clean_name,
    code_from_payload,
    due_on,
)
from bot.learning.session import Session


def _check_code(code: str) -> None:
    if not CODE.fullmatch(code):
        raise ValueError("a join code is 12 URL-safe characters")


class ClassDesk:
    """Classes for one update: the teacher's side and the learner's."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.bank = session.bank
        self._store = session.store

    def theme_lessons(self, theme: Theme, language: str) -> list[Lesson]:
        """A theme's lessons in the bank's order (the order a picker's ticks count in), in
        the teacher's language."""
        return [self.bank.lesson(x.id, language) for x in self.bank.by_theme[theme]]

    def ticked(self, theme: Theme, mask: int) -> tuple[str, ...]:
        """The ids of the theme's lessons that a picker's mask ticks."""
        return tuple(x.id for i, x in enumerate(self.bank.by_theme[theme]) if mask & (1 << i))

    def titles(self, lesson_ids: Iterable[str], language: str) -> tuple[str, ...]:
        """The titles of the lessons the bank still has, in the learner's language."""
        bank = self.bank
        return tuple(bank.lesson(i, language).title for i in lesson_ids if i in bank.lessons)

    async def taught(self, teacher_id: int, now: datetime) -> list[Classroom]:
        """The teacher's open classes, oldest first."""
        async with self._store.transaction():
            await self._session.visit(teacher_id, now)
            return await self._store.classes.classes_taught(teacher_id)

    async def owned(self, teacher_id: int, class_id: int) -> Classroom | None:
        """One of the teacher's open classes (None for anyone else's, or a closed one)."""
        async with self._store.transaction():
            return await self._owned(teacher_id, class_id)

    async def _owned(self, teacher_id: int, class_id: int) -> Classroom | None:
        found = await self._store.classes.classroom(class_id)
        if found is None or found.teacher_id != teacher_id or found.closed_at is not None:
            return None
        return found

    async def ask_name(self, teacher_id: int, now: datetime, class_id: int = 0) -> bool:
        """Take the teacher's next text message as the name of a new class (or, given a
        class of theirs, its new name); False for a class that is not theirs."""
        async with self._store.transaction():
            if class_id and await self._owned(teacher_id, class_id) is None:
                return False
        awaiting = f"{RENAME_PREFIX}{class_id}" if class_id else NEW_CLASS
        await self._session.change(teacher_id, now, awaiting=awaiting, awaiting_since=now)
        return True

    async def named(
        self, teacher_id: int, text: str, now: datetime, code: str
    ) -> Named | NameRefused | None:
        """A text message that names a class the teacher asked for (`code` joins a new one);
        None if they asked for nothing, and the text is theirs to do something else with."""
        _check_code(code)
        async with self._store.transaction():
            teacher = await self._session.visit(teacher_id, now)
            class_id = awaiting_name(teacher.awaiting, teacher.awaiting_since, now)
            if class_id is None:
                return None
            name = clean_name(text)
            if isinstance(name, NameRefused):
                return name
            done = replace(teacher, awaiting=None, awaiting_since=None)
            await self._store.save_learner(done)
            if not class_id:
                made = await self._store.classes.create_class(teacher_id, name, code, now)
                return Named(made, new=True)
            found = await self._owned(teacher_id, class_id)
            if found is None:
                return None
            renamed = replace(found, name=name)
            await self._store.classes.update_class(renamed)
            return Named(renamed, new=False)

    async def new_code(self, teacher_id: int, class_id: int, code: str) -> Classroom | None:
        """A new join link for the class; the old one stops working."""
        _check_code(code)
        async with self._store.transaction():
            found = await self._owned(teacher_id, class_id)
            if found is None:
                return None
            changed = replace(found, join_code=code)
            await self._store.classes.update_class(changed)
            return changed

    async def close(self, teacher_id: int, class_id: int, now: datetime) -> Classroom | None:
        """Close the class: its link stops working and it leaves everyone's lists."""
        async with self._store.transaction():
            found = await self._owned(teacher_id, class_id)
            if found is None:
                return None
            closed = replace(found, closed_at=now)
            await self._store.classes.update_class(closed)
            return closed

    async def set_lessons(
        self,
        teacher_id: int,
        class_id: int,
        lesson_ids: tuple[str, ...],
        due: DueChoice,
        now: datetime,
    ) -> Assignment | None:
        """Set the class's lessons (replacing the ones set before), due by the chosen day."""
        lesson_ids = tuple(dict.fromkeys(i for i in lesson_ids if i in self.bank.lessons))
        if not lesson_ids:
            return None
        async with self._store.transaction():
            if await self._owned(teacher_id, class_id) is None:
                return None
            assignment = Assignment(class_id, lesson_ids, due_on(due, now.date()), now)
            await self._store.classes.set_assignment(assignment)
            return assignment

    async def assignment(self, teacher_id: int, class_id: int) -> Assignment | None:
        """The lessons the teacher's class set, if any."""
        async with self._store.transaction():
            if await self._owned(teacher_id, class_id) is None:
                return None
            return await self._store.classes.assignment(class_id)

    async def members(self, teacher_id: int, class_id: int) -> list[Member]:
        """Who is in the teacher's class, in the order they joined."""
        async with self._store.transaction():
            if await self._owned(teacher_id, class_id) is None:
                return []
            return await self._store.classes.members(class_id)

    async def invite(
        self, payload: str, learner_id: int, now: datetime
    ) -> Invitation | ClassUnavailable:
        """A learner opened a join link: the class, or why it cannot be joined."""
        code = code_from_payload(payload)
        if code is None:
            return ClassUnavailable("malformed")
        async with self._store.transaction():
            await self._session.visit(learner_id, now)
            found = await self._joinable(code, learner_id)
            if isinstance(found, ClassUnavailable):
                return found
            member = await self._store.classes.is_member(found.id, learner_id)
            return Invitation(found, member)

    async def _joinable(self, code: str, learner_id: int) -> Classroom | ClassUnavailable:
        found = await self._store.classes.class_by_code(code)
        if found is None:
            return ClassUnavailable("unknown")
        if found.closed_at is not None:
            return ClassUnavailable("closed")
        if found.teacher_id == learner_id:
            return ClassUnavailable("own")
        return found

    async def join(
        self, code: str, learner_id: int, first_name: str, now: datetime
    ) -> Joined | ClassUnavailable:
        """The learner joins the class of `code`; its teacher will see their first name."""
        if not CODE.fullmatch(code):
            return ClassUnavailable("malformed")
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            found = await self._joinable(code, learner_id)
            if isinstance(found, ClassUnavailable):
                return found
            name = " ".join(first_name.split())[:64] or "?"
            if learner.first_name != name:
                await self._store.save_learner(replace(learner, first_name=name))
            new = await self._store.classes.join(found.id, learner_id, now)
            return Joined(found, new)

    async def joined(self, learner_id: int, now: datetime) -> list[Classroom]:
        """The open classes the learner is in."""
        async with self._store.transaction():
            await self._session.visit(learner_id, now)
            return await self._store.classes.classes_joined(learner_id)

    async def leave(self, learner_id: int, class_id: int, now: datetime) -> Classroom | None:
        """The learner leaves the class (and their teacher's view of it); in no class any
        more, their first name is forgotten."""
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            found = await self._store.classes.classroom(class_id)
            if found is None or not await self._store.classes.leave(class_id, learner_id):
                return None
            if not await self._still_in_a_class(learner_id):
                await self._store.save_learner(replace(learner, first_name=None))
            return found

    async def _still_in_a_class(self, learner_id: int) -> bool:
        return bool(await self._store.classes.classes_joined(learner_id))

    async def set_for(self, learner_id: int, language: str) -> list[SetLessons]:
        """What the learner's classes set them, the nearest due date first."""
        async with self._store.transaction():
            return await self.set_for_in_transaction(learner_id, language)

    async def set_for_in_transaction(self, learner_id: int, language: str) -> list[SetLessons]:
        """`set_for`, inside the caller's transaction (the reminder planner's)."""
        assignments = await self._store.classes.assignments_for(learner_id)
        if not assignments:
            return []
        done = await self._store.finished_lessons(learner_id)
        found = []
        for assignment in assignments:
            classroom = await self._store.classes.classroom(assignment.class_id)
            ids = [i for i in assignment.lesson_ids if i in self.bank.lessons]
            if classroom is None or not ids:
                continue
            lessons = tuple(self.bank.lesson(i, language) for i in ids)
            waiting = [lesson for lesson in lessons if lesson.id not in done]
            found.append(
                SetLessons(
                    classroom, lessons, len(lessons) - len(waiting),
                    waiting[0] if waiting else None, assignment.due_on,
                )
            )  # fmt: skip
        return sorted(found, key=lambda s: (s.due_on, s.classroom.id))
