"""Classes on every adapter of the store: memory, SQLite, an async driver, PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.learning.class_records import Assignment, Classroom, Member
from bot.learning.records import Learner
from bot.learning.store import ProgressStore
from tests.test_mil_check_store import stores  # noqa: F401  (every adapter)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
TEACHER, AMINA, BEN = 5001, 5002, 5003
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]


async def _people(store: ProgressStore) -> None:
    async with store.transaction():
        await store.save_learner(Learner(TEACHER, "en", NOW, NOW))
        await store.save_learner(Learner(AMINA, "en", NOW, NOW, first_name="Amina"))
        await store.save_learner(Learner(BEN, "fr", NOW, NOW, first_name="Ben"))


async def test_a_class_is_made_found_by_its_code_and_changed(stores: Stores) -> None:  # noqa: F811
    async with stores() as store:
        await _people(store)
        async with store.transaction():
            made = await store.classes.create_class(TEACHER, "7B media", "abcdefghijkl", NOW)
            other = await store.classes.create_class(TEACHER, "8A", "mnopqrstuvwx", LATER)
        assert made == Classroom(made.id, TEACHER, "7B media", "abcdefghijkl", False, NOW, None)
        async with store.transaction():
            assert await store.classes.classroom(made.id) == made
            assert await store.classes.class_by_code("abcdefghijkl") == made
            assert await store.classes.class_by_code("nope") is None
            assert await store.classes.classes_taught(TEACHER) == [made, other]
            assert await store.classes.classes_taught(AMINA) == []
            renamed = replace(made, name="7B", join_code="newcode12345", names_shown=True)
            await store.classes.update_class(renamed)
        async with store.transaction():
            assert await store.classes.classroom(made.id) == renamed
            assert await store.classes.class_by_code("abcdefghijkl") is None
            closed = replace(other, closed_at=LATER)
            await store.classes.update_class(closed)
        async with store.transaction():
            assert await store.classes.classes_taught(TEACHER) == [renamed]
            assert await store.classes.class_by_code("mnopqrstuvwx") == closed


async def test_learners_join_once_leave_and_are_listed_by_first_name(
    stores: Stores,  # noqa: F811
) -> None:
    async with stores() as store:
        await _people(store)
        async with store.transaction():
            made = await store.classes.create_class(TEACHER, "7B", "abcdefghijkl", NOW)
            assert await store.classes.join(made.id, AMINA, NOW)
            assert not await store.classes.join(made.id, AMINA, LATER)
            assert await store.classes.join(made.id, BEN, LATER)
        async with store.transaction():
            assert await store.classes.members(made.id) == [
                Member(AMINA, "Amina", NOW),
                Member(BEN, "Ben", LATER),
            ]
            assert await store.classes.is_member(made.id, BEN)
            assert not await store.classes.is_member(made.id, TEACHER)
            assert await store.classes.classes_joined(BEN) == [made]
            assert await store.classes.leave(made.id, BEN)
            assert not await store.classes.leave(made.id, BEN)
        async with store.transaction():
            assert await store.classes.members(made.id) == [Member(AMINA, "Amina", NOW)]
            assert await store.classes.classes_joined(BEN) == []
            await store.classes.update_class(replace(made, closed_at=LATER))
        async with store.transaction():
            assert await store.classes.classes_joined(AMINA) == []  # closed classes drop out


async def test_a_class_sets_lessons_and_a_new_set_replaces_the_old(
    stores: Stores,  # noqa: F811
) -> None:
    async with stores() as store:
        await _people(store)
        async with store.transaction():
            first = await store.classes.create_class(TEACHER, "7B", "abcdefghijkl", NOW)
            second = await store.classes.create_class(TEACHER, "8A", "mnopqrstuvwx", LATER)
            for made in (first, second):
                await store.classes.join(made.id, AMINA, NOW)
            old = Assignment(first.id, ("a", "b", "c"), date(2026, 12, 4), NOW)
            await store.classes.set_assignment(old)
            assert await store.classes.assignment(first.id) == old
            new = Assignment(first.id, ("emotion-check", "fake-experts"), date(2026, 12, 8), LATER)
            await store.classes.set_assignment(new)
            theirs = Assignment(second.id, ("ai-images",), date(2026, 12, 11), LATER)
            await store.classes.set_assignment(theirs)
        async with store.transaction():
            assert await store.classes.assignment(first.id) == new
            assert await store.classes.assignment(second.id + 1) is None
            assert await store.classes.assignments_for(AMINA) == [new, theirs]
            assert await store.classes.assignments_for(BEN) == []
            await store.classes.update_class(replace(second, closed_at=LATER))
        async with store.transaction():
            assert await store.classes.assignments_for(AMINA) == [new]
