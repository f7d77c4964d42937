# ruff: noqa: F811  (the `stores` fixture, imported from the tutor tests, is every test's argument)
"""The class desk on every adapter of the store: a teacher names, renames, relinks and
closes a class; learners join, decline and leave; set lessons come first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.bank.bank import Bank
from bot.bank.themes import Theme
from bot.learning.class_records import Member
from bot.learning.classes import (
    ClassUnavailable,
    Invitation,
    Joined,
    Named,
    NameRefused,
    due_on,
    payload_for,
)
from bot.learning.tutor import Tutor
from tests.test_tutor import NOW, Stores, stores  # noqa: F401

TEACHER, AMINA, BEN = 2001, 2002, 2003
CODE, OTHER = "abcdefghijkl", "ABCDEFGHIJKL"


async def _named(bank: Bank, stores: Stores, text: str, code: str = CODE) -> object:
    async with stores() as store:
        return await Tutor(bank, store).classes.named(TEACHER, text, NOW, code)


async def test_the_next_text_names_a_new_class_and_a_bad_name_is_refused(
    bank: Bank, stores: Stores
) -> None:
    assert await _named(bank, stores, "7B") is None  # nobody asked for a name
    async with stores() as store:
        assert await Tutor(bank, store).classes.ask_name(TEACHER, NOW)
    assert await _named(bank, stores, "   ") == NameRefused("empty")
    assert await _named(bank, stores, "x" * 65) == NameRefused("long")
    named = await _named(bank, stores, "  7B   media ")
    assert isinstance(named, Named) and named.new
    assert (named.classroom.name, named.classroom.join_code) == ("7B media", CODE)
    assert await _named(bank, stores, "again") is None  # the name was taken once
    async with stores() as store:
        desk = Tutor(bank, store).classes
        assert await desk.taught(TEACHER, NOW) == [named.classroom]
        assert await desk.ask_name(TEACHER, NOW, named.classroom.id)
        assert not await desk.ask_name(AMINA, NOW, named.classroom.id)  # not hers
    renamed = await _named(bank, stores, "7B (spring)")
    assert renamed == Named(replace(named.classroom, name="7B (spring)"), new=False)


async def test_a_request_for_a_name_lapses(bank: Bank, stores: Stores) -> None:
    async with stores() as store:
        await Tutor(bank, store).classes.ask_name(TEACHER, NOW - timedelta(minutes=16))
    assert await _named(bank, stores, "7B") is None


async def _class(bank: Bank, stores: Stores) -> int:
    async with stores() as store:
        await Tutor(bank, store).classes.ask_name(TEACHER, NOW)
    named = await _named(bank, stores, "7B")
    assert isinstance(named, Named)
    return named.classroom.id


async def test_learners_join_by_link_and_leave(bank: Bank, stores: Stores) -> None:
    class_id = await _class(bank, stores)
    async with stores() as store:
        desk = Tutor(bank, store).classes
        invited = await desk.invite(payload_for(CODE), AMINA, NOW)
        assert isinstance(invited, Invitation) and not invited.member
        assert await desk.invite(payload_for(CODE), TEACHER, NOW) == ClassUnavailable("own")
        assert await desk.invite("class-forged", AMINA, NOW) == ClassUnavailable("malformed")
        assert await desk.invite(payload_for(OTHER), AMINA, NOW) == ClassUnavailable("unknown")
        joined = await desk.join(CODE, AMINA, " Amina ", NOW)
        assert joined == Joined(invited.classroom, new=True)
        assert await desk.join(CODE, AMINA, "Amina", NOW) == Joined(invited.classroom, False)
        await desk.join(CODE, BEN, "Ben", NOW)
        async with store.transaction():
            both = await store.classes.members(class_id)
        assert both == [Member(AMINA, "Amina", NOW), Member(BEN, "Ben", NOW)]
        assert await desk.joined(BEN, NOW) == [invited.classroom]
        assert await desk.leave(BEN, class_id, NOW) == invited.classroom
        assert await desk.leave(BEN, class_id, NOW) is None
        async with store.transaction():
            amina_alone = await store.classes.members(class_id)
            ben = await store.learner(BEN)
        assert amina_alone == [Member(AMINA, "Amina", NOW)]
        assert ben is not None and ben.first_name is None  # in no class: name forgotten


async def test_a_new_link_retires_the_old_and_a_closed_class_cannot_be_joined(
    bank: Bank, stores: Stores
) -> None:
    class_id = await _class(bank, stores)
    async with stores() as store:
        desk = Tutor(bank, store).classes
        assert await desk.new_code(AMINA, class_id, OTHER) is None  # not her class
        relinked = await desk.new_code(TEACHER, class_id, OTHER)
        assert relinked is not None and relinked.join_code == OTHER
        assert await desk.join(CODE, AMINA, "Amina", NOW) == ClassUnavailable("unknown")
        assert isinstance(await desk.join(OTHER, AMINA, "Amina", NOW), Joined)
        assert await desk.close(TEACHER, class_id, NOW) == replace(relinked, closed_at=NOW)
        assert await desk.join(OTHER, BEN, "Ben", NOW) == ClassUnavailable("closed")
        assert await desk.taught(TEACHER, NOW) == []
        assert await desk.joined(AMINA, NOW) == []
        assert await desk.close(TEACHER, class_id, NOW) is None


async def test_set_lessons_come_first_in_topics_and_in_the_reminder(
    bank: Bank, stores: Stores
) -> None:
    class_id = await _class(bank, stores)
    picked = tuple(lesson.id for lesson in bank.by_theme[Theme.CRITICAL_THINKING][1:3])
    async with stores() as store:
        tutor = Tutor(bank, store)
        assert await tutor.classes.set_lessons(AMINA, class_id, picked, 0, NOW) is None
        assert await tutor.classes.set_lessons(TEACHER, class_id, ("nope",), 0, NOW) is None
        set_ = await tutor.classes.set_lessons(TEACHER, class_id, picked, 0, NOW)
        assert set_ is not None and set_.due_on == date(2026, 3, 6)  # Monday: that Friday
        await tutor.classes.join(CODE, AMINA, "Amina", NOW)
        topics = await tutor.topics(AMINA, NOW)
    (shown,) = topics.set_lessons
    assert (shown.classroom.name, shown.done, shown.due_on) == ("7B", 0, date(2026, 3, 6))
    assert shown.next_lesson is not None and shown.next_lesson.id == picked[0]
    async with stores() as store, store.transaction():
        attempt = await store.new_attempt(AMINA, picked[0], NOW)
        await store.save_position(replace(attempt, finished_at=NOW))
    async with stores() as store:
        (shown,) = (await Tutor(bank, store).topics(AMINA, NOW)).set_lessons
    assert shown.done == 1 and shown.next_lesson is not None
    assert shown.next_lesson.id == picked[1]


def test_due_dates() -> None:
    monday, friday, sunday = date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 8)
    assert [due_on(0, d) for d in (monday, friday, sunday)] == [friday, friday, date(2026, 3, 13)]
    assert (due_on(1, monday), due_on(2, monday)) == (date(2026, 3, 9), date(2026, 3, 16))


async def test_the_reminder_offers_the_set_lesson_first(bank: Bank, stores: Stores) -> None:
    class_id = await _class(bank, stores)
    picked = bank.by_theme[Theme.SUSTAINABILITY][-1].id
    async with stores() as store:
        tutor = Tutor(bank, store)
        await tutor.classes.join(CODE, AMINA, "Amina", NOW)
        await tutor.classes.set_lessons(TEACHER, class_id, (picked,), 1, NOW)
        await tutor.rhythm.clock(AMINA, NOW.hour, NOW)  # UTC
        await tutor.rhythm.remind_at(AMINA, 18, NOW)
        (nudge,) = await tutor.rhythm.plan(NOW.replace(hour=18))
    assert nudge.next_lesson is not None and nudge.next_lesson.id == picked
    assert (nudge.set_by, nudge.due_on) == ("7B", date(2026, 3, 9))
