"""The MIL CLICKS Pact: take it in one tap, withdraw it, become a MIL CLICKer, share the badge."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from babel.dates import format_date
from PIL import Image
from telegram import InlineQueryResultArticle, InputTextMessageContent

from bot.bank.bank import Bank
from bot.bank.themes import THEMES, Theme
from bot.languages import translator
from bot.sandbox.server import SimulatedUser, TelegramServer
from bot.telegram.pact_messages import shared_badge
from storage.database import Database
from tests.harness import RunningBot

PLEDGE = (
    "🤝 The MIL CLICKS Pact\n\n"
    "I promise to:\n"
    "• think before I share, and pause when a post makes me feel a lot, fast;\n"
    "• check sources: who is behind a claim, and who else reports it;\n"
    "• respect others: disagree without hate, and correct friends kindly;\n"
    "• create responsibly: credit other people's work and label what AI made.\n\n"
    "It's inspired by UNESCO's MIL CLICKS Pact. One tap to take it; you can withdraw it any time."
)


async def finish_lessons(
    database: Database, bank: Bank, learner: int, themes: list[Theme]
) -> None:
    """The learner has finished the first lesson of each of `themes` (as the tutor records it)."""
    now = datetime.now(UTC)
    async with database.unit() as store, store.transaction():
        for theme in themes:
            attempt = await store.new_attempt(learner, bank.by_theme[theme][0].id, now)
            await store.save_position(replace(attempt, finished_at=now))


def pacts(sqlite_url: str) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(Path(sqlite_url.split("///", 1)[1]))) as connection:
        return list(connection.execute("SELECT learner_id, taken_at FROM pacts"))


async def take_the_pact(amina: SimulatedUser) -> None:
    await amina.send("/pact")
    pledge = await amina.receive()
    assert pledge.text == PLEDGE
    assert pledge.button_texts == [["✋ I take the pact"], ["🌐 UNESCO's MIL CLICKS page"]]
    assert pledge.buttons[1][0].url == (
        "https://www.unesco.org/en/media-information-literacy/milclicks"
    )
    await amina.tap("✋ I take the pact")


async def test_the_pledge_is_taken_with_its_date_and_withdrawn(
    server: TelegramServer, bot: RunningBot, sqlite_url: str
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await take_the_pact(amina)
    taken = await amina.receive()
    today = format_date(datetime.now(UTC).date(), "long", locale="en")
    assert taken.text == (
        f"🤝 You took the MIL CLICKS Pact on {today}.\n\n"
        "Finish a lesson in 7 more themes to become a MIL CLICKer: Critical thinking, "
        "Creativity, Literacy, Intercultural, Citizenship, Knowledge, Sustainability."
    )
    assert taken.button_texts == [["📚 Topics"], ["Withdraw my pledge"]]
    [(learner, when)] = pacts(sqlite_url)
    assert learner == 1001 and when.startswith(datetime.now(UTC).date().isoformat())
    await amina.tap("Withdraw my pledge")
    gone = await amina.receive()
    assert gone.text == (
        "Your pledge is withdrawn and deleted. You can take it again any time: /pact"
    )
    assert pacts(sqlite_url) == []
    await amina.send("/pact")
    assert (await amina.receive()).text == PLEDGE


async def test_a_mil_clicker_makes_and_shares_a_badge(
    server: TelegramServer, bot: RunningBot, database: Database, bank: Bank
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await take_the_pact(amina)
    await amina.receive()
    await finish_lessons(database, bank, 1001, list(THEMES[:-1]))
    await amina.send("/pact")
    almost = await amina.receive()
    assert almost.text.endswith(
        "Finish a lesson in 1 more theme to become a MIL CLICKer: Sustainability."
    )
    await finish_lessons(database, bank, 1001, [THEMES[-1]])
    await amina.send("/pact")
    clicker = await amina.receive()
    assert clicker.text.endswith(
        "🏅 You're a MIL CLICKer: a lesson done in each of the seven themes. Make your badge "
        "to share. Should it show your first name?"
    )
    assert clicker.button_texts == [
        ["Badge with my first name"],
        ["Badge without a name"],
        ["Withdraw my pledge"],
    ]
    await amina.tap("Badge with my first name")
    badge = await amina.receive()
    assert badge.photo and badge.media is not None
    link = "https://t.me/milclicks_test_bot"
    assert badge.text == (
        "🏅 I'm a MIL CLICKer: I took the MIL CLICKS Pact and finished a lesson in each of "
        f"the seven themes. Learn to spot tricks online, 3 minutes at a time: {link}"
    )
    share = badge.buttons[0][0]
    assert share.text == "📤 Share my badge"
    assert share.switch_inline_query_chosen_chat is not None
    assert share.switch_inline_query_chosen_chat["query"] == "badge"
    upload = server.calls_to("sendPhoto")[0]
    assert str(upload.params["photo"]).startswith("attach://")
    with Image.open(io.BytesIO(server.world.files[badge.media.file_id][1])) as image:
        assert image.size == (1080, 1080)
    [result] = await amina.inline_query("badge")
    assert result["type"] == "photo"
    assert result["photo_file_id"] == badge.media.file_id
    assert link in result["caption"]
    assert result["reply_markup"]["inline_keyboard"][0][0]["url"] == link


async def test_a_badge_needs_the_pledge_and_every_theme(
    server: TelegramServer, bot: RunningBot, database: Database, bank: Bank
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await finish_lessons(database, bank, 1001, list(THEMES))
    assert await amina.inline_query("badge") == []  # no pledge, no badge to share
    await amina.send("/pact")
    await amina.receive()  # the pledge, not a badge: it was never taken
    assert server.calls_to("sendPhoto") == []


async def test_the_pledge_in_arabic_and_serbian_latin(
    server: TelegramServer, bot: RunningBot
) -> None:
    layla = server.user(1005, "Layla", language_code="ar")
    await layla.send("/pact")
    pledge = await layla.receive()
    assert pledge.text.startswith("🤝 ميثاق MIL CLICKS\n\nأتعهّد بأن:")
    assert pledge.button_texts[0] == ["✋ أنضمّ إلى الميثاق"]
    marko = server.user(1006, "Marko", language_code="sr-Latn")
    await marko.send("/pact")
    assert (await marko.receive()).text.startswith("🤝 MIL CLICKS pakt\n\nObećavam da ću:")


def test_a_badge_not_uploaded_since_a_restart_is_shared_as_the_invitation() -> None:
    t = translator("en")
    offered = shared_badge(None, "milclicks_test_bot", t)
    assert isinstance(offered, InlineQueryResultArticle)
    assert offered.title == "My MIL CLICKer badge"
    content = offered.input_message_content
    assert isinstance(content, InputTextMessageContent)
    assert content.message_text.endswith("3 minutes at a time: https://t.me/milclicks_test_bot")
