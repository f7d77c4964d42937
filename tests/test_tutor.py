"""The learning loop without Telegram: a fixed clock, the in-memory and the SQL store."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

import pytest

from bot.bank.bank import Bank
from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.cards import (
    Card,
    ChallengeResult,
    EndCard,
    Feedback,
    Locked,
    QuestionCard,
    Stale,
    StepCard,
)
from bot.learning.challenges import (
    ChallengeOpened,
    ChallengeReady,
    ChallengeUnavailable,
)
from bot.learning.grading import correct_options, option_count
from bot.learning.memory_store import MemoryStore
from bot.learning.progress import LessonStatus, ProgressReport
from bot.learning.records import Challenge, PeerRecord
from bot.learning.store import ProgressStore
from bot.learning.tutor import Tutor
from bot.learning.views import Meeting
from storage.database import Database
from storage.engines import make_engine
from storage.migrate import upgrade_async

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]


@pytest.fixture(params=["memory", "sqlite", "async-driver", "postgresql"])
async def stores(
    request: pytest.FixtureRequest, database: Database, sqlite_url: str
) -> AsyncIterator[Stores]:
    """Every adapter of the progress store port: in memory, SQL in the event loop, SQL
    through an async driver, and a real PostgreSQL server (where the machine has one)."""
    if request.param == "memory":
        yield MemoryStore().unit
    elif request.param == "sqlite":
        yield database.unit
    else:
        url = sqlite_url
        if request.param == "postgresql":
            url = request.getfixturevalue("postgres_url")
            await _fresh_schema(url)
        through_driver = Database(url, in_loop=False)
        yield through_driver.unit
        await through_driver.close()


async def _fresh_schema(url: str) -> None:
    """An empty, migrated schema: each test starts from nothing."""
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        await connection.exec_driver_sql("CREATE SCHEMA public")
    await engine.dispose()
    await upgrade_async(url)


class Learner:
    """One learner's updates, each with its own store, twenty seconds apart."""

    def __init__(self, bank: Bank, stores: Stores, learner_id: int = 1001) -> None:
        self.bank, self.stores, self.id = bank, stores, learner_id
        self.now = NOW

    def _tick(self) -> datetime:
        self.now += timedelta(seconds=20)
        return self.now

    async def meet(self) -> Meeting:
        async with self.stores() as store:
            return await Tutor(self.bank, store).meet(self.id, self._tick())

    async def start(self, lesson_id: str) -> Card | Locked:
        async with self.stores() as store:
            return await Tutor(self.bank, store).start(self.id, lesson_id, self._tick())

    async def tap_next(self, card: Card, position: int | None = None) -> Card | Stale:
        assert isinstance(card, StepCard | QuestionCard | Feedback)
        where = card.position if position is None else position
        async with self.stores() as store:
            return await Tutor(self.bank, store).advance(
                self.id, card.attempt_id, where, self._tick()
            )

    async def answer(self, card: Card, chosen: set[int]) -> Feedback | Stale:
        assert isinstance(card, QuestionCard)
        async with self.stores() as store:
            return await Tutor(self.bank, store).answer(
                self.id, card.attempt_id, card.position, frozenset(chosen), self._tick()
            )

    async def progress(self) -> ProgressReport:
        async with self.stores() as store:
            return await Tutor(self.bank, store).progress(self.id, self._tick())

    async def theme(self, theme: Theme) -> list[tuple[Lesson, LessonStatus]]:
        async with self.stores() as store:
            return await Tutor(self.bank, store).theme(self.id, theme, self._tick())

    async def finish(self, card: Card | Locked | Stale, *, right: bool = True) -> EndCard:
        """Tap through the rest of a lesson, answering every question right (or wrong)."""
        while not isinstance(card, EndCard):
            if isinstance(card, QuestionCard):
                good = correct_options(card.question)
                bad = set(range(option_count(card.question))) - good
                card = await self.answer(card, set(good) if right else {min(bad)})
            elif isinstance(card, StepCard | Feedback):
                card = await self.tap_next(card)
            else:
                raise AssertionError(f"unexpected {card!r}")
        return card

    async def open_questions(self, lesson_id: str) -> QuestionCard:
        """Start a lesson and tap through its steps to the first question."""
        card: Card | Locked | Stale = await self.start(lesson_id)
        while isinstance(card, StepCard):
            card = await self.tap_next(card)
        assert isinstance(card, QuestionCard)
        return card


@pytest.fixture
def amina(bank: Bank, stores: Stores) -> Learner:
    return Learner(bank, stores)


async def test_a_new_learner_is_offered_the_first_lesson(amina: Learner) -> None:
    meeting = await amina.meet()
    assert meeting.new is True
    assert meeting.resume is None
    assert meeting.first_lesson is not None
    assert meeting.first_lesson.id == "emotion-check"


async def test_a_whole_lesson_then_progress(amina: Learner) -> None:
    await amina.meet()
    first = await amina.start("emotion-check")
    assert isinstance(first, StepCard)
    assert (first.step.id, first.number, first.position) == ("hook", 1, 0)
    end = await amina.finish(first)
    assert (end.lesson.id, end.score, end.total) == ("emotion-check", 3, 3)
    assert end.next_lesson is not None
    assert end.next_lesson.theme == Theme.CRITICAL_THINKING
    report = await amina.progress()
    entry = report.themes[0]
    assert (entry.theme, entry.done, entry.total, entry.correct, entry.answered) == (
        Theme.CRITICAL_THINKING,
        1,
        6,
        3,
        3,
    )
    assert report.days_active == 1
    assert report.lessons_done == 1


