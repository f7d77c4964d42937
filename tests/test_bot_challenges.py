"""Peer challenges end to end: A challenges B, B plays at once, A is told and credited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.learning.records import Challenge
from bot.sandbox.server import Message, SimulatedUser, TelegramServer
from storage.database import Database
from tests.dialogs import finish_first_lesson, progress
from tests.harness import RunningBot

LINK = re.compile(r"https://t\.me/milclicks_test_bot\?start=(c[A-Za-z0-9_-]{16})")


async def make_challenge(amina: SimulatedUser, bot: RunningBot) -> tuple[Message, Message, str]:
    end = await finish_first_lesson(amina, bot)
    assert ["🎯 Challenge a friend"] in end.button_texts
    await amina.tap("🎯 Challenge a friend")
    share = await amina.receive()
    forward = await amina.receive()
    found = LINK.search(share.text)
    assert found is not None
    return share, forward, found.group(1)


async def play_challenge(friend: SimulatedUser, bot: RunningBot, count: int) -> Message:
    """Answer every challenge question with its first option (or the first two)."""
    for number in range(1, count + 1):
        question = await friend.receive()
        if question.poll is not None:
            await friend.vote([0])
        elif question.button_texts[0] == ["True", "False"]:
            await friend.tap("True")
        else:
            await friend.tap(question.button_texts[0][0])
            await bot.settle()
            await friend.tap("Check my answer")
        verdict = await friend.receive()
        label = "See my score" if number == count else "Next question"
        assert verdict.button_texts == [[label]]
        await friend.tap(label)
    return await friend.receive()


async def test_a_friend_takes_a_challenge_and_the_challenger_is_credited(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", username="amina_k", language_code="en")
    bo = server.user(2002, "Bo", username="bo_the_great", language_code="en")
    share, forward, payload = await make_challenge(amina, bot)
    assert share.text.startswith("🎯 Your challenge is ready: ")
    assert share.text.endswith(f"https://t.me/milclicks_test_bot?start={payload}")
    share_button = share.buttons[0][0]
    assert share_button.text == "📤 Share with a friend"
    assert share_button.switch_inline_query_chosen_chat is not None
    code = share_button.switch_inline_query_chosen_chat["query"]
    assert payload == "c" + code
    assert share.buttons[1][0].copy_text == f"https://t.me/milclicks_test_bot?start={payload}"
    assert forward.text.startswith("🎯 Amina challenges you: ")
    assert forward.buttons[0][0].url == f"https://t.me/milclicks_test_bot?start={payload}"

    # A shares through the chat picker: inline query, then the chosen result.
    results = await amina.inline_query(code)
    assert [r["id"] for r in results] == [code]
    assert results[0]["type"] == "article"
    assert results[0]["input_message_content"]["message_text"].startswith(
        "🎯 Amina challenges you: "
    )
    await amina.choose_inline_result(code, code)

    # B has never used the bot, and plays at once.
    await bo.send(f"/start {payload}")
    intro = await bo.receive()
    assert re.fullmatch(
        r"🎯 Amina challenged you: [345] questions on The emotion check\. Here's the first one!",
        intro.text,
    )
    count = int(intro.text.split(": ")[1][0])
    result = await play_challenge(bo, bot, count)
    assert result.text.startswith("🏁 Challenge done! You got ")
    assert "Amina got 3 of 3 on the lesson." in result.text
    assert result.button_texts == [["Start the lesson"], ["📚 Topics"]]

    notice = await amina.receive()
    assert re.fullmatch(
        rf"🎯 Bo took your challenge on The emotion check: \d of {count} \(you: 3 of 3\)\.",
        notice.text,
    )
    everything = " ".join(m.text for m in amina.messages + bo.messages)
    assert "amina_k" not in everything and "bo_the_great" not in everything

    # Opening the link again does not count twice.
    await bo.send(f"/start {payload}")
    again = await bo.receive()
    assert again.text == "You've already taken this challenge. One go per person!"
    await bo.receive()  # the topics menu

    # B goes on to take the lesson; A's record shows it, each friend once.
    await bo.tap("Start the lesson", message=result)
    first_step = await bo.receive()
    assert first_step.text.startswith("The emotion check · 3 min")
    _, report = await progress(amina)
    assert (
        "\n🎯 Peer educator: 1 friend took your challenges · 0 went on to finish a lesson\n"
        in report.text
    )


async def test_broken_and_forbidden_links(
    server: TelegramServer, bot: RunningBot, database: Database
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    _, _, payload = await make_challenge(amina, bot)

    await amina.send(f"/start {payload}")
    assert (await amina.receive()).text == (
        "That's your own challenge 😄 Send it to a friend instead. Here are the topics:"
    )
    await amina.receive()

    cy = server.user(3003, "Cy", language_code="en")
    for forged in ("cAAAAAAAAAAAAAAAA", "c" + "A" * 15, "c" + "A" * 17, "c!!!!!!!!!!!!!!!!", "hi"):
        await cy.send(f"/start {forged}")
        reply = await cy.receive()
        menu = await cy.receive()
        assert menu.text == "📚 Pick a topic. Each lesson takes 3-5 minutes."
        expected = (
            "I can't find that challenge. Ask your friend to send it again."
            if forged == "cAAAAAAAAAAAAAAAA"
            else "That link doesn't look like a challenge. Here's what I can do:"
        )
        assert reply.text == expected, forged

    # An expired challenge, made 31 days ago.
    now = datetime.now(UTC)
    async with database.unit() as store, store.transaction():
        await store.save_challenge(
            Challenge(
                "old_old_old_old_",
                1001,
                "Amina",
                "emotion-check",
                ("ctr-emo-1", "ctr-emo-2", "ctr-emo-3"),
                3,
                3,
                now - timedelta(days=31),
                now - timedelta(days=1),
            )
        )
    await cy.send("/start cold_old_old_old_")
    assert (await cy.receive()).text == (
        "That challenge has expired. Ask your friend for a fresh one!"
    )


# Eleven challenges in a second send more to one chat than Telegram would take in a burst.
@pytest.mark.unlimited
async def test_a_challenge_needs_a_finished_lesson_and_has_a_daily_cap(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/challenge")
    refusal = await amina.receive()
    assert refusal.text == "🎯 Finish a lesson first, then challenge a friend on it."
    assert refusal.button_texts == [["Next: The emotion check"], ["📚 Topics"]]
    await finish_first_lesson(amina, bot)
    for _ in range(10):
        await amina.send("/challenge")
        assert (await amina.receive()).text.startswith("🎯 Your challenge is ready")
        await amina.receive()
    await amina.send("/challenge")
    assert (await amina.receive()).text == (
        "You've sent 10 challenges today, the most for one day. New ones tomorrow! 🙂"
    )


async def test_a_challenge_shared_in_a_group_works_for_each_member(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    bo = server.user(2002, "Bo", language_code="en")
    cy = server.user(3003, "Cy", language_code="en")
    group = server.group(-500, "Class 9B", [amina, bo, cy])
    _, _, payload = await make_challenge(amina, bot)
    for friend in (bo, cy):  # each one who taps the link plays in a private chat
        await friend.send(f"/start {payload}")
        assert (await friend.receive()).text.startswith("🎯 Amina challenged you")
        assert (await friend.receive()).chat_id == friend.id
    await bot.settle()
    assert group.messages == []  # the bot never posted in the group


async def test_notices_can_be_turned_off(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    bo = server.user(2002, "Bo", language_code="en")
    _, _, payload = await make_challenge(amina, bot)
    await amina.send("/settings")
    settings = await amina.receive()
    assert settings.text == (
        "⚙️ Settings\n\nMessages when a friend finishes your challenge: on\n"
        "Reminders: off\nQuiet hours, no reminders: 21:00-08:00\nWeekly goal: 3 days a week"
    )
    await amina.tap("Turn them off")
    await bot.settle()
    assert "challenge: off\n" in amina.message(settings.message_id).text
    await bo.send(f"/start {payload}")
    intro = await bo.receive()
    count = int(intro.text.split(": ")[1][0])
    await play_challenge(bo, bot, count)
    await bot.settle()
    assert amina.last.message_id == settings.message_id  # no notice
