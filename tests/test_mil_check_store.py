"""The MIL check on every adapter of the store: memory, SQLite, an async driver, PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.bank.bank import Bank
from bot.learning.mil_check import CHECK_ID, CheckCard, CheckResult, ClassOpening, PostOffer
from bot.learning.rhythm import Rhythm
from bot.learning.store import ProgressStore
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


async def _took(store: ProgressStore, learner: int, *phases: str) -> None:
    """The learner finished a run of each of `phases` (pre on form a, post on form b)."""
    async with store.transaction():
        for phase in phases:
            form = "a" if phase == "pre" else "b"
            run = await store.new_check_run(learner, phase, form, NOW)  # type: ignore[arg-type]
            await store.finish_check_run(run.id, NOW)


async def test_the_teacher_opens_the_post_check_for_members_who_took_the_pre_one(
    bank: Bank, stores: Stores
) -> None:
    teacher, pre_only, both, none, outsider, night_owl = 1, 7, 8, 9, 10, 11
    async with stores() as store:
        tutor = Tutor(bank, store)
        for who in (teacher, pre_only, both, none, outsider, night_owl):
            await tutor.profile(who, NOW)
        async with store.transaction():
            # 09:00 UTC is 22:00 for the night owl (UTC+13): quiet until 08:00 local
            await store.rhythms.save_rhythm(Rhythm(night_owl, utc_offset=13 * 60))
            taught = await store.classes.create_class(teacher, "7B", "abcdefghijkl", NOW)
            for member in (pre_only, both, none, night_owl):
                await store.classes.join(taught.id, member, NOW)
        await _took(store, pre_only, "pre")
        await _took(store, both, "pre", "post")
        await _took(store, outsider, "pre")
        await _took(store, night_owl, "pre")
        desk = tutor.check_desk(6)
        assert await desk.due(pre_only) is None  # no lessons yet: not before the teacher
        assert await desk.open_for_class(pre_only, taught.id, NOW) is None  # not their class
        opening = await desk.open_for_class(teacher, taught.id, NOW)
        again = await desk.open_for_class(teacher, taught.id, NOW + timedelta(hours=1))
        assert await desk.due(pre_only) == "post"
        assert await desk.due(outsider) is None
        assert await desk.due(none) == "pre"
        card = await desk.begin(pre_only, "en", NOW)
        async with store.transaction():  # the teacher closes the class
            await store.classes.update_class(replace(taught, closed_at=NOW))
        assert await desk.open_for_class(teacher, taught.id, NOW) is None
        assert await desk.due(night_owl) is None  # a closed class opens nothing early
    assert opening == ClassOpening(
        "7B",
        True,
        (PostOffer(pre_only, "en", NOW), PostOffer(night_owl, "en", NOW + timedelta(hours=10))),
        members=4,
        took_post=1,
    )
    assert again == ClassOpening("7B", False, (), members=4, took_post=1)
    assert isinstance(card, CheckCard) and card.phase == "post"
    assert card.post == bank.checks[CHECK_ID].forms[1].items[0].post  # the other form
