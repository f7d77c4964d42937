"""The tutor's challenges: made, shared, taken by a friend, and credited, on every store."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from bot.bank.bank import Bank
from bot.learning.cards import (
    Card,
    ChallengeResult,
    Feedback,
    QuestionCard,
    Stale,
)
from bot.learning.challenges import (
    ChallengeOpened,
    ChallengeReady,
    ChallengeUnavailable,
)
from bot.learning.grading import correct_options
from bot.learning.memory_store import MemoryStore
from bot.learning.records import Challenge, PeerRecord
from bot.learning.tutor import Tutor
from tests.stores import Learner, Stores


async def test_a_challenge_from_start_to_credit(bank: Bank, stores: Stores) -> None:
    amina, bo = Learner(bank, stores, 1001), Learner(bank, stores, 2002)
    await amina.meet()
    await amina.finish(await amina.start("emotion-check"))
    async with stores() as store:
        made = await Tutor(bank, store).challenges.create_challenge(
            1001, None, "Amina", amina.now, random.Random(7), "AbCdEfGhIjKlMnOp"
        )
    assert isinstance(made, ChallengeReady)
    challenge = made.challenge
    assert (challenge.lesson_id, challenge.challenger_score, challenge.challenger_total) == (
        "emotion-check",
        3,
        3,
    )
    assert 3 <= len(challenge.question_ids) <= 5
    lesson_items = {q.id for q in bank.lessons["emotion-check"].questions}
    assert not lesson_items & set(challenge.question_ids)
    async with stores() as store:
        opened = await Tutor(bank, store).challenges.open_challenge(
            "c" + challenge.code, 2002, bo.now
        )
    assert isinstance(opened, ChallengeOpened)
    card: Card | Stale = opened.first
    while not isinstance(card, ChallengeResult):
        if isinstance(card, QuestionCard):
            card = await bo.answer(card, set(correct_options(card.question)))
        else:
            assert isinstance(card, Feedback)
            card = await bo.tap_next(card)
    assert (card.score, card.total, card.notify_challenger) == (
        len(challenge.question_ids),
        len(challenge.question_ids),
        True,
    )
    async with stores() as store:
        again = await Tutor(bank, store).challenges.open_challenge(
            "c" + challenge.code, 2002, bo.now
        )
        record = await Tutor(bank, store).challenges.peer_record(1001)
        totals = await Tutor(bank, store).totals(bo.now)
    assert again == ChallengeUnavailable("taken")
    assert record == PeerRecord(1, 0)
    assert (totals.learners, totals.lessons_finished, totals.challenges_finished) == (2, 1, 1)
    await bo.finish(await bo.start("emotion-check"))
    async with stores() as store:
        assert await Tutor(bank, store).challenges.peer_record(1001) == PeerRecord(1, 1)
    assert (await bo.progress()).themes[0].answered == 3  # challenge answers are not lessons


async def test_a_challenge_longer_than_its_lesson_runs_to_its_last_question(
    bank: Bank,
) -> None:
    source = bank.lessons["emotion-check"]
    # one step and two questions: three cards, fewer than the challenge's five questions
    short = dataclasses.replace(source, steps=source.steps[:1], questions=source.questions[:2])
    small = Bank(lessons={**bank.lessons, "emotion-check": short}, pools=bank.pools)
    store = MemoryStore()
    amina, bo = Learner(small, store.unit, 1001), Learner(small, store.unit, 2002)
    await amina.meet()
    await amina.finish(await amina.start("emotion-check"))
    others = [q.id for q in small.review_items["either-or-trap"]]
    five = (*[q.id for q in small.review_items["emotion-check"]][:4], others[0])
    now = amina.now
    await store.save_challenge(
        Challenge("ShortLessonLong_", 1001, "Amina", "emotion-check", five, 2, 2, now,
                  now + timedelta(days=1))
    )  # fmt: skip
    async with store.unit() as unit:
        opened = await Tutor(small, unit).challenges.open_challenge(
            "cShortLessonLong_", 2002, bo.now
        )
    assert isinstance(opened, ChallengeOpened)
    card: Card | Stale = opened.first
    seen = 0
    while not isinstance(card, ChallengeResult):
        if isinstance(card, QuestionCard):
            seen += 1
            card = await bo.answer(card, set(correct_options(card.question)))
        else:
            assert isinstance(card, Feedback)
            card = await bo.tap_next(card)
    assert (seen, card.total, card.score) == (5, 5, 5)
