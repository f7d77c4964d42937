"""The reminder speaks the learner's language: Portuguese, and Arabic right to left."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.languages import translator
from bot.sandbox.server import Message, SimulatedUser, TelegramServer
from storage.database import Database
from tests.harness import RunningBot, running_bot

START = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
REMINDER = (
    "⏰ {count} review and the next lesson are waiting, about {minutes} min.",
    "⏰ {count} reviews and the next lesson are waiting, about {minutes} min.",
)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
async def clocked(
    server: TelegramServer, bank: Bank, database: Database, clock: MovableClock
) -> AsyncIterator[RunningBot]:
    async with running_bot(server, bank, database.unit, clock) as running:
        yield running


async def first_lesson_in(
    learner: SimulatedUser, bot: RunningBot, bank: Bank, language: str
) -> Message:
    """The first lesson from /start to its end card, every tap in `language`; the offer of
    reminders that follows it is read too; the end card returns."""
    t = translator(language)
    await learner.send("/start")
    await learner.receive()
    await learner.tap(t.gettext("Let's go"))
    for step in bank.lesson("emotion-check", language).steps:
        await learner.receive()
        assert step.button is not None
        await learner.tap(step.button)
    assert (await learner.receive()).poll is not None
    await learner.vote([1])
    await learner.receive()
    await learner.tap(t.gettext("Next question"))
    await learner.receive()
    await learner.tap(t.gettext("True"))
    await learner.receive()
    await learner.tap(t.gettext("Next question"))
    several = await learner.receive()
    await learner.tap(several.button_texts[0][0])
    await bot.settle()
    await learner.tap(t.gettext("Check my answer"))
    await learner.receive()
    await learner.tap(t.gettext("See my score"))
    end = await learner.receive()
    offer = await learner.receive()
    assert offer.button_texts[0][0] == t.gettext("⏰ Yes, remind me")
    return end


# A lesson in seconds: more to one chat than any learner taps.
@pytest.mark.unlimited
@pytest.mark.parametrize(("code", "language"), [("pt-BR", "pt"), ("ar", "ar")])
async def test_the_reminder_at_their_hour_is_in_their_language(
    server: TelegramServer,
    clocked: RunningBot,
    clock: MovableClock,
    bank: Bank,
    code: str,
    language: str,
) -> None:
    t = translator(language)
    english = translator("en")
    assert t.ngettext(*REMINDER, 1) != english.ngettext(*REMINDER, 1)  # the catalog has it
    learner = server.user(1001, "Ana", language_code=code)
    await first_lesson_in(learner, clocked, bank, language)
    await learner.tap(t.gettext("⏰ Yes, remind me"))
    ask = await learner.receive()
    assert ask.text == t.gettext("🕒 What time is it for you right now? Tap the hour.")
    await learner.tap("21")  # 16:00 UTC: UTC+5
    hours = await learner.receive()
    assert hours.text == t.gettext("⏰ When should I remind you?")
    await learner.tap("18:00")
    await learner.receive()

    planner = clocked.application.bot_data["planner"]
    clock.set(datetime(2026, 3, 3, 13, 0, tzinfo=UTC))  # 18:00 for them, the next day
    assert await planner.plan_once() == 1
    reminder = await learner.receive()
    assert reminder.text == t.ngettext(*REMINDER, 1).format(count=1, minutes=4)
    start = t.gettext("🔁 Start the review")
    assert start != english.gettext("🔁 Start the review")
    assert reminder.button_texts == [[start]]

    await learner.tap(start)  # the review begins: its first item, asked in their language
    item = await learner.receive()
    await learner.tap(item.button_texts[0][0])
    await clocked.settle()
    if t.gettext("Tick all that apply, then check.") in item.text:
        await learner.tap(t.gettext("Check my answer"), message=learner.message(item.message_id))
        await clocked.settle()
    sure = t.gettext("How sure are you?")
    assert sure != english.gettext("How sure are you?")
    assert learner.message(item.message_id).text.endswith(sure)
