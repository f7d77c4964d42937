"""The bot's manners: menus, progress, stale buttons, duplicates, free text, blocked users."""

from __future__ import annotations

from bot.bank.bank import Bank
from bot.sandbox.server import TelegramServer
from storage.database import Database
from tests.dialogs import finish_first_lesson, progress, to_first_poll
from tests.harness import RunningBot, running_bot


async def test_help_topics_and_a_theme(server: TelegramServer, bot: RunningBot) -> None:
    bo = server.user(1002, "Bo", language_code="en")
    await bo.send("/help")
    help_message = await bo.receive()
    assert help_message.text == (
        "I teach you to spot tricks online, in lessons of 3-5 minutes.\n\n"
        "/start: start or continue a lesson\n"
        "/topics: the seven topics and your lessons\n"
        "/progress: what you've done so far\n"
        "/review: a quick round on what you learned\n"
        "/challenge: send a friend a quiz on your latest lesson\n"
        "/pact: take the MIL CLICKS Pact and become a MIL CLICKer\n"
        "/classes: the classes you're in\n"
        "/teach: for teachers, run a class and set its lessons\n"
        "/class: for teachers, the report on your class\n"
        "/language: speak another language\n"
        "/settings: reminders, weekly goal, news of friends' challenges\n"
        "/privacy: what I keep about you; /mydata for a copy, /forgetme to erase\n"
        "/help: this message\n\n"
        "🔎 Forward me a post, a link or a screenshot: I'll show you how to check it."
    )
    await bo.send("/topics")
    topics = await bo.receive()
    assert topics.text == "📚 Pick a topic. Each lesson takes 3-5 minutes."
    assert topics.button_texts == [
        ["🧠 Critical thinking · 0/6"],
        ["🎨 Creativity · 0/6"],
        ["📰 Literacy · 0/6"],
        ["🌍 Intercultural · 0/6"],
        ["🤝 Citizenship · 0/6"],
        ["🔎 Knowledge · 0/6"],
        ["🌱 Sustainability · 0/6"],
    ]
    await bo.tap("🔎 Knowledge · 0/6")
    theme = await bo.receive()
    assert theme.text.splitlines()[:3] == [
        "🔎 Knowledge",
        "",
        "▶️ Trace it to the original · up next",
    ]
    assert theme.button_texts[-1] == ["📚 Topics"]
    await bo.tap("🔒 Charts that stretch the truth")
    locked = await bo.receive()
    assert locked.text == (
        "🔒 Charts that stretch the truth builds on Cherry-picked numbers. Start with that one?"
    )
    assert locked.button_texts == [["Next: Cherry-picked numbers"], ["📚 Topics"]]


