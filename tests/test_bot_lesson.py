"""A learner on Telegram: the real bot over HTTP against the loopback server."""

from __future__ import annotations

from bot.sandbox.server import TelegramServer
from tests.harness import RunningBot


async def test_a_new_learner_takes_a_whole_lesson(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    welcome = await amina.receive()
    assert welcome.text == (
        "Hi Amina 👋 I'm MIL CLICKS: 3-minute lessons on spotting tricks online, from fake "
        "experts to AI-made photos.\n\nReady for your first one?"
    )
    assert welcome.button_texts == [
        ["Let's go"],
        ["Show me the topics"],
        ["📡 Test your radar first (2 min)"],
    ]

    await amina.tap("Let's go")
    hook = await amina.receive()
    assert hook.text.startswith("The emotion check · 3 min\n\n🧠 You're scrolling and see:")
    assert hook.button_texts == [["Why does that work?"]]
    await amina.tap("Why does that work?")
    technique = await amina.receive()
    assert technique.text.startswith("This trick is called emotional language:")
    assert amina.message(hook.message_id).button_texts == []  # used buttons go away
    await amina.tap("Show me an example")
    example = await amina.receive()
    assert example.button_texts == [["I'm ready for the questions"]]
    await amina.tap("I'm ready for the questions")

    poll_message = await amina.receive()
    assert poll_message.poll is not None
    poll = poll_message.poll
    assert (poll.type, poll.is_anonymous, poll.correct_option_id) == ("quiz", False, 1)
    assert poll.question == "Which headline is trying to make you feel before you think?"
    assert poll.option_texts[1] == "They're LYING to you about the buses!!!"
    await amina.vote([1])
    verdict = await amina.receive()
    assert verdict.text.startswith("✅ Right! Capital letters")
    assert verdict.button_texts == [["Next question"]]

    await amina.tap("Next question")
    statement = await amina.receive()
    assert statement.text == (
        "❓ Question 2 of 3\n\nThe Orla Cinema's own account posts: \"We're SO excited 🎉 Student "
        'tickets are half price on Tuesdays from 1 May! Details on our website." It sounds '
        "excited, but it's fine to trust."
    )
    assert statement.button_texts == [["True", "False"]]
    await amina.tap("False")
    verdict = await amina.receive()
    assert verdict.text.startswith(
        "Not quite. The answer: True\n\nThis one is fine. Excitement isn't a trick"
    )
    assert "💡 The emotion check isn't a fake detector." in verdict.text
    assert amina.message(statement.message_id).text.endswith("Your answer:\n• False")

    await amina.tap("Next question")
    several = await amina.receive()
    assert several.text.startswith("❓ Question 3 of 3")
    assert several.button_texts[0] == ["⬜ Wait a moment before sharing"]
    await amina.tap("⬜ Wait a moment before sharing")
    await amina.tap("⬜ Search for the same story from another source")
    await amina.tap("⬜ Check who posted it first")
    await bot.settle()
    assert amina.message(several.message_id).button_texts == [
        ["☑️ Wait a moment before sharing"],
        ["☑️ Search for the same story from another source"],
        ["⬜ Share it quickly so friends are warned"],
        ["☑️ Check who posted it first"],
        ["Check my answer"],
    ]
    await amina.tap("Check my answer")
    verdict = await amina.receive()
    assert verdict.text.startswith("✅ Right! Pause, check the source")
    assert verdict.button_texts == [["See my score"]]
    await amina.tap("See my score")

    end = await amina.receive()
    assert end.text == (
        "🏁 The emotion check: done!\n"
        "You got 2 of 3 questions right. Every question you try makes the next trick easier "
        "to spot.\n\n"
        "💡 Take this with you: When a post makes you feel a lot very fast, that's your cue "
        "to pause and check before you share.\n\n"
        "🗓 This week: 1 of 3 days"
    )
    assert end.button_texts == [
        ["Next: The either-or trap"],
        ["🎯 Challenge a friend"],
        ["📖 Sources"],
        ["🔁 Review", "📚 Topics"],
    ]
    offer = await amina.receive()  # after a first lesson: would a reminder help?
    assert offer.text.startswith("⏰ Would a reminder help?")
    # The sources reach the learner: titles as links, with their licences.
    await amina.tap("📖 Sources")
    sources = await amina.receive()
    assert sources.text.startswith("📖 Sources for The emotion check\n\n• ")
    assert "Caulfield, SIFT (The Four Moves)\n  licence: CC BY 4.0" in sources.text
    assert sources.button_texts == [["📚 Topics"]]
    commands = [c for c in server.calls_to("setMyCommands") if "scope" not in c.params]
    assert [c["command"] for c in commands[0].params["commands"]] == [
        "start",
        "topics",
        "progress",
        "review",
        "challenge",
        "pact",
        "radar",
        "classes",
        "teach",
        "class",
        "language",
        "settings",
        "privacy",
        "help",
    ]


async def test_a_lesson_link_opens_that_lesson_even_for_a_newcomer(
    server: TelegramServer, bot: RunningBot
) -> None:
    leo = server.user(1002, "Leo", language_code="en")
    await leo.send("/start lesson-emotion-check")
    hook = await leo.receive()
    assert hook.text.startswith("The emotion check · 3 min\n\n🧠 You're scrolling and see:")
    assert hook.button_texts == [["Why does that work?"]]
    await leo.send("/start lesson-either-or-trap")  # it builds on the emotion check
    linked = await leo.receive()
    assert linked.text.startswith("The either-or trap · ")
    await leo.send("/start lesson-no-such-lesson")
    topics = await leo.receive()
    assert topics.text.startswith("📚")
