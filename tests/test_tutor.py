"""The learning loop without Telegram: a fixed clock, the in-memory and the SQL store."""

from __future__ import annotations

import pytest

from bot.bank.bank import Bank
from bot.bank.themes import Theme
from bot.learning.cards import (
    Feedback,
    Locked,
    QuestionCard,
    Stale,
    StepCard,
)
from bot.learning.grading import correct_options
from tests.stores import Learner, Stores


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
