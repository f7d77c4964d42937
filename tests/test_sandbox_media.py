"""The loopback server takes photos and documents as Telegram does, and users send photos."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from PIL import Image

from bot.sandbox.server import TelegramServer, load_spec, spec_path

TOKEN = "123:ABC"
SPEC = load_spec(spec_path(os.environ))


def png(width: int = 40, height: int = 30) -> bytes:
    """A small PNG image."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
async def server() -> AsyncIterator[TelegramServer]:
    async with TelegramServer(token=TOKEN, spec=SPEC) as running:
        yield running
        assert running.violations == []


@pytest.fixture
async def bot(server: TelegramServer) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(
        TOKEN, base_url=f"{server.api_url}/bot", base_file_url=f"{server.api_url}/file/bot"
    ) as client:
        yield client


async def test_a_photo_is_uploaded_sent_again_by_id_and_downloaded(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(1001, "Alice")
    await alice.send("/start")
    sent = await bot.send_photo(1001, png(), caption="<b>Your chart</b>", parse_mode="HTML")
    assert sent.photo[-1].width == 40
    assert sent.caption == "Your chart"
    received = await alice.receive()
    assert (received.photo, received.text, received.html) == (
        True,
        "Your chart",
        "<b>Your chart</b>",
    )
    again = await bot.send_photo(1001, sent.photo[-1].file_id)
    assert again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id
    file = await bot.get_file(sent.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == png()


async def test_a_document_upload_keeps_its_name(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(1001, "Alice")
    await alice.send("/start")
    sent = await bot.send_document(1001, b"hello", filename="notes.txt", caption="Notes")
    assert sent.document is not None
    assert (sent.document.file_name, sent.document.file_size) == ("notes.txt", 5)
    assert (await alice.receive()).text == "Notes"


async def test_what_telegram_refuses_is_refused(server: TelegramServer, bot: telegram.Bot) -> None:
    await server.user(1001, "Alice").send("/start")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(1001, b"not an image")
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(1001, png(2100, 100))
    with pytest.raises(telegram.error.BadRequest, match="caption is too long"):
        await bot.send_photo(1001, png(), caption="x" * 1025)
    with pytest.raises(telegram.error.BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_photo(1001, "no-such-file")
    async with httpx.AsyncClient(trust_env=False) as client:
        missing = await client.get(f"{server.api_url}/file/bot{TOKEN}/photos/nothing")
    assert missing.status_code == 404


async def test_users_send_photos_and_forward_posts(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(1001, "Alice")
    await alice.send_photo(png(), caption="look at this")
    await alice.forward("Read this: https://example.org/story now", channel="Daily Buzz")
    updates = await bot.get_updates(timeout=0)
    photo, forward = (u.message for u in updates)
    assert photo is not None and forward is not None
    assert (photo.caption, photo.photo[-1].height) == ("look at this", 30)
    assert isinstance(forward.forward_origin, telegram.MessageOriginChannel)
    assert forward.forward_origin.chat.title == "Daily Buzz"
    assert [e.type for e in forward.entities] == ["url"]