async def test_progress_after_a_lesson(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await finish_first_lesson(amina, bot, ticks=("⬜ Wait a moment before sharing",))
    picture, report = await progress(amina)
    assert picture.text == (
        "📊 Your seven CLICKS themes: the filled shape shows the lessons you've done, the "
        "dotted line how many answers you got right. The same figures are in the message below."
    )
    assert report.text == (
        "📊 Your progress\n\nC C L I C K S\n🟨⬜⬜⬜⬜⬜⬜\n\n"
        "🧠 Critical thinking: 1 of 6 lessons · 67% right\n"
        "🎨 Creativity: 0 of 6 lessons\n"
        "📰 Literacy: 0 of 6 lessons\n"
        "🌍 Intercultural: 0 of 6 lessons\n"
        "🤝 Citizenship: 0 of 6 lessons\n"
        "🔎 Knowledge: 0 of 6 lessons\n"
        "🌱 Sustainability: 0 of 6 lessons\n\n"
        "1 of 42 lessons done · Active on 1 day\n\n"
        "🔁 Next review: in 16 hours\n"
        "🗓 This week: 1 of 3 days"
    )


async def test_progress_survives_a_restart(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    async with running_bot(server, bank, database.unit):
        await amina.send("/start")
        await amina.receive()
        await amina.tap("Let's go")
        await amina.receive()
        await amina.tap("Why does that work?")
        await amina.receive()
    async with running_bot(server, bank, database.unit):
        await amina.send("/start")
        back = await amina.receive()
        assert back.text == "Welcome back, Amina 👋 You were in the middle of The emotion check."
        assert back.button_texts == [["Continue where I left off"], ["📚 Topics"]]
        menu = await amina.receive()
        assert menu.text == "📚 Pick a topic. Each lesson takes 3-5 minutes."
        await amina.tap("Continue where I left off")
        step = await amina.receive()
        assert step.text.startswith("This trick is called emotional language")


async def test_an_old_button_gets_a_polite_answer(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    welcome = await amina.receive()
    await amina.tap("Let's go")
    await amina.receive()
    await amina.tap("Why does that work?")
    technique = await amina.receive()
    await bot.settle()
    # The welcome's button again: the lesson in progress goes on where Amina is.
    again = await amina.tap("Let's go", message=welcome)
    answer = await amina.callback_answer(again)
    assert answer.text is None
    resumed = await amina.receive()
    assert resumed.text == technique.text
    await amina.tap("Show me an example", message=resumed)  # and both cards work
    assert (await amina.receive()).button_texts == [["I'm ready for the questions"]]


async def test_a_double_tap_moves_on_once(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    hook = await amina.receive()
    first = await amina.tap("Why does that work?", message=hook)
    second = await amina.tap("Why does that work?", message=hook)
    await bot.settle()
    assert (await amina.callback_answer(first)).text is None
    assert (await amina.callback_answer(second)).text == (
        "You've already moved on: carry on from the newest message."
    )
    assert [m.text[:28] for m in amina.messages[-2:]] == [
        "The emotion check · 3 min\n\n🧠",
        "This trick is called emotion",
    ]


async def test_a_repeated_or_retracted_vote_counts_once(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await to_first_poll(amina)
    poll = amina.last
    assert poll.poll is not None
    await amina.vote([1])
    verdict = await amina.receive()
    assert verdict.text.startswith("✅ Right!")
    # Telegram may deliver an update twice; quiz polls cannot be changed, but a retraction
    # of a regular poll looks the same: neither may count again.
    vote = next(c for c in server.calls if c.method == "sendPoll").result["poll"]["id"]
    for option_ids in ([1], [0], []):
        server.world.emit(
            "poll_answer",
            {
                "poll_id": vote,
                "user": amina.user,
                "option_ids": option_ids,
                "option_persistent_ids": [poll.poll.options[i].persistent_id for i in option_ids],
            },
        )
    await bot.settle()
    assert amina.last.message_id == verdict.message_id  # nothing more was said
    _, report = await progress(amina)
    assert "🧠 Critical thinking: 0 of 6 lessons · 100% right" in report.text


async def test_free_text_and_unknown_commands(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("hello?")
    reply = await amina.receive()
    assert reply.text == "I work with buttons 🙂 Pick a topic to start a lesson."
    assert reply.button_texts == [["📚 Topics"]]
    await amina.send("/dance")
    reply = await amina.receive()
    assert reply.text == "I don't know that command. Try /topics to pick a lesson, or /help."
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    await amina.receive()
    await amina.send("what does this mean")
    reply = await amina.receive()
    assert reply.text == (
        "I work with buttons 🙂 You're in the middle of The emotion check: tap below to carry on."
    )
    assert reply.button_texts == [["Continue where I left off"], ["📚 Topics"]]


async def test_a_learner_who_blocked_the_bot_does_not_stop_others(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    bo = server.user(1002, "Bo", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await bo.send("/start")
    await bo.receive()
    await amina.tap("Let's go")
    server.block(amina)
    await bo.tap("Let's go")
    step = await bo.receive()
    assert step.text.startswith("The emotion check · 3 min")
    await bot.settle()
    refused = [c for c in server.calls if c.error_code == 403]
    assert [c.error for c in refused] == ["Forbidden: bot was blocked by the user"]
    await bo.tap("Why does that work?")
    assert (await bo.receive()).text.startswith("This trick is called emotional language")


async def test_in_a_group_the_bot_only_answers_its_commands(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    bo = server.user(1002, "Bo", language_code="en")
    group = server.group(-100, "Class 9B", [amina, bo])
    await group.send(amina, "who's up for a quiz?")
    await group.send(bo, "/start@milclicks_test_bot")
    hint = await group.receive()
    assert hint.text == "Lessons happen in a private chat with me, so nobody sees your answers."
    assert hint.buttons[0][0].url == "https://t.me/milclicks_test_bot"
    await bot.settle()
    assert len(group.messages) == 1


async def test_only_admins_see_the_numbers(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    from bot.telegram.app import build_application
    from bot.telegram.serving import ALLOWED_UPDATES
    from tests.harness import TOKEN

    application = build_application(
        TOKEN, f"{server.api_url}/bot", bank, database.unit, frozenset({9000})
    )
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=1, allowed_updates=ALLOWED_UPDATES)
    try:
        amina = server.user(1001, "Amina", language_code="en")
        boss = server.user(9000, "Sam", language_code="en")
        await amina.send("/start")
        await amina.receive()
        await amina.send("/stats")
        assert (await amina.receive()).text == (
            "I don't know that command. Try /topics to pick a lesson, or /help."
        )
        await boss.send("/stats")
        assert (await boss.receive()).text == (
            "📈 MIL CLICKS in numbers\n\nLearners: 1\nActive in the last 7 days: 1\n"
            "Lessons finished: 0\nChallenges finished by friends: 0"
        )
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
