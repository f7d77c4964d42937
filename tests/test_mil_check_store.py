"""The MIL check on every adapter of the store: memory, SQLite, an async driver, PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.bank.bank import Bank
from bot.learning.mil_check import CHECK_ID, CheckCard, CheckResult
from bot.learning.tutor import Tutor
from tests.stores import Stores

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_a_run_is_kept_answer_by_answer_and_scored(bank: Bank, stores: Stores) -> None:
    items = bank.checks[CHECK_ID].forms[0].items
    async with stores() as store:
        tutor = Tutor(bank, store)
        await tutor.profile(7, NOW)
        card = await tutor.check_desk(6).begin(7, "en", NOW)
    assert isinstance(card, CheckCard)
    outcome: CheckCard | CheckResult | None = card
    for position, item in enumerate(items):
        async with stores() as store:  # one update, one store, as in the bot
            desk = Tutor(bank, store).check_desk(6)
            when = NOW + timedelta(seconds=5 * position)
            # wrong on the first two posts, right on the rest
            said = item.manipulative != (position < 2)
            outcome = await desk.sort(7, card.run_id, position, said, "en", when)
            again = await desk.sort(7, card.run_id, position, said, "en", when)
        assert again is None  # a second tap on the same post counts once
    assert isinstance(outcome, CheckResult)
    assert outcome.tally.hits + outcome.tally.correct_rejections == 14
    assert [item.id for item in outcome.missed] == [items[0].id, items[1].id]
    async with stores() as store:
        desk = Tutor(bank, store).check_desk(6)
        assert await desk.begin(7, "en", NOW) is None
        assert await desk.lessons_to_go(7) == 6
        async with store.transaction():
            runs = await store.check_runs(7)
        assert runs[0].finished_at == NOW + timedelta(seconds=75)
        await Tutor(bank, store).profile(8, NOW)
        other = await desk.begin(8, "en", NOW)
    assert isinstance(other, CheckCard)
    assert other.post == bank.checks[CHECK_ID].forms[1].items[0].post
