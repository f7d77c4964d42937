"""The learner's data rights in the chat: /privacy says it plainly, /mydata sends the file,
/forgetme erases every row after one confirmation, and old or repeated taps do no harm."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.languages import translator
from bot.sandbox.server import Message, SimulatedUser, TelegramServer
from bot.telegram.data_rights_messages import privacy
from storage.database import Database
from tests.dialogs import finish_first_lesson
from tests.harness import RunningBot
from tests.test_erasure import assert_named_nowhere
from tests.test_hostile_input import _tap_data

AMINA = 424242001  # an id no other value in the tables can be
ASK = (
    "🗑 Erase everything I store about you? Your lessons, answers, reviews, challenges,"
    " reminders, pact and radar check all go, for good: I can't bring them back."
)


async def test_privacy_says_what_is_kept_what_never_is_and_for_how_long(
    server: TelegramServer, bot: RunningBot
) -> None:
    amina = server.user(AMINA, "Amina", language_code="en")
    await amina.send("/privacy")
    reply = await amina.receive()
    assert reply.text == (
        "🔒 Your data, in plain words\n"
        "I keep your Telegram id and language, the lessons, answers and review rounds you do,"
        " your radar check, your reminder settings and pact, and the challenges you make (with"
        " your first name, so friends see who sent them). That's how I know where you left"
        " off and what to bring back.\n\n"
        "I never keep what you write to me, your phone number, or the posts you forward me"
        " to check.\n\n"
        "👩‍🏫 In a class, its teacher sees your first name, the lessons you finish, your accuracy"
        " per theme and your radar check results, never your chats. I keep your first name"
        " only while you're in a class.\n\n"
        "If you don't come back for 24 months, I erase it all. Want a copy? /mydata."
        " Want it gone now? /forgetme"
    )


def _document(server: TelegramServer, message: Message) -> dict[str, Any]:
    assert message.media is not None and message.media.kind == "document"
    assert message.media.file_name == "milclicks-my-data.json"
    found: dict[str, Any] = json.loads(server.world.files[message.media.file_id][1])
    return found


async def _ask(amina: SimulatedUser) -> Message:
    await amina.send("/forgetme")
    ask = await amina.receive()
    assert ask.text == ASK
    assert ask.button_texts == [["Erase everything"], ["Keep my data"]]
    return ask


async def _learned_and_asked(
    server: TelegramServer, bot: RunningBot
) -> tuple[SimulatedUser, Message, Message]:
    """Amina did a lesson and took the pact, got her file, and asked /forgetme twice."""
    amina = server.user(AMINA, "Amina", language_code="en")
    await finish_first_lesson(amina, bot)
    await amina.send("/pact")
    await amina.receive()
    await amina.tap("✋ I take the pact")
    await amina.receive()
    await amina.send("/mydata")
    sent = await amina.receive()
    assert sent.text == (
        "📦 Everything I store about you, in one file. Any notes or text app opens it."
    )
    document = _document(server, sent)
    assert document["you"]["telegram id"] == AMINA
    [lesson] = document["lessons and challenges you took"]
    assert len(lesson["answers"]) == 3 and lesson["finished at"]
    assert document["pact"] is not None
    return amina, await _ask(amina), await _ask(amina)


@pytest.mark.unlimited  # a lesson, then the rest, faster than any learner taps
async def test_forgetme_erases_every_row_once_and_old_taps_do_no_harm(
    server: TelegramServer, bot: RunningBot, database: Database
) -> None:
    amina, first, second = await _learned_and_asked(server, bot)
    await amina.tap("Keep my data", message=first)
    assert (await amina.receive()).text == "Nothing was erased: your progress is safe. 🙂"
    assert amina.message(first.message_id).button_texts == []
    confirm = await _ask(amina)
    server.faults.deliver_twice()  # the confirming tap comes again, same update_id
    await amina.tap("Erase everything", message=confirm)
    goodbye = await amina.receive()
    assert goodbye.text == (
        "Done: everything I stored about you is erased. Thanks for learning with me 👋"
        " If you ever want to start afresh, send /start."
    )
    await bot.settle()
    assert amina.last == goodbye  # said once
    assert amina.message(confirm.message_id).button_texts == []
    assert_named_nowhere(database.url, AMINA)
    await amina.send("/start")  # afresh: a newcomer's welcome
    assert (await amina.receive()).text.startswith("Hi Amina 👋")
    await amina.tap("Erase everything", message=second)  # a button from before
    assert (await amina.receive()).text == (
        "That button is from before you started afresh, so I erased nothing."
        " To erase what I store now, send /forgetme."
    )
    async with database.unit() as store, store.transaction():
        assert await store.learner(AMINA) is not None


async def test_forgetme_from_someone_never_seen_erases_nothing(
    server: TelegramServer, bot: RunningBot
) -> None:
    ben = server.user(424242002, "Ben", language_code="en")
    await ben.send("/forgetme")
    assert (await ben.receive()).text == (
        "I don't store anything about you right now: nothing to erase."
    )


@pytest.mark.parametrize(("months", "said"), [(12, "for 12 months,"), (1, "for 1 month,")])
def test_privacy_names_the_retention_period_the_bot_runs_with(months: int, said: str) -> None:
    assert said in privacy(translator("en"), months).html


async def test_a_forged_erase_button_erases_only_the_tapper_and_only_with_their_own_date(
    server: TelegramServer, bot: RunningBot, database: Database
) -> None:
    amina = server.user(AMINA, "Amina", language_code="en")
    ben = server.user(424242002, "Ben", language_code="en")
    for learner in (amina, ben):
        await learner.send("/start")
        await learner.receive()
    ask = await _ask(amina)
    data = str(ask.buttons[0][0].callback_data)  # Amina's own "E:<when she first came>"
    await _tap_data(server, ben, data)  # Ben forges it: it is about Ben, and not his date
    assert (await ben.receive()).text.startswith("That button is from before you started")
    await _tap_data(server, amina, "E:1")  # the right verb, the wrong date
    assert (await amina.receive()).text.startswith("That button is from before you started")
    async with database.unit() as store, store.transaction():
        assert await store.learner(AMINA) is not None
        assert await store.learner(ben.id) is not None
