"""Several-answer items in review: in the index, ticked and checked, and strictly read."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.bank.bank import Bank
from bot.bank.content import SeveralCorrect
from bot.learning.memory_store import MemoryStore
from bot.learning.review import Confidence, ItemIndex
from bot.learning.review_records import HowSure, ReviewQuestion, ReviewStale
from bot.learning.tutor import Tutor
from bot.telegram.callbacks import decode, encode
from bot.telegram.review_actions import ReviewCheck, ReviewTick

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def test_review_asks_every_kind_of_pool_item(bank: Bank) -> None:
    index = ItemIndex.of(bank)
    items = {i for ids in index.by_technique.values() for i in ids}
    kinds = {type(bank.review_question(i)) for i in items}
    assert SeveralCorrect in kinds
    assert "ctr-emo-3" in index.by_technique["emotional-language"]  # several-answer


async def test_ticks_are_checked_against_the_item_on_screen(bank: Bank) -> None:
    store = MemoryStore()
    tutor = Tutor(bank, store)
    desk = tutor.reviews
    async with store.transaction():
        attempt = await store.new_attempt(1, "emotion-check", NOW)
        await store.save_position(replace(attempt, finished_at=NOW))
        # ctr-emo-3 is several-answer (A and C right), ctr-emo-1 single choice.
        rid = (await store.reviews.new_round(1, ("ctr-emo-3", "ctr-emo-1"), NOW, False)).id
    shown = await desk.tick(1, rid, 0, frozenset({0, 2}), NOW)
    assert isinstance(shown, ReviewQuestion)
    assert shown.selection == {0, 2}
    assert await desk.tick(1, rid, 0, frozenset({4}), NOW) == ReviewStale("already-answered")
    assert await desk.tick(1, rid, 1, frozenset({0}), NOW) == ReviewStale("moved-on")
    assert await desk.tick(1, rid + 1, 0, frozenset({0}), NOW) == ReviewStale("old-round")
    for forged in (frozenset(), frozenset({0, 9})):
        assert await desk.answer(1, rid, 0, forged, NOW) == ReviewStale("already-answered")
    sure = await desk.answer(1, rid, 0, frozenset({0, 2}), NOW)
    assert isinstance(sure, HowSure)
    assert sure.choice == {0, 2}
    assert await desk.tick(1, rid, 0, frozenset({0}), NOW) == ReviewStale("already-answered")
    verdict = await desk.confidence(1, rid, 0, Confidence.CERTAIN, NOW)
    assert getattr(verdict, "correct", None) is True
    assert isinstance(await desk.advance(1, rid, 0, NOW), ReviewQuestion)
    # The single-choice item takes one option, and no ticks.
    assert await desk.answer(1, rid, 1, frozenset({0, 1}), NOW) == ReviewStale("already-answered")
    assert await desk.tick(1, rid, 1, frozenset({1}), NOW) == ReviewStale("already-answered")
    assert isinstance(await desk.answer(1, rid, 1, frozenset({1}), NOW), HowSure)


@pytest.mark.parametrize(
    "action",
    [ReviewTick(7, 0, 0), ReviewTick(7, 2, 0b101), ReviewCheck(2**63 - 1, 255, 4095)],
)
def test_a_review_tick_survives_its_button(action: ReviewTick | ReviewCheck) -> None:
    data = encode(action)
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data",
    ["Q:1:0:0", "Q:1:0:4096", "T:1:0:4096", "T:1:256:1", "Q:1:256:1", "T:1:0", "T:-1:0:1",
     "Q:1:0:1:2", "T:1:0:٣", "Q:1:0:+1", "T::0:1"],
)  # fmt: skip
def test_a_forged_review_tick_is_not_read(data: str) -> None:
    assert decode(data) is None
