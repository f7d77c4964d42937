"""Spaced review in the chat: a lesson today, its review tomorrow, one tap of confidence each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.sandbox.server import SimulatedUser, TelegramServer
from storage.sql import Database
from tests.dialogs import finish_first_lesson
from tests.harness import RunningBot, running_bot

START = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
async def clocked(
    server: TelegramServer, bank: Bank, database: Database, clock: MovableClock
) -> AsyncIterator[RunningBot]:
    async with running_bot(server, bank, database.unit, clock) as running:
        yield running


async def answer_item(learner: SimulatedUser, bot: RunningBot, confidence: str) -> str:
    """Answer the item on screen with its first button, then say how sure; the verdict."""
    item = await learner.receive()
    await learner.tap(item.button_texts[0][0])
    await bot.settle()
    asked = learner.message(item.message_id)
    assert asked.text.endswith("How sure are you?")
    assert asked.button_texts == [["🤷 I guessed", "🙂 Fairly sure", "💪 Certain"]]
    await learner.tap(confidence)
    verdict = await learner.receive()
    assert learner.message(item.message_id).button_texts == []
    return verdict.text


async def test_review_before_any_lesson_points_to_the_first(
    server: TelegramServer, clocked: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/review")
    reply = await amina.receive()
    assert reply.text.startswith("🔁 Review brings back what you learned in lessons")
    assert reply.button_texts == [["Let's go"], ["📚 Topics"]]


# A lesson and a review round in seconds: more to one chat than any learner taps.
@pytest.mark.unlimited
async def test_a_lesson_today_comes_back_for_review_tomorrow(
    server: TelegramServer, clocked: RunningBot, clock: MovableClock
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    end = await finish_first_lesson(amina, clocked)
    assert end.button_texts[-1] == ["🔁 Review", "📚 Topics"]

    await amina.tap("🔁 Review")
    nothing = await amina.receive()
    assert nothing.text == (
        "✅ Nothing to review right now. Next review: in 1 day.\n\n"
        "Fancy a quick bonus round of questions you haven't seen?"
    )
    await amina.send("/progress")
    progress = await amina.receive()
    assert progress.text.endswith("🔁 Next review: in 1 day")

    clock.advance(timedelta(days=1))
    await amina.send("/review")
    verdicts = []
    for number, confidence in enumerate(("💪 Certain", "🤷 I guessed", "🙂 Fairly sure"), 1):
        verdicts.append(await answer_item(amina, clocked, confidence))
        label = "Finish the review" if number == 3 else "Next question"
        assert amina.messages[-1].button_texts == [[label]]
        await amina.tap(label)
    done = await amina.receive()
    assert done.text.startswith("🔁 Review done: ")
    assert "\nNext review: in " in done.text
    assert done.button_texts == [["Next: The either-or trap"], ["📚 Topics"]]
    assert any("🤷 A guess, so this one comes back soon to make sure." in v for v in verdicts)

    await amina.send("/progress")
    progress = await amina.receive()
    assert "🔁 Next review: in " in progress.text
    assert "🧠 Remembered: 🧠 " in progress.text

    # Nothing is due now; the bonus round offers what is left unseen, or says so.
    await amina.send("/review")
    after = await amina.receive()
    assert after.text.startswith("✅ Nothing to review right now. Next review: in ")
