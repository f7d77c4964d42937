"""Spaced review's rules with a fixed clock: FSRS intervals, confidence, which items come."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from bot.bank.bank import Bank
from bot.learning.review import (
    Confidence,
    ItemIndex,
    TechniqueCard,
    due_techniques,
    new_card,
    pick_bonus,
    pick_round,
    rating,
    review,
)
from bot.learning.review_records import NoLessonYet, NothingDue, ReviewDone, ReviewQuestion
from bot.learning.store import ProgressStore
from bot.learning.tutor import Tutor
from tests.stores import Stores

NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def intervals(grade: Rating, times: int) -> list[int]:
    card, at, days = new_card(1, "emotional-language", NOW), NOW + DAY, []
    for _ in range(times):
        card = review(card, grade, at)
        days.append((card.due - at).days)
        at = card.due
    return days


def test_fsrs_intervals_grow_with_the_rating() -> None:
    assert intervals(Rating.Again, 3) == [1, 1, 1]
    assert intervals(Rating.Hard, 4) == [1, 3, 7, 12]
    assert intervals(Rating.Good, 4) == [2, 11, 46, 163]
    assert intervals(Rating.Easy, 3) == [8, 66, 397]


def test_a_new_technique_is_due_the_next_day_and_review_returns_a_new_card() -> None:
    card = new_card(7, "emotional-language", NOW)
    assert card.due == NOW + timedelta(hours=16)  # by the next morning
    assert due_techniques([card], NOW + timedelta(hours=15)) == ()
    assert due_techniques([card], NOW + timedelta(hours=16)) == ("emotional-language",)
    reviewed = review(card, Rating.Good, NOW + DAY)
    assert card.last_review is None  # the input is left as it was
    assert reviewed.last_review == NOW + DAY
    assert 0.99 < reviewed.retention(NOW + DAY) <= 1.0
    assert reviewed.retention(NOW + 30 * DAY) < reviewed.retention(NOW + 3 * DAY)


@pytest.mark.parametrize(
    ("correct", "confidence", "expected"),
    [
        (False, Confidence.CERTAIN, Rating.Again),
        (False, Confidence.FAIRLY_SURE, Rating.Again),
        (False, Confidence.GUESSED, Rating.Hard),
        (True, Confidence.GUESSED, Rating.Hard),
        (True, Confidence.FAIRLY_SURE, Rating.Good),
        (True, Confidence.CERTAIN, Rating.Easy),
    ],
)
def test_confidence_and_correctness_make_the_rating(
    correct: bool, confidence: Confidence, expected: Rating
) -> None:
    assert rating(correct, confidence) == expected


def test_a_confident_wrong_answer_comes_back_soonest() -> None:
    card = review(new_card(1, "t", NOW), Rating.Good, NOW + DAY)  # known for a while
    at = card.due
    due = {
        (correct, level): review(card, rating(correct, level), at).due
        for correct in (True, False)
        for level in Confidence
    }
    soonest = due[False, Confidence.CERTAIN]
    assert soonest == min(due.values())
    assert all(soonest < due[True, level] for level in Confidence)


def index() -> ItemIndex:
    return ItemIndex(
        by_technique={"a": ("a1", "a2", "a3"), "b": ("b1", "b2"), "c": ("c1",)},
        techniques_of={"a1": ("a",), "a2": ("a",), "a3": ("a",), "b1": ("b",), "b2": ("b",)},
    )


def test_a_round_takes_unseen_items_first_and_alternates_techniques() -> None:
    seen = {"a1": NOW - 2 * DAY, "b1": NOW - DAY}
    picked = pick_round(["a", "b"], index(), seen, None, random.Random(1))
    assert len(picked) == 3
    assert set(picked[:2]) <= {"a2", "a3", "b2"}  # unseen first
    assert len(set(picked)) == len(picked)
    many = pick_round(["a", "b", "c"], index(), {}, None, random.Random(2))
    assert [item[0] for item in many[:3]] == ["a", "b", "c"]
    assert len(many) == 3
    assert pick_round(["a", "b"], index(), {}, None, random.Random(3)) != ()


def test_a_round_never_starts_with_the_item_answered_last() -> None:
    only = ItemIndex({"a": ("a1", "a2")}, {"a1": ("a",), "a2": ("a",)})
    for seed in range(20):
        seen = {"a1": NOW - DAY, "a2": NOW - 2 * DAY}
        picked = pick_round(["a"], only, seen, "a2", random.Random(seed))
        assert picked == ("a1", "a2")


def test_a_bonus_round_has_only_unseen_items() -> None:
    seen = {"a1": NOW, "a2": NOW}
    assert pick_bonus(["a", "b"], index(), seen, None, random.Random(4)) != ()
    assert set(pick_bonus(["a", "b"], index(), seen, None, random.Random(4))) <= {"a3", "b1", "b2"}
    assert pick_bonus(["c"], index(), {"c1": NOW}, None, random.Random(4)) == ()


def test_review_items_leave_out_the_lessons_own_questions(bank: Bank) -> None:
    real = ItemIndex.of(bank)
    lesson = bank.lessons["emotion-check"]
    practised = {q.prompt.strip() for q in lesson.questions}
    items = real.by_technique["emotional-language"]
    assert items
    assert all(bank.review_question(i).prompt.strip() not in practised for i in items)
    assert all(bank.review_question(i).id not in {q.id for q in lesson.questions} for i in items)


async def test_a_round_on_every_store(bank: Bank, stores: Stores) -> None:
    """A whole round on each adapter: memory, SQLite, an async driver, PostgreSQL."""
    async with stores() as store:
        await round_on(bank, store)


async def round_on(bank: Bank, store: ProgressStore) -> None:
    tutor = Tutor(bank, store)
    rng = random.Random(5)
    assert isinstance(await tutor.reviews.start(1, NOW, rng), NoLessonYet)
    async with store.transaction():
        attempt = await store.new_attempt(1, "emotion-check", NOW)
        await tutor.reviews.met(1, bank.lessons["emotion-check"], NOW)
        await store.save_position(replace(attempt, finished_at=NOW))
    nothing = await tutor.reviews.start(1, NOW, rng)
    assert nothing == NothingDue(NOW + timedelta(hours=16), bonus_available=True)
    tomorrow = NOW + DAY
    card = await tutor.reviews.start(1, tomorrow, rng)
    assert isinstance(card, ReviewQuestion)
    assert card.count == 3
    result: object = card
    while isinstance(result, ReviewQuestion):
        sure = await tutor.reviews.answer(
            1, result.round_id, result.position, frozenset({0}), tomorrow
        )
        assert not isinstance(sure, str)
        await tutor.reviews.confidence(
            1, result.round_id, result.position, Confidence.CERTAIN, tomorrow
        )
        again = await tutor.reviews.confidence(
            1, result.round_id, result.position, Confidence.GUESSED, tomorrow
        )
        assert getattr(again, "reason", None) == "already-answered"  # one tap counts
        result = await tutor.reviews.advance(1, result.round_id, result.position, tomorrow)
    assert isinstance(result, ReviewDone)
    async with store.transaction():
        (schedule,) = await store.reviews.cards(1)
        sessions = await store.rhythms.session_times(1, NOW - DAY)
    assert sessions == (NOW, tomorrow)  # the lesson and the round count for the weekly goal
    assert isinstance(schedule, TechniqueCard)
    assert schedule.last_review == tomorrow
    assert schedule.due > tomorrow
