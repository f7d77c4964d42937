"""The data-rights desk on every adapter of the store: before `/forgetme` erases a teacher,
it names the open classes they teach (they close with them); a member teaches none."""

from __future__ import annotations

from bot.bank.bank import Bank
from bot.learning.classes import Named, payload_for
from bot.learning.tutor import Tutor
from tests.stores import NOW, Stores

TEACHER, AMINA = 2101, 2102


async def _new_class(bank: Bank, stores: Stores, name: str, code: str) -> int:
    async with stores() as store:
        desk = Tutor(bank, store).classes
        assert await desk.ask_name(TEACHER, NOW)
        named = await desk.named(TEACHER, name, NOW, code)
    assert isinstance(named, Named)
    return named.classroom.id


async def test_the_open_classes_a_teacher_runs_are_named_and_a_member_runs_none(
    bank: Bank, stores: Stores
) -> None:
    async with stores() as store:
        assert await Tutor(bank, store).rights.classes_taught(TEACHER) == ()
    await _new_class(bank, stores, "7B", "abcdefghijkl")
    closed = await _new_class(bank, stores, "Old club", "ABCDEFGHIJKL")
    await _new_class(bank, stores, "8A", "mnopqrstuvwx")
    async with stores() as store:
        tutor = Tutor(bank, store)
        assert await tutor.classes.close(TEACHER, closed, NOW) is not None
        assert await tutor.classes.invite(payload_for("abcdefghijkl"), AMINA, NOW)
        assert await tutor.classes.join("abcdefghijkl", AMINA, "Amina", NOW)
    async with stores() as store:
        rights = Tutor(bank, store).rights
        assert await rights.classes_taught(TEACHER) == ("7B", "8A")
        assert await rights.classes_taught(AMINA) == ()
