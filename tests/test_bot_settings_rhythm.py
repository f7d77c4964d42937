"""Reminders and the weekly goal in /settings: the time, quiet hours, the goal, off and on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.bank.bank import Bank
from bot.clock import MovableClock
from bot.sandbox.server import TelegramServer
from storage.database import Database
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


@pytest.mark.unlimited
async def test_settings_change_the_goal_and_quiet_hours_and_turn_reminders_off(
    server: TelegramServer, clocked: RunningBot, clock: MovableClock
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await finish_first_lesson(amina, clocked)
    await amina.tap("⏰ Yes, remind me")
    await amina.receive()
    await amina.tap("21")  # 16:00 UTC: she is at UTC+5
    await amina.receive()
    await amina.tap("18:00")
    await amina.receive()

    await amina.send("/settings")
    settings = await amina.receive()
    assert settings.text.endswith(
        "Reminders: around 18:00\nQuiet hours, no reminders: 21:00-08:00\n"
        "Weekly goal: 3 days a week"
    )
    assert settings.button_texts[:3] == [
        ["⏰ Change the time", "Turn reminders off"],
        ["✅ 21-08", "🌙 22-07", "🌙 20-09"],
        ["🎯 2", "✅ 3", "🎯 5"],
    ]
    for label in ("🎯 5", "🌙 22-07", "Turn reminders off"):
        await amina.tap(label, message=amina.message(settings.message_id))
        await clocked.settle()
    changed = amina.message(settings.message_id)
    assert changed.text.endswith(
        "Reminders: off\nQuiet hours, no reminders: 22:00-07:00\nWeekly goal: 5 days a week"
    )
    assert changed.button_texts[:3] == [
        ["⏰ Turn reminders on"],
        ["🌙 21-08", "✅ 22-07", "🌙 20-09"],
        ["🎯 2", "🎯 3", "✅ 5"],
    ]
    planner = clocked.application.bot_data["planner"]
    clock.set(datetime(2026, 3, 3, 13, 0, tzinfo=UTC))  # 18:00 for her, a review due
    assert await planner.plan_once() == 0  # off: no reminder

    await amina.tap("⏰ Turn reminders on", message=changed)
    ask = await amina.receive()
    assert ask.text == "🕒 What time is it for you right now? Tap the hour."
    await amina.tap("18")  # 13:00 UTC: still UTC+5
    await amina.receive()
    await amina.tap("18:00")
    await amina.receive()
    assert await planner.plan_once() == 1
    reminder = await amina.receive()
    assert reminder.text.startswith("⏰ 1 review and the next lesson are waiting")
