"""A learner meets the bot in their own language, and can change it mid-lesson."""

from __future__ import annotations

from bot.bank.bank import Bank
from bot.languages import translator
from bot.sandbox.server import TelegramServer
from bot.telegram import profile
from storage.database import Database
from tests.harness import RunningBot, running_bot


async def test_a_brazilian_learner_gets_portuguese_throughout(
    server: TelegramServer, bot: RunningBot, bank: Bank
) -> None:
    t = translator("pt")
    lesson = bank.lesson("emotion-check", "pt")
    ana = server.user(1001, "Ana", language_code="pt-BR")
    await ana.send("/start")
    welcome = await ana.receive()
    english = translator("en").gettext(
        "Hi {name} 👋 I'm MIL CLICKS: 3-minute lessons on spotting tricks online, "
        "from fake experts to AI-made photos.\n\nReady for your first one?"
    )
    portuguese = t.gettext(
        "Hi {name} 👋 I'm MIL CLICKS: 3-minute lessons on spotting tricks online, "
        "from fake experts to AI-made photos.\n\nReady for your first one?"
    )
    assert portuguese != english  # the catalog has it
    assert welcome.text == portuguese.format(name="Ana")
    await ana.tap(t.gettext("Let's go"))
    for step in lesson.steps:
        card = await ana.receive()
        assert step.text.strip().splitlines()[0].replace("<b>", "").replace("</b>", "") in (
            card.text
        )
        assert step.button is not None
        await ana.tap(step.button)
    poll = await ana.receive()
    assert poll.poll is not None
    assert poll.poll.question == lesson.questions[0].prompt
    assert poll.poll.explanation == lesson.questions[0].explanation
    await ana.vote([1])
    verdict = await ana.receive()
    assert verdict.button_texts == [[t.gettext("Next question")]]
    await ana.tap(t.gettext("Next question"))
    statement = await ana.receive()
    assert statement.button_texts == [[t.gettext("True"), t.gettext("False")]]
    await ana.tap(t.gettext("True"))
    await ana.receive()
    await ana.tap(t.gettext("Next question"))
    several = await ana.receive()
    first_option = several.button_texts[0][0]
    await ana.tap(first_option)
    await bot.settle()
    await ana.tap(t.gettext("Check my answer"))
    await ana.receive()
    await ana.tap(t.gettext("See my score"))
    end = await ana.receive()
    assert lesson.takeaway.strip() in end.text
    assert t.gettext("🎯 Challenge a friend") in [row[0] for row in end.button_texts]
    commands = [
        c for c in server.calls_to("setMyCommands") if c.params.get("language_code") == "pt"
    ]
    assert commands, "the command menu is set in Portuguese too"


async def test_switching_language_mid_lesson_carries_on_in_the_new_one(
    server: TelegramServer, bot: RunningBot, bank: Bank
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    await amina.receive()
    await amina.send("/language")
    menu = await amina.receive()
    assert menu.text == "🌐 Which language should I speak?"
    assert menu.button_texts[:6] == [
        ["✅ English"],
        ["Português"],
        ["Српски"],
        ["Srpski (latinica)"],
        ["العربية"],
        ["Русский"],
    ]
    await amina.tap("Русский")
    t = translator("ru")
    done = await amina.receive()
    assert done.text == t.gettext("✅ Done! From now on I'll speak {language}.").format(
        language="Русский"
    )
    step = await amina.receive()
    hook = bank.lesson("emotion-check", "ru").steps[0]
    assert hook.text.strip().splitlines()[0] in step.text
    assert hook.button is not None
    await amina.tap(hook.button)
    technique = await amina.receive()
    assert "<b>" not in technique.text
    assert bank.lesson("emotion-check", "ru").steps[1].text[:20] in technique.html


async def test_a_language_without_lessons_says_lessons_are_in_english(
    server: TelegramServer, bot: RunningBot
) -> None:
    aigerim = server.user(1001, "Aigerim", language_code="kk")
    t = translator("kk")
    await aigerim.send("/topics")
    topics = await aigerim.receive()
    assert topics.text.endswith(t.gettext("📝 These lessons are in English for now."))
    await aigerim.send("/start")
    welcome = await aigerim.receive()
    assert welcome.text.startswith(
        t.gettext(
            "Hi {name} 👋 I'm MIL CLICKS: 3-minute lessons on spotting tricks online, "
            "from fake experts to AI-made photos.\n\nReady for your first one?"
        ).format(name="Aigerim")[:10]
    )
    await aigerim.tap(t.gettext("Let's go"))
    first = await aigerim.receive()
    assert "🧠 You're scrolling and see:" in first.text  # the English lesson


async def test_the_profile_is_published_in_every_language_once(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    async with running_bot(server, bank, database.unit):
        pass
    setters = ("setMyCommands", "setMyDescription", "setMyShortDescription")
    first = [c for c in server.calls if c.method in setters]
    codes = {c.params.get("language_code") for c in first}
    assert codes == {None, "pt", "sr", "ar", "ru", "kk", "uz", "ky", "tg", "id", "vi", "th", "ms"}
    assert len(first) == 4 * len(codes)  # the command menu twice: everywhere, and in groups
    in_groups = [c for c in first if c.params.get("scope") == {"type": "all_group_chats"}]
    assert len(in_groups) == len(codes)
    assert {tuple(c["command"] for c in call.params["commands"]) for call in in_groups} == {
        ("round",)
    }
    (russian_groups,) = [c for c in in_groups if c.params.get("language_code") == "ru"]
    assert russian_groups.params["commands"][0]["description"] == (
        profile.group_menu("ru")[0].description
    )
    russian = next(
        c
        for c in first
        if c.method == "setMyShortDescription" and c.params.get("language_code") == "ru"
    )
    assert russian.params["short_description"] == profile.short_description("ru")
    async with running_bot(server, bank, database.unit):  # a restart changes nothing
        pass
    assert [c for c in server.calls if c.method in setters] == first
