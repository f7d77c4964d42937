"""The classroom end to end: a teacher makes a class, learners join or decline by its link,
lessons are set and come first, a learner leaves, links are renewed and classes closed."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import segno
from PIL import Image

from bot.bank.bank import Bank
from bot.bank.themes import Theme
from bot.learning.classes import Named
from bot.learning.tutor import Tutor
from bot.sandbox.server import Message, SimulatedUser, TelegramServer
from storage.database import Database
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
LINK = re.compile(r"https://t\.me/milclicks_test_bot\?start=(class-[A-Za-z0-9_-]{12})")
CARD_BUTTONS = [
    ["📚 Set this week's lessons"],
    ["📊 Report"],
    ["✏️ Rename", "🔗 New join link"],
    ["📡 Open the post check"],
    ["👥 Add me to the class group"],
    ["🙈 Names in group rounds: off"],
    ["🔒 Close the class"],
]


def _payload(card: Message) -> str:
    found = LINK.search(card.text)
    assert found is not None, card.text
    return found.group(1)


def _encodes(server: TelegramServer, card: Message, text: str) -> bool:
    """Whether the card's picture is the QR code of `text`, module by module."""
    assert card.photo and card.media is not None
    matrix = segno.make_qr(text, error="m").matrix
    with Image.open(io.BytesIO(server.world.files[card.media.file_id][1])) as image:
        grey = image.convert("L")
        scale = grey.width // (len(matrix) + 8)
        for row, modules in enumerate(matrix):
            for column, dark in enumerate(modules):
                centre = ((column + 4) * scale + scale // 2, (row + 4) * scale + scale // 2)
                if (grey.getpixel(centre) < 128) != bool(dark):  # type: ignore[operator]
                    return False
    return True


async def _make_class(teacher: SimulatedUser, bot: RunningBot) -> Message:
    await teacher.send("/teach")
    menu = await teacher.receive()
    assert menu.text.startswith("🧑‍🏫 Teach with MIL CLICKS. Make a class:")
    assert menu.button_texts == [["➕ New class"]]
    await teacher.tap("➕ New class")
    ask = await teacher.receive()
    assert ask.text == (
        "✏️ What's the class called? Send me its name, up to 64 characters (for example: 7B Media)."
    )
    await teacher.send("x" * 65)
    assert (await teacher.receive()).text == (
        "That's a bit long: a class name has at most 64 characters. Send me a shorter one."
    )
    await teacher.send("  7B   Media ")
    return await teacher.receive()


async def test_a_teacher_makes_a_class_and_learners_join_or_decline(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    tess = server.user(3001, "Tess", language_code="en")
    amina = server.user(3002, "Amina", language_code="en")
    ben = server.user(3003, "Ben", language_code="en")
    async with running_bot(server, bank, database.unit, lambda: NOW) as bot:
        card = await _make_class(tess, bot)
        payload = _payload(card)
        link = f"https://t.me/milclicks_test_bot?start={payload}"
        assert (
            card.text == f"🧑‍🏫 7B Media\nJoin link (or scan the code): {link}\n0 learners joined."
        )
        assert card.button_texts == CARD_BUTTONS
        assert _encodes(server, card, link)

        await amina.send(f"/start {payload}")
        invitation = await amina.receive()
        assert invitation.text == (
            "🧑‍🏫 You're invited to join the class 7B Media.\n\n"
            "If you join, its teacher sees your first name, the lessons you finish, your "
            "accuracy per theme and your radar check results. Never your chats, and nothing "
            "else.\n\nYou can leave the class anytime with /classes."
        )
        assert invitation.button_texts == [["Join", "No thanks"]]
        await amina.tap("Join")
        joined = await amina.receive()
        assert joined.text == (
            "🎉 You're in 7B Media! Lessons your teacher sets show first in /topics."
        )
        await bot.settle()
        assert amina.message(invitation.message_id).buttons == []  # no second tap

        await ben.send(f"/start {payload}")
        await ben.receive()
        await ben.tap("No thanks")
        assert (await ben.receive()).text == (
            "No problem: you haven't joined. The link still works if you change your mind."
        )
        await amina.send(f"/start {payload}")
        assert (await amina.receive()).text == "You're already in 7B Media. 🙂"

        await tess.send(f"/start {payload}")
        assert (await tess.receive()).text == (
            "That's the link to your own class: share it with your learners. "
            "/teach shows your classes."
        )
        await tess.send("/teach")
        listed = await tess.receive()
        assert listed.button_texts == [["7B Media"], ["➕ New class"]]
        await tess.tap("7B Media")
        again = await tess.receive()
        assert again.text.endswith("\n1 learner joined.")
        assert again.media is not None and card.media is not None
        assert again.media.file_id == card.media.file_id  # the same code: no new upload


async def test_forged_unknown_renewed_and_closed_links_get_a_friendly_answer(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    tess = server.user(3001, "Tess", language_code="en")
    amina = server.user(3002, "Amina", language_code="en")
    broken = (
        "This class link doesn't work. It may be cut short, or the teacher made a new one: "
        "ask them for the current link."
    )
    async with running_bot(server, bank, database.unit, lambda: NOW) as bot:
        card = await _make_class(tess, bot)
        old = _payload(card)
        for forged in ("class-forged", "class-AAAAAAAAAAAA", "class-" + old[6:] + "x"):
            await amina.send(f"/start {forged}")
            assert (await amina.receive()).text == broken
            topics = await amina.receive()
            assert topics.text == "📚 Pick a topic. Each lesson takes 3-5 minutes."

        await tess.tap("✏️ Rename", message=card)
        assert (await tess.receive()).text == (
            "✏️ Send me the new name for 7B Media, up to 64 characters."
        )
        await tess.send("7B")
        renamed = await tess.receive()
        assert renamed.text.startswith("🧑‍🏫 7B\n")
        assert _payload(renamed) == old

        await tess.tap("🔗 New join link", message=renamed)
        assert (await tess.receive()).text == (
            "🔗 Here's the new join link. The old one no longer works."
        )
        relinked = await tess.receive()
        new = _payload(relinked)
        assert new != old
        assert _encodes(server, relinked, f"https://t.me/milclicks_test_bot?start={new}")
        await amina.send(f"/start {old}")
        assert (await amina.receive()).text == broken
        await amina.receive()  # the topics

        await tess.tap("🔒 Close the class", message=relinked)
        confirm = await tess.receive()
        assert confirm.text.startswith("Close 7B? Its join link stops working")
        assert confirm.button_texts == [["Yes, close it"], ["No, keep it"]]
        await tess.tap("No, keep it")
        kept = await tess.receive()
        assert kept.photo and _payload(kept) == new
        assert tess.message(confirm.message_id).buttons == []
        await tess.tap("🔒 Close the class", message=kept)
        await tess.receive()
        await tess.tap("Yes, close it")
        assert (await tess.receive()).text == "🔒 7B is closed."
        await amina.send(f"/start {new}")
        assert (await amina.receive()).text == (
            "This class is closed, so it can't be joined any more."
        )
        await amina.receive()  # the topics
        await tess.tap("📚 Set this week's lessons", message=relinked)  # an old card
        assert (await tess.receive()).text == (
            "That class is closed or isn't yours. /teach shows your classes."
        )
        await tess.send("/teach")
        assert (await tess.receive()).button_texts == [["➕ New class"]]
        await bot.settle()


async def test_set_lessons_come_first_and_a_learner_who_leaves_is_gone(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    tess = server.user(3001, "Tess", language_code="en")
    amina = server.user(3002, "Amina", language_code="en")
    first, second, *_ = bank.by_theme[Theme.CRITICAL_THINKING]
    async with running_bot(server, bank, database.unit, lambda: NOW) as bot:
        card = await _make_class(tess, bot)
        await amina.send(f"/start {_payload(card)}")
        await amina.receive()
        await amina.tap("Join")
        await amina.receive()

        await tess.tap("📚 Set this week's lessons", message=card)
        themes = await tess.receive()
        assert themes.text == "📚 Which theme for 7B Media this week?"
        assert len(themes.button_texts) == 7
        await tess.tap("🧠 Critical thinking")
        picker = await tess.receive()
        await bot.settle()
        assert tess.message(themes.message_id).buttons == []
        assert picker.button_texts[0] == ["All 6 lessons"]
        assert picker.button_texts[1:3] == [[f"⬜ {first.title}"], [f"⬜ {second.title}"]]
        await tess.tap(f"⬜ {second.title}")
        await bot.settle()
        ticked = tess.message(picker.message_id)
        assert ticked.button_texts[2] == [f"☑️ {second.title}"]
        assert ticked.button_texts[-1] == ["Set 1 lesson"]
        await tess.tap("Set 1 lesson")
        due = await tess.receive()
        assert due.text == "📅 By when?"
        assert due.button_texts == [
            ["By Friday (Fri 6 Mar)"], ["In a week (Mon 9 Mar)"], ["In two weeks (Mon 16 Mar)"],
        ]  # fmt: skip
        await tess.tap("By Friday (Fri 6 Mar)")
        assert (await tess.receive()).text == (
            f"✅ Set for 7B Media: {second.title}, by Friday 6 March. Your learners see them "
            "first in /topics and in their reminders."
        )

        await amina.send("/topics")
        topics = await amina.receive()
        assert topics.text == (
            f"📌 Set by 7B Media: {second.title}, by Friday 6 March\n\n"
            "📚 Pick a topic. Each lesson takes 3-5 minutes."
        )
        assert topics.button_texts[0] == [f"▶️ Next: {second.title}"]

        await amina.send("/classes")
        mine = await amina.receive()
        assert mine.text == "🧑‍🏫 Your classes\n• 7B Media"
        await amina.tap("Leave 7B Media")
        assert (await amina.receive()).text == (
            "Leave 7B Media? Its teacher will no longer see your progress."
        )
        await amina.tap("Yes, leave")
        assert (await amina.receive()).text == (
            "You've left 7B Media. Its teacher no longer sees your progress."
        )
        await amina.send("/topics")
        assert (await amina.receive()).text.startswith("📚 Pick a topic.")
        await tess.send("/teach")
        await tess.receive()
        await tess.tap("7B Media")
        assert (await tess.receive()).text.endswith(
            f"\n0 learners joined.\n📌 Set: {second.title}, by Friday 6 March."
        )


async def test_the_reminder_names_the_class_and_its_lesson(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    amina = server.user(3002, "Amina", language_code="en")
    set_lesson = bank.by_theme[Theme.KNOWLEDGE][2]
    async with running_bot(server, bank, database.unit, lambda: NOW) as bot:
        await amina.send("/start")  # she opens the chat
        await bot.settle()
    async with database.unit() as store:
        tutor = Tutor(bank, store)
        await tutor.classes.ask_name(3001, NOW)
        named = await tutor.classes.named(3001, "7B", NOW, "abcdefghijkl")
        assert isinstance(named, Named)
        await tutor.classes.join("abcdefghijkl", 3002, "Amina", NOW)
        await tutor.classes.set_lessons(3001, named.classroom.id, (set_lesson.id,), 1, NOW)
        await tutor.rhythm.clock(3002, NOW.hour, NOW)  # she is on UTC
        await tutor.rhythm.remind_at(3002, 18, NOW)
    evening = NOW.replace(hour=18)
    async with running_bot(server, bank, database.unit, lambda: evening) as bot:
        await amina.receive()  # the welcome
        reminder = await amina.receive()  # the planner's first pass, at start
        assert await bot.application.bot_data["planner"].plan_once() == 0  # one a day
    assert reminder.text == (
        f"⏰ 7B set you a lesson: {set_lesson.title}, by Monday 9 March. "
        f"About {set_lesson.minutes} min."
    )
    assert reminder.button_texts == [[f"Next: {set_lesson.title}"]]
