"""The sandbox's web chat through its HTTP API: what the page posts and what it draws."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from telegram import Bot
from telegram.constants import ParseMode

from bot.bank.bank import Bank
from bot.sandbox.launch import TOKEN
from bot.sandbox.server.models import JSON
from tests.sandbox_harness import Visit, png, running_sandbox

WELCOME = "Hi Amina 👋 I'm MIL CLICKS"


async def test_the_page_and_its_script_are_served(tmp_path: Path, bank: Bank) -> None:
    async with running_sandbox(tmp_path, bank) as visit:
        page = await visit.client.get(f"{visit.url}/")
        script = await visit.client.get(f"{visit.url}/static/chat.js")
        missing = await visit.client.post(f"{visit.url}/api/fly", json={})
    assert page.status_code == 200
    assert "<title>MIL CLICKS · sandbox</title>" in page.text
    assert script.status_code == 200
    assert "EventSource" in script.text
    assert missing.status_code == 404


def _newer_than(message_id: int) -> Callable[[JSON], bool]:
    return lambda state: bool(state["messages"]) and state["messages"][-1]["id"] > message_id


async def test_a_visitor_starts_taps_and_votes(tmp_path: Path, bank: Bank) -> None:
    async with running_sandbox(tmp_path, bank) as visit:
        await visit.act("start", payload="")
        welcome = await visit.last_message(WELCOME)
        assert welcome["from_bot"] is True
        assert welcome["keyboard"] == [
            [{"text": "Let's go", "kind": "callback"}],
            [{"text": "Show me the topics", "kind": "callback"}],
            [{"text": "📡 Test your radar first (2 min)", "kind": "callback"}],
        ]
        state = await visit.state()
        assert state["messages"][0] == {
            **state["messages"][0],
            "from_bot": False,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }
        assert [c["command"] for c in state["commands"]][:2] == ["start", "topics"]
        assert state["description"].startswith("Hi! I'm MIL CLICKS 👋 Three-minute lessons")

        await visit.act("tap", message_id=welcome["id"], row=0, column=0)
        hook = await visit.last_message("The emotion check · 3 min")
        # the bot's HTML arrives as text and entities: the page draws nothing else
        assert {"type": "bold", "offset": 0, "length": 17} in hook["entities"]
        for label in ("Why does that work?", "Show me an example", "I'm ready for the questions"):
            message = (await visit.state())["messages"][-1]
            assert message["keyboard"][0][0]["text"] == label
            await visit.act("tap", message_id=message["id"], row=0, column=0)
            await visit.until(_newer_than(message["id"]))
        state = await visit.until(lambda s: "poll" in s["messages"][-1])
        assert "keyboard" not in state["messages"][-3]  # used buttons go away
        poll = state["messages"][-1]
        assert poll["poll"]["answered"] is False
        assert "correct" not in poll["poll"] and "explanation" not in poll["poll"]

        await visit.act("vote", message_id=poll["id"], options=[1])
        verdict = await visit.last_message("✅ Right! Capital letters")
        voted = next(m for m in (await visit.state())["messages"] if m["id"] == poll["id"])
    assert verdict["keyboard"] == [[{"text": "Next question", "kind": "callback"}]]
    assert voted["poll"]["voted"] == [1]
    assert voted["poll"]["correct"] == [1]
    assert voted["poll"]["explanation"]["text"].startswith("Capital letters")
    assert [o["voters"] for o in voted["poll"]["options"]] == [0, 1, 0]


async def test_the_page_hears_of_every_change_by_server_sent_events(
    tmp_path: Path, bank: Bank
) -> None:
    async with (
        running_sandbox(tmp_path, bank) as visit,
        visit.client.stream("GET", f"{visit.url}/api/events") as events,
    ):
        assert events.headers["content-type"].startswith("text/event-stream")
        lines = events.aiter_lines()
        first = json.loads((await anext(lines)).removeprefix("data: "))
        assert first["messages"] == []
        await visit.act("send", text="/help")
        texts: list[str] = []
        async for line in lines:
            if line.startswith("data: "):
                texts = [m["text"] for m in json.loads(line.removeprefix("data: "))["messages"]]
                if len(texts) == 2:
                    break
    assert texts[0] == "/help"
    assert texts[1].startswith("I teach you to spot tricks online")


async def _meet(visit: Visit, greeting: str) -> None:
    await visit.act("start", payload="")
    await visit.last_message(greeting)


async def test_the_panel_switches_person_language_and_clock_and_resets(
    tmp_path: Path, bank: Bank
) -> None:
    async with running_sandbox(tmp_path, bank) as visit:
        await _meet(visit, WELCOME)
        await visit.act("person", index=1)
        state = await visit.state()
        assert (state["me"]["first_name"], state["messages"]) == ("Leo", [])
        await visit.act("language", code="pt")  # a newcomer: Telegram's language is enough
        await _meet(visit, "Olá, Leo 👋")

        await visit.act("person", index=0)
        await visit.act("language", code="ru")  # a learner the bot knows: /language too
        done = await visit.last_message("✅ Готово!")
        assert (await visit.state())["me"]["language"] == "ru"
        assert done["keyboard"][0][0]["kind"] == "callback"

        await visit.act("clock", days=1)
        state = await visit.state()
        assert state["clock"]["days_ahead"] == 1
        await visit.act("send", text="/help")
        help_text = await visit.last_message("")
        assert help_text["date"] > time.time() + 86_000  # dated by the sandbox's clock

        await visit.act("reset")
        state = await visit.state()
        assert (state["me"]["first_name"], state["messages"]) == ("Amina", [])
        assert state["clock"]["days_ahead"] == 0
        await _meet(visit, WELCOME)  # a newcomer again: the sandbox's progress is gone


async def test_a_lesson_link_opens_the_lesson(tmp_path: Path, bank: Bank) -> None:
    async with running_sandbox(tmp_path, bank, start_payload="lesson-emotion-check") as visit:
        first = await visit.last_message("The emotion check · 3 min")
        await visit.act("start", payload="lesson-no-such-lesson")
        topics = await visit.last_message("📚")
    assert first["keyboard"] == [[{"text": "Why does that work?", "kind": "callback"}]]
    assert topics["from_bot"] is True


async def test_photos_and_documents_the_bot_sends_are_shown(tmp_path: Path, bank: Bank) -> None:
    picture = png()
    async with running_sandbox(tmp_path, bank) as visit:
        await _meet(visit, WELCOME)
        api = f"{visit.url}/bot"
        async with Bot(TOKEN, base_url=api, base_file_url=f"{visit.url}/file/bot") as bot:
            sent = await bot.send_photo(
                1001, photo=picture, caption="<b>Your picture</b>", parse_mode=ParseMode.HTML
            )
            await bot.send_document(1001, document=b'{"lessons": 1}', filename="mydata.json")
            again = await bot.send_photo(1001, photo=sent.photo[-1].file_id)  # by file_id
            downloaded = await (await bot.get_file(sent.photo[-1].file_id)).download_as_bytearray()
        state = await visit.until(lambda s: "photo" in s["messages"][-1])
        photo, document, second = state["messages"][-3:]
        shown = await visit.client.get(f"{visit.url}/api/file/{photo['photo']['file_id']}")
        attached = await visit.client.get(
            f"{visit.url}/api/file/{document['document']['file_id']}"
        )
    assert sent.caption == "Your picture"
    assert (photo["text"], photo["entities"]) == (
        "Your picture",
        [{"type": "bold", "offset": 0, "length": 12}],
    )
    assert (shown.content, shown.headers["content-type"]) == (picture, "image/png")
    assert document["document"]["file_name"] == "mydata.json"
    assert attached.content == b'{"lessons": 1}'
    assert attached.headers["content-disposition"] == 'attachment; filename="mydata.json"'
    assert second["photo"] == photo["photo"]
    assert again.photo[-1].file_id == sent.photo[-1].file_id
    assert bytes(downloaded) == picture
