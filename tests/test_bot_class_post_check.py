"""A teacher opens the post MIL check for a class: members who took the pre check get an
offer and take the other form at once; others are left alone; a second tap offers nothing."""

from __future__ import annotations

import pytest

from bot.bank.bank import Bank
from bot.sandbox.server import SimulatedUser, TelegramServer
from tests.harness import RunningBot
from tests.test_bot_classes import _make_class, _payload
from tests.test_bot_mil_check import _sort_all, _take_the_pre_check

# A check is 16 taps in a row, faster than the flood limit lets one chat be answered.
pytestmark = pytest.mark.unlimited

OPEN = "📡 Open the post check"


async def _took_the_pre_check(learner: SimulatedUser, bank: Bank, form: int) -> None:
    """The learner's pre check, on `form`: forms alternate as learners start them."""
    if form == 0:
        await _take_the_pre_check(learner, bank)
    else:
        await learner.send("/radar")
        await learner.receive()  # what the check is
        await _sort_all(learner, bank, form, right=False)
    await learner.receive()  # the result
    await learner.receive()  # what got past the radar


async def _join(learner: SimulatedUser, payload: str) -> None:
    await learner.send(f"/start {payload}")
    await learner.receive()  # the invitation
    await learner.tap("Join")
    assert (await learner.receive()).text.startswith("🎉 You're in 7B Media!")


async def test_the_teacher_opens_the_post_check_and_members_who_took_the_pre_get_it(
    server: TelegramServer, bot: RunningBot, bank: Bank
) -> None:
    tess = server.user(3101, "Tess", language_code="en")
    amina = server.user(3102, "Amina", language_code="en")  # pre check, joins
    ben = server.user(3103, "Ben", language_code="en")  # joins, no pre check
    carl = server.user(3104, "Carl", language_code="en")  # pre check, not in the class
    await _took_the_pre_check(amina, bank, 0)
    await _took_the_pre_check(carl, bank, 1)
    card = await _make_class(tess, bot)
    assert [OPEN] in card.button_texts
    payload = _payload(card)
    await _join(amina, payload)
    await _join(ben, payload)

    await tess.tap(OPEN, message=card)
    assert (await tess.receive()).text == (
        "📡 The post check is open for 7B Media. 1 learner who took the first check gets an "
        "offer now (or when their quiet hours end).\n\n0 of 2 members have taken it so far."
    )
    offer = await amina.receive()
    assert offer.text == (
        "📡 Your teacher opened the second radar check for 7B Media. Two minutes, and you'll "
        "see how much sharper your radar has got."
    )
    assert offer.button_texts == [["📡 Test my radar"]]
    await amina.tap("📡 Test my radar")
    intro = await amina.receive()
    assert intro.text.startswith("📡 Test your radar again\n\n16 new made-up posts")
    # Amina was the first to start a pre check (form A): her post check is form B
    await _sort_all(amina, bank, 1, right=True)
    result = await amina.receive()
    assert result.text == (
        "📡 Done!\n\nYou caught 8 of 8 tricks and trusted 8 of 8 real posts.\n\n"
        "Before your lessons: tricks caught 8/8, real posts trusted 0/8."
    )

    await tess.tap(OPEN, message=card)
    assert (await tess.receive()).text == (
        "📡 The post check for 7B Media is open already.\n\n1 of 2 members have taken it so far."
    )
    await bot.settle()
    await ben.send("/radar")  # no offer came; his first check is the pre check
    assert (await ben.receive()).text.startswith("📡 Test your radar\n\n")
    await carl.send("/radar")  # not in the class: the post check waits for his lessons
    assert (await carl.receive()).text == "Your next radar check opens after 6 more lessons. 📡"
    assert [m.text for m in amina.messages if m.text.startswith("📡 Your teacher")] == [offer.text]
