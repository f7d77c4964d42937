"""The teacher's report on Telegram: /class, its words, the chart and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from PIL import Image

from bot.bank.bank import Bank
from bot.learning.check_records import CheckAnswer
from bot.learning.mil_check import CHECK_ID
from bot.sandbox.server import Message, SimulatedUser, TelegramServer
from storage.database import Database
from tests.dialogs import finish_first_lesson
from tests.harness import RunningBot, running_bot

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
LINK = re.compile(r"\?start=(class-[A-Za-z0-9_-]{12})")
NOT_A_TEACHER = (
    "📊 /class shows the report on a class you teach. You don't have one yet: send /teach "
    "to make a class and get a link for your learners to join."
)
HEADER = [
    "First name", "Theme", "Lesson", "Set for the class", "Finished", "Right first answers",
    "Questions answered",
]  # fmt: skip
PAUSE = (
    "1. A video says a snack brand is \"LYING about what's in your crisps 😡 Share before "
    'they delete this!" You feel furious. Which are good next moves?\n'
    "1 of 2 got it wrong\n"
    "✅ Wait a moment before sharing: 100%\n"
    "✅ Search for the same story from another source: 50%\n"
    "• Share it quickly so friends are warned: 0%\n"
    "✅ Check who posted it first: 50%\n"
    "Revisit: The emotion check"
)


async def _make_class(teacher: SimulatedUser, name: str) -> Message:
    """/teach, a new class, its name: the class card."""
    await teacher.send("/teach")
    await teacher.receive()
    await teacher.tap("➕ New class")
    await teacher.receive()
    await teacher.send(name)
    return await teacher.receive()


async def _answer_invitation(learner: SimulatedUser, card: Message, answer: str) -> None:
    found = LINK.search(card.text)
    assert found is not None, card.text
    await learner.send(f"/start {found.group(1)}")
    await learner.receive()
    await learner.tap(answer)
    await learner.receive()


async def _set_the_first_lesson(teacher: SimulatedUser, card: Message, bot: RunningBot) -> None:
    await teacher.tap("📚 Set this week's lessons", message=card)
    await teacher.receive()
    await teacher.tap("🧠 Critical thinking")
    await teacher.receive()
    await teacher.tap("⬜ The emotion check")
    await bot.settle()
    await teacher.tap("Set 1 lesson")
    await teacher.receive()
    await teacher.tap("By Friday (Fri 6 Mar)")
    await teacher.receive()


async def _radar_all_right(database: Database, bank: Bank, learner: int) -> None:
    """A finished pre check, every post sorted as the key says."""
    items = bank.checks[CHECK_ID].forms[0].items
    async with database.unit() as store, store.transaction():
        run = await store.new_check_run(learner, "pre", "a", NOW)
        for position, item in enumerate(items):
            answer = CheckAnswer(run.id, position, item.id, item.manipulative, NOW)
            await store.add_check_answer(answer)
        await store.finish_check_run(run.id, NOW)


async def _report(
    teacher: SimulatedUser, sent: bool = True
) -> tuple[list[Message], Message, Message]:
    """/class (unless a button was tapped): the report's messages, the chart, the CSV."""
    if sent:
        await teacher.send("/class")
    words = [await teacher.receive()]
    while not words[-1].photo:
        words.append(await teacher.receive())
    return words[:-1], words[-1], await teacher.receive()


