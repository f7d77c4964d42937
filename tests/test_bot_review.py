"""Spaced review in the chat: a lesson today, its review tomorrow, one tap of confidence each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.sandbox.server import Message, SimulatedUser, TelegramServer
from storage.database import Database
from tests.dialogs import finish_first_lesson, progress
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


async def answer_item(
    learner: SimulatedUser, bot: RunningBot, confidence: str, item: Message | None = None
) -> str:
    """Answer the item on screen with its first button (a several-answer item: tick the
    first letter and check), then say how sure; the verdict."""
    item = item or await learner.receive()
    await learner.tap(item.button_texts[0][0])
    await bot.settle()
    if "Tick all that apply" in item.text:
        await learner.tap("Check my answer", message=learner.message(item.message_id))
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
async def test_a_lesson_today_a_reminder_at_their_hour_tomorrow_and_the_review(
    server: TelegramServer, clocked: RunningBot, clock: MovableClock
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    end = await finish_first_lesson(amina, clocked)
    assert end.text.endswith("🗓 This week: 1 of 3 days")
    assert end.button_texts[-1] == ["🔁 Review", "📚 Topics"]
    offer = amina.last
    assert offer.text == (
        "⏰ Would a reminder help? I can send one message a day at most, when your next "
        "review is ready. Never at night."
    )
    await amina.tap("⏰ Yes, remind me")
    ask = await amina.receive()
    assert ask.text == "🕒 What time is it for you right now? Tap the hour."
    assert len([b for row in ask.button_texts for b in row]) == 24
    await amina.tap("21")  # 16:00 UTC: she is at UTC+5
    hours = await amina.receive()
    assert hours.text == "⏰ When should I remind you?"
    assert hours.button_texts[0] == ["08:00", "09:00", "10:00", "11:00"]
    assert hours.button_texts[-1] == ["20:00"]
    await amina.tap("18:00")
    done = await amina.receive()
    assert done.text == (
        "✅ Done! At most one reminder a day, around 18:00, and never between 21:00 and "
        "08:00. Change it or turn it off in /settings."
    )

    await amina.tap("🔁 Review", message=end)
    nothing = await amina.receive()
    assert nothing.text == (
        "✅ Nothing to review right now. Next review: in 16 hours.\n\n"
        "Fancy a quick bonus round of questions you haven't seen?"
    )
    _, report = await progress(amina)
    assert report.text.endswith("🔁 Next review: in 16 hours\n🗓 This week: 1 of 3 days")

    planner = clocked.application.bot_data["planner"]
    clock.set(datetime(2026, 3, 3, 12, 0, tzinfo=UTC))  # 17:00 for her: not yet
    assert await planner.plan_once() == 0
    clock.set(datetime(2026, 3, 3, 13, 0, tzinfo=UTC))  # 18:00 for her
    assert await planner.plan_once() == 1
    reminder = await amina.receive()
    assert reminder.text == "⏰ 1 review and the next lesson are waiting, about 4 min."
    assert reminder.button_texts == [["🔁 Start the review"]]
    assert await planner.plan_once() == 0  # one a day

    await amina.tap("🔁 Start the review")
    verdicts = []
    for number, confidence in enumerate(("💪 Certain", "🤷 I guessed", "🙂 Fairly sure"), 1):
        verdicts.append(await answer_item(amina, clocked, confidence))
        label = "Finish the review" if number == 3 else "Next question"
        assert amina.messages[-1].button_texts == [[label]]
        await amina.tap(label)
    finished = await amina.receive()
    assert finished.text.startswith("🔁 Review done: ")
    assert "\nNext review: in " in finished.text
    assert finished.button_texts == [["Next: The either-or trap"], ["📚 Topics"]]
    assert any("🤷 A guess, so this one comes back soon to make sure." in v for v in verdicts)

    picture, report = await progress(amina)
    assert "how much you still remember from your reviews" in picture.text  # its caption
    assert "🔁 Next review: in " in report.text
    assert "🧠 Remembered: 🧠 " in report.text
    assert report.text.endswith("🗓 This week: 2 of 3 days")


async def answer_ticks(learner: SimulatedUser, bot: RunningBot, item: Message) -> str:
    """Tick A, C and B, untick B, check (A and C are right), say "certain": the verdict."""
    assert item.text.endswith("D. you'll be FURIOUS\n\nTick all that apply, then check.")
    assert item.button_texts == [["⬜ A", "⬜ B", "⬜ C", "⬜ D"]]  # no check before a tick
    for label in ("⬜ A", "⬜ C", "⬜ B"):
        await learner.tap(label, message=learner.message(item.message_id))
        await bot.settle()
    assert learner.message(item.message_id).button_texts == [
        ["☑️ A", "☑️ B", "☑️ C", "⬜ D"],
        ["Check my answer"],
    ]
    await learner.tap("☑️ B", message=learner.message(item.message_id))
    await bot.settle()
    await learner.tap("Check my answer", message=learner.message(item.message_id))
    await bot.settle()
    asked = learner.message(item.message_id)
    assert asked.text.endswith("Your answer: A, C\nHow sure are you?")
    await learner.tap("💪 Certain")
    return (await learner.receive()).text


async def play_round(learner: SimulatedUser, bot: RunningBot) -> tuple[list[str], str]:
    """Answer items to the round's end: the prompts asked, and the several-answer verdict."""
    prompts, ticked = [], ""
    while not (item := await learner.receive()).text.startswith("🔁 Review done"):
        prompts.append(item.text.split("\n\n")[1])
        if "Tick all that apply" in item.text:
            ticked = await answer_ticks(learner, bot, item)
        else:
            await answer_item(learner, bot, "🙂 Fairly sure", item)
        await learner.tap(learner.messages[-1].button_texts[0][0])
    return prompts, ticked


@pytest.mark.unlimited
async def test_a_several_answer_item_comes_back_in_review_with_ticks_and_a_check(
    server: TelegramServer, clocked: RunningBot, clock: MovableClock
) -> None:
    """The first lesson's pool has five items, one of them several-answer: the round and
    the bonus round after it ask all five, so the several-answer one is among them."""
    amina = server.user(1001, "Amina", language_code="en")
    await finish_first_lesson(amina, clocked)
    clock.set(datetime(2026, 3, 3, 12, 0, tzinfo=UTC))
    await amina.send("/review")
    asked, first = await play_round(amina, clocked)
    await amina.send("/review")
    offer = await amina.receive()
    assert offer.button_texts[0] == ["✨ Bonus round"]
    await amina.tap("✨ Bonus round")
    more, second = await play_round(amina, clocked)
    assert len(asked) == 3
    assert len(more) == 2
    assert len(set(asked + more)) == 5
    assert (first or second).startswith("✅ Right!")
