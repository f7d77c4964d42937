"""Forward a post, paste a text or a link, send a screenshot: the SIFT check, no verdict."""

from __future__ import annotations

import io
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from telegram import Chat, Document, Message

from bot.learning.post_check import Post
from bot.sandbox.server import TelegramServer
from bot.telegram.post_checks import post_of
from storage.database import Database
from tests.harness import RunningBot

PRIVACY = "🔒 I don't keep what you sent: it isn't saved, logged or passed on."
STOP = (
    "🛑 Stop. Before you share or react, take a breath. I won't tell you whether this is "
    "true: here's how to check it yourself, in four steps."
)


def screenshot() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 120), "white").save(out, "PNG")
    return out.getvalue()


async def test_a_forwarded_post_gets_four_steps_naming_its_tricks(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.forward("SHOCKING!!! Experts say 90% of phones spy on you. Share this now!")
    stop = await amina.receive()
    assert stop.text == (
        f"{STOP}\n\nWhat I noticed: emotional words, pressure to share fast, numbers without "
        "a source, an unnamed expert. Posts that use these tricks want you to feel before "
        f"you think.\n\n{PRIVACY}"
    )
    assert stop.button_texts == [
        ["Next: who's behind it?"],
        ["📖 The emotion check"],
        ["📖 Mis-, dis- or mal-information?"],
        ["📖 Cherry-picked numbers"],
        ["📖 Is this expert an expert?"],
    ]
    await amina.tap("Next: who's behind it?")
    source = await amina.receive()
    assert source.text.startswith("🔎 Investigate the source. This was forwarded: tap the name")
    assert amina.message(stop.message_id).button_texts == []  # used buttons go away
    await amina.tap("Next: find better coverage")
    coverage = await amina.receive()
    assert coverage.text.startswith("📰 Find better coverage. Search the main claim")
    await amina.tap("Next: trace the original")
    trace = await amina.receive()
    assert trace.text.startswith("🧭 Trace it to the original. Find where the claim")
    assert trace.text.endswith("✅ That's SIFT: Stop, Investigate, Find, Trace. Now you decide.")
    assert trace.button_texts[-1] == ["📚 Topics"]
    await amina.tap("📖 The emotion check", message=trace)
    lesson = await amina.receive()
    assert lesson.text.startswith("The emotion check · 3 min")
    for message in amina.messages:  # no answer ever calls the post true or false
        assert "true." not in message.text.lower() and "false." not in message.text.lower()


async def test_a_pasted_link_is_checked_from_its_address(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("look https://news-now.example/school")
    stop = await amina.receive()
    assert stop.text == (
        f"{STOP}\n\nI found none of the usual tricks in it. That doesn't make it true, so "
        f"the steps still pay off.\n\n{PRIVACY}"
    )
    assert stop.button_texts == [["Next: who's behind it?"]]
    await amina.tap("Next: who's behind it?")
    source = await amina.receive()
    assert source.text.startswith("🔎 Investigate the source. Look closely at the link's address")


async def test_a_screenshot_raises_the_image_cue(server: TelegramServer, bot: RunningBot) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send_photo(screenshot())
    stop = await amina.receive()
    assert "What I noticed: a picture that may be old or made by AI." in stop.text
    assert stop.button_texts[1] == ["📖 Fake disaster photos"]
    for label in ("Next: who's behind it?", "Next: find better coverage"):
        await amina.tap(label)
        await amina.receive()
    await amina.tap("Next: trace the original")
    trace = await amina.receive()
    assert "reverse image search" in trace.text


async def test_short_chatter_still_gets_the_pointer(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("hi there")
    reply = await amina.receive()
    assert reply.text == "I work with buttons 🙂 Pick a topic to start a lesson."
    await amina.send("share before it's deleted")  # short, but a cue: a post to check
    assert (await amina.receive()).text.startswith("🛑 Stop.")


async def test_in_a_group_a_forwarded_post_is_ignored(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    group = server.group(-100, "Class 9B", [amina])
    await group.forward(amina, "SHOCKING!!! Share this before it's deleted!")
    await bot.settle()
    assert group.messages == []


SECRET = "Zyxwv the mayor's secret fridge plan"  # a phrase nothing else contains


async def test_the_forwarded_text_is_in_no_table_and_no_log_line(
    server: TelegramServer,
    bot: RunningBot,
    database: Database,
    sqlite_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.forward(f"URGENT!!! {SECRET}: share this before it's deleted!")
    await amina.receive()
    await amina.send_photo(screenshot(), caption=SECRET)
    await amina.receive()
    await amina.tap("Next: who's behind it?")
    await amina.receive()
    await bot.settle()
    assert any("getUpdates" in r.getMessage() for r in caplog.records)  # the logs did run
    lines = [r.getMessage() for r in caplog.records]
    assert [line for line in lines if "Zyxwv" in line] == []
    assert "Zyxwv" not in caplog.text
    path = Path(sqlite_url.split("///", 1)[1])
    with sqlite3.connect(path) as connection:
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = [r[0] for r in connection.execute(query)]
        assert "learners" in tables
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                assert "Zyxwv" not in repr(row), table
    for file in path.parent.glob(path.name + "*"):  # the database, its WAL and journal
        assert b"Zyxwv" not in file.read_bytes()
    sent = [c for c in server.calls if "Zyxwv" in repr(c.params)]
    assert sent == []  # nor is it sent anywhere, not even back to the learner


async def test_the_check_speaks_the_learners_language(
    server: TelegramServer, bot: RunningBot
) -> None:
    ana = server.user(1003, "Ana", language_code="pt-BR")
    await ana.forward("CHOCANTE! Compartilhe antes que apaguem!")
    stop = await ana.receive()
    assert stop.text.startswith("🛑 Pare. Antes de compartilhar ou reagir, respire fundo.")
    assert "O que eu notei: palavras emotivas, pressa para compartilhar." in stop.text
    assert stop.text.endswith(
        "🔒 Eu não guardo o que você mandou: nada é salvo, registrado ou repassado."
    )
    assert stop.button_texts[:2] == [["Próximo: quem está por trás?"], ["📖 O teste da emoção"]]
    ivan = server.user(1004, "Иван", language_code="ru")
    await ivan.forward("СРОЧНО! Эксперты говорят, что 90% телефонов следят за вами")
    stop = await ivan.receive()
    assert (
        "Что я заметил: давление «поделись скорее», цифры без источника, безымянный эксперт."
        in (stop.text)
    )


def test_a_screenshot_sent_as_a_file_counts_as_a_picture() -> None:
    chat = Chat(1001, "private")
    when = datetime(2026, 12, 4, tzinfo=UTC)
    as_file = Message(1, when, chat, document=Document("f1", "u1", mime_type="image/png"))
    assert post_of(as_file) == Post("", has_photo=True)
    notes = Message(2, when, chat, document=Document("f2", "u2", mime_type="text/plain"))
    assert post_of(notes) == Post("")
