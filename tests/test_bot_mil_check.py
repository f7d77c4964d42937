"""The MIL check on Telegram: offered at the start, taken, scored, and taken again later."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bank.bank import Bank
from bot.learning.mil_check import CHECK_ID
from bot.sandbox.server import SimulatedUser, TelegramServer
from storage.database import Database
from tests.dialogs import finish_first_lesson
from tests.harness import RunningBot, running_bot

PRE_INTRO = (
    "📡 Test your radar\n\nI'll show you 16 made-up posts. For each one, tap whether it seems "
    "trustworthy or looks manipulative. About 2 minutes, and you'll see how you did at the end."
)


# A check is 16 taps in a row, faster than the flood limit lets one chat be answered.
pytestmark = pytest.mark.unlimited


@pytest.fixture
async def quick_bot(
    server: TelegramServer, bank: Bank, database: Database
) -> AsyncIterator[RunningBot]:
    """The bot with the post check opening after one finished lesson."""
    async with running_bot(server, bank, database.unit, post_check_after=1) as running:
        yield running


async def _sort_all(learner: SimulatedUser, bank: Bank, form: int, *, right: bool) -> None:
    """Sort every post of a form: all as the key says (`right`), or all as manipulative."""
    items = bank.checks[CHECK_ID].forms[form].items
    used = None
    for number, item in enumerate(items, start=1):
        card = await learner.receive()
        if used is not None:  # a sorted post's buttons are gone before the next arrives
            assert learner.message(used).button_texts == []
        assert card.text == f"Post {number} of 16\n\n{item.post}"
        assert card.button_texts == [["👍 Seems trustworthy", "🚩 Looks manipulative"]]
        manipulative = item.manipulative if right else True
        await learner.tap("🚩 Looks manipulative" if manipulative else "👍 Seems trustworthy")
        used = card.message_id


async def _take_the_pre_check(learner: SimulatedUser, bank: Bank) -> None:
    await learner.send("/start")
    welcome = await learner.receive()
    assert welcome.button_texts[-1] == ["📡 Test your radar first (2 min)"]
    await learner.tap("📡 Test your radar first (2 min)")
    assert (await learner.receive()).text == PRE_INTRO
    await _sort_all(learner, bank, 0, right=False)


async def test_a_learner_who_calls_everything_fake_hears_about_the_real_posts(
    server: TelegramServer, bot: RunningBot, bank: Bank
) -> None:
    noor = server.user(2001, "Noor", language_code="en")
    await _take_the_pre_check(noor, bank)
    result = await noor.receive()
    assert result.text == (
        "📡 Done!\n\nYou caught 8 of 8 tricks and trusted 0 of 8 real posts.\n\n"
        "You flagged quite a few real posts too. Calling everything fake isn't the skill: "
        "telling the two apart is."
    )
    assert result.button_texts == [["📚 Topics"]]
    missed = await noor.receive()
    assert missed.text.startswith("The ones that got past your radar:\n\n")
    assert missed.text.count("👍 trustworthy: ") == 8
    assert "🚩 manipulative" not in missed.text

    await noor.send("/radar")
    later = await noor.receive()
    assert later.text == "Your next radar check opens after 6 more lessons. 📡"


async def test_the_post_check_uses_the_other_form_and_compares(
    server: TelegramServer, quick_bot: RunningBot, bank: Bank
) -> None:
    sami = server.user(2002, "Sami", language_code="en")
    await _take_the_pre_check(sami, bank)
    await sami.receive()  # the result
    await sami.receive()  # what got past the radar
    end = await finish_first_lesson(sami, quick_bot)
    assert end.text.startswith("🏁 ")
    offer = await sami.receive()
    assert offer.text == (
        "📡 You've finished 1 lesson. Want to test your radar again? Two minutes, and you'll "
        "see how much sharper it's got."
    )
    await sami.tap("📡 Test my radar")
    intro = await sami.receive()
    assert intro.text.startswith("📡 Test your radar again\n\n16 new made-up posts")
    await _sort_all(sami, bank, 1, right=True)
    result = await sami.receive()
    assert result.text == (
        "📡 Done!\n\nYou caught 8 of 8 tricks and trusted 8 of 8 real posts.\n\n"
        "Before your lessons: tricks caught 8/8, real posts trusted 0/8."
    )
    await sami.send("/radar")
    assert (await sami.receive()).text == "You've done both radar checks. Nice work! 📡"


async def test_the_second_learner_starts_on_the_other_form(
    server: TelegramServer, bot: RunningBot, bank: Bank
) -> None:
    forms = bank.checks[CHECK_ID].forms
    for user_id, form in ((2003, forms[0]), (2004, forms[1])):
        learner = server.user(user_id, "Kim", language_code="en")
        await learner.send("/radar")
        assert (await learner.receive()).text == PRE_INTRO
        assert (await learner.receive()).text == f"Post 1 of 16\n\n{form.items[0].post}"


async def test_the_check_speaks_the_learners_language(
    server: TelegramServer, bot: RunningBot, bank: Bank
) -> None:
    ana = server.user(2005, "Ana", language_code="pt-br")
    await ana.send("/radar")
    await ana.receive()
    first = await ana.receive()
    post = bank.mil_check(CHECK_ID, "pt")
    assert post is not None
    assert first.text.endswith(post.forms[0].items[0].post)
