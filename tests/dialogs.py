"""What a learner does again and again in the dialog tests, said once."""

from __future__ import annotations

from bot.sandbox.server import Message, SimulatedUser
from tests.harness import RunningBot

EVERY_MOVE = (
    "⬜ Wait a moment before sharing",
    "⬜ Search for the same story from another source",
    "⬜ Check who posted it first",
)


async def progress(learner: SimulatedUser) -> tuple[Message, Message]:
    """/progress: the competency picture, then the same figures in words."""
    await learner.send("/progress")
    picture = await learner.receive()
    assert picture.photo, f"/progress should lead with a picture, not {picture.text!r}"
    return picture, await learner.receive()


async def to_first_poll(learner: SimulatedUser) -> Message:
    """From /start, tap through the first lesson's steps to its quiz poll."""
    await learner.send("/start")
    await learner.receive()
    for label in ("Let's go", "Why does that work?", "Show me an example"):
        await learner.tap(label)
        await learner.receive()
    await learner.tap("I'm ready for the questions")
    poll = await learner.receive()
    assert poll.poll is not None
    return poll


async def finish_first_lesson(
    learner: SimulatedUser, bot: RunningBot, ticks: tuple[str, ...] = EVERY_MOVE
) -> Message:
    """The first lesson from /start to its end card: the poll right, "True", then `ticks`.

    The offer of reminders that follows a first lesson is read too; the end card returns.
    """
    await to_first_poll(learner)
    await learner.vote([1])
    await learner.receive()
    await learner.tap("Next question")
    await learner.receive()
    await learner.tap("True")
    await learner.receive()
    await learner.tap("Next question")
    await learner.receive()
    for label in ticks:
        await learner.tap(label)
        await bot.settle()  # the "Check my answer" button appears once something is ticked
    await learner.tap("Check my answer")
    await learner.receive()
    await learner.tap("See my score")
    end = await learner.receive()
    offer = await learner.receive()
    assert offer.text.startswith("⏰ Would a reminder help?")
    return end
