"""Polls: sendPoll and stopPoll for the bot, votes for simulated users.

Bot API 9.6 made quiz answers a list, ``correct_option_ids``, and gave options persistent
ids; both are what the spec of this API version asks for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.sandbox.server import limits
from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.messaging import markup_of, parse
from bot.sandbox.server.models import JSON, Message, Poll, PollOption

if TYPE_CHECKING:
    from bot.sandbox.server.world import Handler, World

STOP_NOT_FOUND = "message with poll to stop not found"
ALREADY_CLOSED = "poll has already been closed"


def _option_text(world: World, option: object) -> str:
    if isinstance(option, dict):
        text = str(option.get("text", ""))
        mode = option.get("text_parse_mode")
        return parse(world, text, mode, option.get("text_entities")).text
    return str(option)  # a bare string is already a spec violation; show it anyway


async def send_poll(world: World, params: JSON) -> JSON:
    """Send a regular poll or a quiz, checked against Telegram's limits."""
    chat = world.writable_chat(params.get("chat_id"))
    question = str(params.get("question", ""))
    raw_options = params.get("options")
    texts = [_option_text(world, o) for o in raw_options] if isinstance(raw_options, list) else []
    limits.check_poll_texts(question, texts)
    poll_type = str(params.get("type", "regular"))
    correct = params.get("correct_option_ids")
    if correct is None and world.spec is None and "correct_option_id" in params:
        correct = [params["correct_option_id"]]  # pre-9.6 name, accepted only without a spec
    correct_ids = limits.check_correct_options(poll_type, correct, len(texts))
    explanation_raw = params.get("explanation")
    explanation = None
    if isinstance(explanation_raw, str) and explanation_raw:
        explanation = parse(
            world,
            explanation_raw,
            params.get("explanation_parse_mode"),
            params.get("explanation_entities"),
        )
        limits.check_explanation(explanation)
    closes = limits.check_close_date(
        params.get("open_period"), params.get("close_date"), world.now()
    )
    markup = markup_of(params)
    poll_id = world.new_id()
    poll = Poll(
        id=poll_id,
        question=question,
        options=tuple(PollOption(t, f"{poll_id}-{i}") for i, t in enumerate(texts)),
        type=poll_type,
        is_anonymous=params.get("is_anonymous", True) is not False,
        allows_multiple_answers=params.get("allows_multiple_answers") is True,
        allows_revoting=bool(params.get("allows_revoting", poll_type == "regular")),
        correct_option_ids=correct_ids,
        explanation=explanation.text if explanation else None,
        explanation_html=explanation_raw if explanation else None,
        explanation_entities=explanation.entities if explanation else (),
        is_closed=params.get("is_closed") is True,
        open_period=params.get("open_period"),
        close_date=closes,
    )
    message = world.add_message(
        chat, sender=world.bot, text=question, html=question, poll=poll, reply_markup=markup
    )
    world.polls[poll_id] = (chat.id, message.message_id)
    world.votes[poll_id] = {}
    return world.message_json(message)


async def stop_poll(world: World, params: JSON) -> JSON:
    """Close a poll the bot sent; Telegram then sends a ``poll`` update."""
    chat = world.writable_chat(params.get("chat_id"))
    message = world.find_message(chat.id, params.get("message_id"))
    if message is None or message.poll is None or not message.from_bot:
        raise bad_request(STOP_NOT_FOUND)
    if message.poll.is_closed:
        raise bad_request(ALREADY_CLOSED)
    markup = markup_of(params)
    poll = dataclasses.replace(message.poll, is_closed=True)
    world.replace(message, poll=poll, reply_markup=markup)
    world.emit("poll", poll.to_json())
    return poll.to_json()


def close_due(world: World) -> int:
    """Close every poll whose close date has come, as Telegram does by itself, each with a
    ``poll`` update; how many closed."""
    closed = 0
    now = world.now()
    for chat_id, message_id in list(world.polls.values()):
        message = world.find_message(chat_id, message_id)
        poll = message.poll if message is not None else None
        if message is None or poll is None or poll.is_closed or poll.close_date is None:
            continue
        if poll.close_date <= now:
            closed_poll = dataclasses.replace(poll, is_closed=True)
            world.replace(message, poll=closed_poll)
            world.emit("poll", closed_poll.to_json())
            closed += 1
    return closed


def vote(world: World, user: JSON, message: Message, option_ids: Sequence[int]) -> None:
    """A user votes (or retracts with no ids); emits poll_answer and the new poll state."""
    close_due(world)
    message = world.find_message(message.chat_id, message.message_id) or message
    poll = message.poll
    assert poll is not None, f"message {message.message_id} has no poll"
    assert not poll.is_closed, f"poll {poll.question!r} is closed"
    assert all(0 <= i < len(poll.options) for i in option_ids), (
        f"option ids {list(option_ids)} out of range for {poll.option_texts}"
    )
    assert len(option_ids) <= 1 or poll.allows_multiple_answers, (
        f"poll {poll.question!r} allows one answer only"
    )
    votes = world.votes.setdefault(poll.id, {})
    user_id = int(user["id"])
    assert user_id not in votes or poll.allows_revoting, (
        f"poll {poll.question!r} does not allow changing a vote"
    )
    assert user_id in votes or option_ids, "nothing to retract: the user has not voted"
    if option_ids:
        votes[user_id] = tuple(sorted(set(option_ids)))
    else:
        votes.pop(user_id, None)
    counts = [sum(i in chosen for chosen in votes.values()) for i in range(len(poll.options))]
    new = dataclasses.replace(
        poll,
        options=tuple(
            dataclasses.replace(o, voter_count=c)
            for o, c in zip(poll.options, counts, strict=True)
        ),
        total_voter_count=len(votes),
    )
    world.replace(message, poll=new)
    world.see(user_id)
    if not poll.is_anonymous:
        ids = sorted(set(option_ids))
        answer: JSON = {
            "poll_id": poll.id,
            "user": user,
            "option_ids": ids,
            "option_persistent_ids": [poll.options[i].persistent_id for i in ids],
        }
        world.emit("poll_answer", answer)
    world.emit("poll", new.to_json())


HANDLERS: dict[str, Handler] = {"sendPoll": send_poll, "stopPoll": stop_poll}
