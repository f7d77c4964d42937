"""The loopback Telegram server: quiz polls, buttons and inline mode."""

from __future__ import annotations

import asyncio

import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    SwitchInlineQueryChosenChat,
)

from bot.sandbox.server import Spec, TelegramServer
from tests.loopback_server.calls import ALICE, Json, bad, keyboard, raw

# --- polls ----------------------------------------------------------------------------------

QUIZ: Json = {
    "chat_id": ALICE,
    "question": "Which source is primary?",
    "options": [{"text": "A diary"}, {"text": "A review"}],
    "type": "quiz",
    "correct_option_ids": [0],
}


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"question": ""}, "poll question must be non-empty"),
        ({"question": "q" * 301}, "poll question length must not exceed 300"),
        ({"options": [{"text": "only"}]}, "poll must have at least 2 options"),
        (
            {"options": [{"text": str(i)} for i in range(13)]},
            "poll can't have more than 12 options",
        ),
        (
            {"options": [{"text": "a"}, {"text": "b" * 101}]},
            "poll options length must not exceed 100",
        ),
        ({"correct_option_ids": []}, "quiz poll must have a correct option"),
        ({"correct_option_ids": [2]}, "wrong correct option id"),
        ({"explanation": "a\nb\nc\nd"}, "explanation can't contain more than 2 line feeds"),
        ({"explanation": "e" * 201}, "explanation is too long"),
    ],
)
async def test_poll_limits(server: TelegramServer, changes: Json, detail: str) -> None:
    await server.user(ALICE, "Amina").send("/start")
    assert await raw(server, "sendPoll", **{**QUIZ, **changes}) == bad(detail)


async def test_explanation_length_is_counted_after_entity_parsing(server: TelegramServer) -> None:
    await server.user(ALICE, "Amina").send("/start")
    explanation = "<b>" + "e" * 198 + "</b>\n\n"  # 200 characters once parsed
    reply = await raw(
        server, "sendPoll", **QUIZ, explanation=explanation, explanation_parse_mode="HTML"
    )
    assert reply[0] == 200


async def test_quiz_vote_produces_a_poll_answer_ptb_parses(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    await bot.send_poll(
        ALICE,
        "Which source is primary?",
        ["A diary", "A review"],
        type="quiz",
        correct_option_ids=[0],
        is_anonymous=False,
        explanation="<i>Written</i> at the time",
        explanation_parse_mode="HTML",
    )
    poll = (await alice.receive()).poll
    assert poll is not None
    assert (poll.option_texts, poll.correct_option_id, poll.explanation) == (
        ["A diary", "A review"],
        0,
        "Written at the time",
    )
    await alice.vote([1])
    updates = await bot.get_updates(timeout=0)
    answer = next(u.poll_answer for u in updates if u.poll_answer)
    assert (answer.option_ids, answer.option_persistent_ids) == (
        (1,),
        (poll.options[1].persistent_id,),
    )
    assert alice.last.poll is not None and alice.last.poll.total_voter_count == 1
    with pytest.raises(AssertionError, match="does not allow changing a vote"):
        await alice.vote([0])
    assert server.violations == []


async def test_pre_9_6_correct_option_id_is_a_violation(
    server: TelegramServer, spec: Spec
) -> None:
    await server.user(ALICE, "Amina").send("/start")
    legacy = {**QUIZ, "correct_option_id": 0}
    del legacy["correct_option_ids"]
    assert (await raw(server, "sendPoll", **legacy))[0] == 400
    assert server.violations == ["sendPoll: unknown parameter 'correct_option_id'"]


# --- buttons, inline mode -------------------------------------------------------------------


async def test_tap_and_answer_callback_query(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    await raw(
        server,
        "sendMessage",
        chat_id=ALICE,
        text="Ready?",
        reply_markup=keyboard({"text": "Let's go", "callback_data": "go"}),
    )
    await raw(server, "sendMessage", chat_id=ALICE, text="Later")
    tap = await alice.tap("Let's go")
    update = (await bot.get_updates(timeout=0))[-1]
    query = update.callback_query
    assert query is not None and query.data == "go" and query.message is not None
    assert query.message.message_id == tap.message_id
    assert await raw(
        server, "answerCallbackQuery", callback_query_id=query.id, text="t" * 201
    ) == bad("MESSAGE_TOO_LONG")
    await query.answer("Off we go")
    assert (await alice.callback_answer()).text == "Off we go"
    again = await raw(server, "answerCallbackQuery", callback_query_id=query.id)
    assert again == bad("query is too old and response timeout expired or query ID is invalid")
    with pytest.raises(
        AssertionError, match=r"no button 'Stop' in chat 1001; buttons: \[\[\"Let's go\"\]\]"
    ):
        await alice.tap("Stop")


async def test_receive_times_out_with_what_was_received(server: TelegramServer) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    await raw(server, "sendMessage", chat_id=ALICE, text="Hello")
    assert (await alice.receive()).text == "Hello"
    with pytest.raises(AssertionError, match=r"received: \['Hello'\]"):
        await alice.receive(within=0.1)


async def test_inline_query_roundtrip(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(ALICE, "Amina")
    asked = asyncio.create_task(alice.inline_query("challenge", chat_type="sender"))
    update = (await bot.get_updates(timeout=2))[0]
    query = update.inline_query
    assert query is not None and (query.query, query.chat_type) == ("challenge", "sender")
    share = InlineKeyboardButton(
        "Challenge a friend",
        switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat("c1", allow_user_chats=True),
    )
    article = InlineQueryResultArticle(
        "c1",
        "Challenge",
        InputTextMessageContent("<b>Beat my score</b>", parse_mode="HTML"),
        reply_markup=InlineKeyboardMarkup([[share]]),
    )
    too_many = [
        {
            "type": "article",
            "id": str(i),
            "title": "t",
            "input_message_content": {"message_text": "m"},
        }
        for i in range(51)
    ]
    assert await raw(
        server, "answerInlineQuery", inline_query_id=query.id, results=too_many
    ) == bad("RESULTS_TOO_MUCH")
    assert await raw(
        server, "answerInlineQuery", inline_query_id=query.id, results=too_many[:1] * 2
    ) == bad("RESULT_ID_DUPLICATE")
    await query.answer([article])
    results = await asyncio.wait_for(asked, 2)
    assert [r["id"] for r in results] == ["c1"]
    inline_id = await alice.choose_inline_result("c1", "challenge")
    chosen = (await bot.get_updates(offset=update.update_id + 1, timeout=0))[
        0
    ].chosen_inline_result
    assert chosen is not None and (chosen.result_id, chosen.inline_message_id) == ("c1", inline_id)
    assert inline_id is not None
    assert await bot.edit_message_text("Done", inline_message_id=inline_id) is True
    assert server.violations == []