async def test_wrong_answers_lower_the_score(amina: Learner) -> None:
    await amina.meet()
    end = await amina.finish(await amina.start("emotion-check"), right=False)
    assert (end.score, end.total) == (0, 3)
    assert (await amina.progress()).themes[0].accuracy == 0.0


async def test_leaving_mid_lesson_and_coming_back(amina: Learner) -> None:
    await amina.meet()
    card = await amina.start("emotion-check")
    assert isinstance(card, StepCard)
    await amina.tap_next(card)
    meeting = await amina.meet()
    assert meeting.new is False
    assert isinstance(meeting.resume, StepCard)
    assert (meeting.resume.step.id, meeting.resume.position) == ("technique", 1)


async def test_a_double_tap_moves_on_once(amina: Learner) -> None:
    await amina.meet()
    card = await amina.start("emotion-check")
    assert isinstance(card, StepCard)
    first = await amina.tap_next(card)
    second = await amina.tap_next(card)
    assert isinstance(first, StepCard)
    assert first.position == 1
    assert isinstance(second, Stale)
    assert second.reason == "moved-on"
    assert isinstance(second.current, StepCard)
    assert second.current.position == 1


async def test_an_answer_counts_once(amina: Learner) -> None:
    await amina.meet()
    question = await amina.open_questions("emotion-check")
    assert question.question.id == "ec-headline"
    right = await amina.answer(question, {1})
    again = await amina.answer(question, {0})
    assert isinstance(right, Feedback)
    assert right.correct is True
    assert isinstance(again, Stale)
    assert again.reason == "already-answered"
    assert (await amina.progress()).themes[0].answered == 1


async def test_a_question_must_be_answered_before_moving_on(amina: Learner) -> None:
    await amina.meet()
    question = await amina.open_questions("emotion-check")
    skipped = await amina.tap_next(question)
    assert isinstance(skipped, Stale)
    assert skipped.reason == "answer-first"


async def test_several_answers_must_match_exactly(amina: Learner) -> None:
    await amina.meet()
    question = await amina.open_questions("emotion-check")
    card = await amina.finish(question)  # every answer right
    assert card.score == 3
    await amina.start("emotion-check")
    retake = await amina.open_questions("emotion-check")
    for _ in range(2):  # to the several-answer question, answered with one of three
        feedback = await amina.answer(retake, set(correct_options(retake.question)))
        assert isinstance(feedback, Feedback)
        nxt = await amina.tap_next(feedback)
        assert isinstance(nxt, QuestionCard)
        retake = nxt
    assert retake.question.id == "ec-pause"
    partial = await amina.answer(retake, {0})
    assert isinstance(partial, Feedback)
    assert partial.correct is False
    assert partial.last is True


async def test_a_lesson_waits_for_its_prerequisite(amina: Learner, bank: Bank) -> None:
    await amina.meet()
    waiting = next(lesson for lesson in bank.lessons.values() if lesson.prerequisites)
    result = await amina.start(waiting.id)
    assert isinstance(result, Locked)
    assert [m.id for m in result.missing] == list(waiting.prerequisites)
    statuses = {lesson.id: status for lesson, status in await amina.theme(waiting.theme)}
    assert statuses[waiting.id] == "locked"
    assert list(statuses.values()).count("next") == 1


async def test_a_button_from_an_older_lesson_is_stale(amina: Learner) -> None:
    await amina.meet()
    old = await amina.start("emotion-check")
    new = await amina.start("prebunk-a-friend")
    assert isinstance(old, StepCard)
    assert isinstance(new, StepCard)
    result = await amina.tap_next(old)
    assert isinstance(result, Stale)
    assert result.reason == "old-lesson"
    assert isinstance(result.current, StepCard)
    assert result.current.lesson.id == "prebunk-a-friend"


async def test_learners_do_not_see_each_other(bank: Bank, stores: Stores) -> None:
    amina, bo = Learner(bank, stores, 1001), Learner(bank, stores, 1002)
    await amina.meet()
    await bo.meet()
    card = await amina.start("emotion-check")
    assert isinstance(card, StepCard)
    stolen = await bo.tap_next(card)
    assert isinstance(stolen, Stale)
    assert stolen.current is None
    await amina.finish(card)
    assert (await bo.progress()).lessons_done == 0


async def test_a_lesson_that_left_the_bank_does_not_block_the_learner(
    bank: Bank, stores: Stores
) -> None:
    amina = Learner(bank, stores)
    await amina.meet()
    old = await amina.start("emotion-check")
    assert isinstance(old, StepCard)
    await amina.tap_next(old)
    smaller = Bank(
        lessons={k: v for k, v in bank.lessons.items() if k != "emotion-check"
                 and "emotion-check" not in v.prerequisites},
        pools=bank.pools,
    )  # fmt: skip
    amina.bank = smaller
    meeting = await amina.meet()
    assert meeting.resume is None
    assert meeting.first_lesson is not None
    stale = await amina.tap_next(old, position=1)
    assert isinstance(stale, Stale)
    assert (stale.reason, stale.current) == ("old-lesson", None)
    fresh = await amina.start(meeting.first_lesson.id)
    assert isinstance(fresh, StepCard)


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