def _csv(server: TelegramServer, document: Message) -> list[list[str]]:
    assert document.media is not None and document.media.kind == "document"
    data = server.world.files[document.media.file_id][1]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def test_a_teacher_sees_the_class_report_chart_and_csv(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    async with running_bot(server, bank, database.unit, lambda: NOW) as bot:
        await _the_report_of_a_class(server, bot, bank, database)


async def _the_report_of_a_class(
    server: TelegramServer, bot: RunningBot, bank: Bank, database: Database
) -> None:
    teacher = server.user(4000, "Ms Rahimi", language_code="en")
    amina = server.user(4001, "Amina", language_code="en")
    ben = server.user(4002, "Ben", language_code="en")
    chloe = server.user(4003, "Chloe", language_code="en")
    zed = server.user(4004, "=HYPERLINK(1)", language_code="en")
    await finish_first_lesson(amina, bot)
    await finish_first_lesson(ben, bot, ticks=("⬜ Wait a moment before sharing",))
    await finish_first_lesson(chloe, bot, ticks=("⬜ Share it quickly so friends are warned",))
    card = await _make_class(teacher, "7B")
    for learner, answer in ((amina, "Join"), (ben, "Join"), (chloe, "No thanks"), (zed, "Join")):
        await _answer_invitation(learner, card, answer)
    await _set_the_first_lesson(teacher, card, bot)
    await _radar_all_right(database, bank, 4001)

    words, chart, document = await _report(teacher)
    assert [w.text for w in words] == [
        "📊 7B: class report\n\n"
        "👥 Joined: 3 (Amina, Ben, =HYPERLINK(1))\n"
        "✅ Finished the set lessons (due 6 Mar): 2 of 3 (Amina, Ben)\n\n"
        "Per theme (first answers count)\n"
        "Critical thinking: 83% right · 2 lessons done\n\n"
        "📡 Radar check (means)\n"
        "Before the lessons: d′ 3.19, c 0.00 (1 learner)\n"
        "After: nobody yet\n"
        "Took both: 0 learners\n"
        "d′ is how well they tell real posts from manipulative ones (higher is better; 0 is "
        "guessing). c below 0 means they call too much fake, above 0 that they trust too "
        "much.\n\n"
        "🔎 Worth going over in class\n\n" + PAUSE
    ]
    # The words end with the class card's link to add the bot to the class's group.
    assert [[b.text for b in row] for row in words[-1].buttons] == [
        ["👥 Add me to the class group"]
    ]
    (card_link,) = [b.url for row in card.buttons for b in row if b.url and "startgroup" in b.url]
    assert words[-1].buttons[0][0].url == card_link
    assert chart.photo and chart.media is not None
    with Image.open(io.BytesIO(server.world.files[chart.media.file_id][1])) as image:
        assert image.format == "PNG" and image.size == (960, 1056)
    assert document.media is not None and document.media.file_name == "7B-report.csv"
    assert _csv(server, document) == [
        HEADER,
        ["Amina", "Critical thinking", "The emotion check", "yes", "yes", "3", "3"],
        ["Ben", "Critical thinking", "The emotion check", "yes", "yes", "2", "3"],
        ["'=HYPERLINK(1)", "Critical thinking", "The emotion check", "yes", "no", "0", "0"],
    ]

    # Amina leaves: she is gone from the report and from the file.
    await amina.send("/classes")
    await amina.receive()
    await amina.tap("Leave 7B")
    await amina.receive()
    await amina.tap("Yes, leave")
    await amina.receive()
    await teacher.tap("📊 Report", message=card)
    words, _, document = await _report(teacher, sent=False)
    assert words[0].text.startswith(
        "📊 7B: class report\n\n👥 Joined: 2 (Ben, =HYPERLINK(1))\n"
        "✅ Finished the set lessons (due 6 Mar): 1 of 2 (Ben)\n\n"
        "Per theme (first answers count)\nCritical thinking: 67% right · 1 lesson done\n\n"
        "📡 Radar check: nobody in the class has taken it yet."
    )
    assert [row[0] for row in _csv(server, document)] == ["First name", "Ben", "'=HYPERLINK(1)"]


async def test_a_teacher_of_two_classes_picks_one_and_others_hear_of_teach(
    server: TelegramServer, bank: Bank, database: Database
) -> None:
    teacher = server.user(4000, "Ms Rahimi", language_code="en")
    async with running_bot(server, bank, database.unit, lambda: NOW):
        await teacher.send("/class")
        assert (await teacher.receive()).text == NOT_A_TEACHER
        await _make_class(teacher, "7B")
        await _make_class(teacher, "8A")
        await teacher.send("/class")
        pick = await teacher.receive()
        assert pick.text == "📊 Which class would you like the report on?"
        assert pick.button_texts == [["7B"], ["8A"]]
        await teacher.tap("8A")
        words, _, document = await _report(teacher, sent=False)
    assert words[0].text.startswith(
        "📊 8A: class report\n\n👥 Nobody has joined yet. Share the class's join link or QR "
        "code.\n\nPer theme (first answers count)\nNobody has answered a question yet.\n\n"
        "📡 Radar check: nobody in the class has taken it yet."
    )
    assert _csv(server, document) == [HEADER]
