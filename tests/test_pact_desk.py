"""The pact desk on every adapter of the store: the pledge with its date, withdrawn, and
the MIL CLICKer status, with a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.bank.bank import Bank
from bot.bank.themes import THEMES
from bot.learning.pact import Pact
from bot.learning.tutor import Tutor
from tests.stores import NOW, Stores

AMINA = 1001


async def _finish_first_lessons(bank: Bank, stores: Stores, count: int) -> None:
    async with stores() as store, store.transaction():
        for theme in THEMES[:count]:
            attempt = await store.new_attempt(AMINA, bank.by_theme[theme][0].id, NOW)
            await store.save_position(replace(attempt, finished_at=NOW))


async def test_the_pledge_keeps_its_first_date_and_is_deleted_when_withdrawn(
    bank: Bank, stores: Stores
) -> None:
    async with stores() as store:
        status = await Tutor(bank, store).pacts.status(AMINA, NOW)
    assert status.pact is None and status.themes_to_go == THEMES and not status.clicker
    async with stores() as store:
        taken = await Tutor(bank, store).pacts.take(AMINA, NOW)
    assert taken.pact == Pact(AMINA, NOW)
    async with stores() as store:
        again = await Tutor(bank, store).pacts.take(AMINA, NOW + timedelta(days=3))
    assert again.pact == Pact(AMINA, NOW)  # taken once, on its first day
    async with stores() as store, store.transaction():
        assert await store.pact(AMINA) == Pact(AMINA, NOW)
    async with stores() as store:
        withdrawn = await Tutor(bank, store).pacts.withdraw(AMINA, NOW + timedelta(days=4))
    assert withdrawn.pact is None
    async with stores() as store, store.transaction():
        assert await store.pact(AMINA) is None


async def test_a_mil_clicker_has_the_pledge_and_a_lesson_in_every_theme(
    bank: Bank, stores: Stores
) -> None:
    async with stores() as store:
        await Tutor(bank, store).pacts.take(AMINA, NOW)
    await _finish_first_lessons(bank, stores, 6)
    async with stores() as store:
        almost = await Tutor(bank, store).pacts.status(AMINA, NOW)
    assert almost.themes_to_go == (THEMES[-1],) and not almost.clicker
    await _finish_first_lessons(bank, stores, 7)
    async with stores() as store:
        done = await Tutor(bank, store).pacts.status(AMINA, NOW)
    assert done.themes_to_go == () and done.clicker
    async with stores() as store:
        withdrawn = await Tutor(bank, store).pacts.withdraw(AMINA, NOW)
    assert not withdrawn.clicker  # every theme done, but no pledge
