"""The loopback Telegram server: the real python-telegram-bot Bot and raw HTTP against it."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    SwitchInlineQueryChosenChat,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox.server import Spec, TelegramServer, load_spec, loopback, spec_path
from bot.sandbox.server.html import parse_html

TOKEN = "123:ABC"
SPEC = load_spec(spec_path(os.environ))
ALICE = 1001
Json = dict[str, Any]


@pytest.fixture
def spec() -> Spec:
    """The Bot API spec; tests that need it skip, visibly, where it is absent."""
    if SPEC is None:
        pytest.skip(f"Bot API spec not found at {spec_path(os.environ)}; set TELEGRAM_API_SPEC")
    return SPEC


@pytest.fixture
async def server() -> AsyncIterator[TelegramServer]:
    async with TelegramServer(token=TOKEN, spec=SPEC) as running:
        yield running


@pytest.fixture
async def bot(server: TelegramServer) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(TOKEN, base_url=f"{server.api_url}/bot") as client:
        yield client


async def raw(server: TelegramServer, method: str, **params: Any) -> tuple[int, Json]:
    """POST a JSON body, as any HTTP client would; (status, envelope)."""
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{server.api_url}/bot{TOKEN}/{method}", json=params)
    body: Json = response.json()
    return response.status_code, body


def error(code: int, description: str) -> tuple[int, Json]:
    return code, {"ok": False, "error_code": code, "description": description}


def bad(detail: str) -> tuple[int, Json]:
    return error(400, f"Bad Request: {detail}")


def keyboard(*buttons: Json) -> Json:
    return {"inline_keyboard": [list(buttons)]}


# --- basics -------------------------------------------------------------------------------


async def test_get_me_through_python_telegram_bot(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    me = await bot.get_me()
    assert (me.username, me.is_bot, me.supports_inline_queries) == (
        "milclicks_test_bot",
        True,
        True,
    )
    assert me.id == 123
    assert server.violations == []


async def test_wrong_token_is_unauthorized(server: TelegramServer) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{server.api_url}/bot999:XYZ/getMe")
    assert (response.status_code, response.json()) == error(401, "Unauthorized")


async def test_get_with_query_string_is_decoded_by_spec_types(server: TelegramServer) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    async with httpx.AsyncClient(trust_env=False) as client:
        url = f"{server.api_url}/bot{TOKEN}/sendMessage"
        response = await client.get(url, params={"chat_id": str(ALICE), "text": "42"})
    assert response.json()["result"]["text"] == "42"
    assert (await alice.receive()).text == "42"


async def test_unknown_method_is_404_and_a_violation(server: TelegramServer) -> None:
    assert await raw(server, "sendFoo", chat_id=1) == error(404, "Not Found")
    assert server.violations == ["unknown method 'sendFoo'"]


async def test_unknown_parameter_is_400_and_a_violation(
    server: TelegramServer, spec: Spec
) -> None:
    await server.user(ALICE, "Amina").send("/start")
    status, body = await raw(server, "sendMessage", chat_id=ALICE, text="hi", colour="red")
    assert (status, body) == bad("unknown parameter 'colour'")
    assert server.violations == ["sendMessage: unknown parameter 'colour'"]


async def test_spec_method_the_server_lacks_is_reported(
    server: TelegramServer, spec: Spec
) -> None:
    status, _ = await raw(server, "sendDice", chat_id=ALICE)
    assert status == 400
    assert server.violations == ["not implemented by the test server: sendDice"]


# --- long polling ---------------------------------------------------------------------------


async def test_long_poll_holds_until_an_update_arrives(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(ALICE, "Amina", language_code="en")
    poll = asyncio.create_task(bot.get_updates(timeout=3))
    await asyncio.sleep(0.3)
    assert not poll.done()
    started = time.monotonic()
    await alice.send("/start PAYLOAD")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1
    message = updates[0].message
    assert message is not None
    assert (
        message.text,
        message.chat.id,
        message.from_user and message.from_user.language_code,
    ) == (
        "/start PAYLOAD",
        ALICE,
        "en",
    )
    assert message.parse_entities() == {message.entities[0]: "/start"}
    assert server.violations == []


async def test_long_poll_returns_empty_after_timeout(bot: telegram.Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2


async def test_offset_confirms_updates(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("one")
    await alice.send("two")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [u.update_id for u in first]
    delivered = asyncio.create_task(server.wait_delivered(within=2))
    await asyncio.sleep(0.05)
    assert not delivered.done()
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == ()
    await delivered


async def test_a_second_poller_terminates_the_first(server: TelegramServer) -> None:
    first = asyncio.create_task(raw(server, "getUpdates", timeout=2))
    await asyncio.sleep(0.2)
    assert await raw(server, "getUpdates", timeout=0) == (200, {"ok": True, "result": []})
    assert await first == error(
        409,
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
    )


# --- sending and editing ---------------------------------------------------------------------


async def test_send_edit_and_not_modified(server: TelegramServer, bot: telegram.Bot) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Let's go", callback_data="go")]])
    sent = await bot.send_message(
        ALICE, "<b>Welcome</b> &amp; hi", parse_mode="HTML", reply_markup=markup
    )
    seen = await alice.receive()
    assert (seen.text, seen.html) == ("Welcome & hi", "<b>Welcome</b> &amp; hi")
    assert seen.button_texts == [["Let's go"]]
    assert seen.buttons[0][0].callback_data == "go"
    await bot.edit_message_text("Edited", ALICE, sent.message_id, reply_markup=markup)
    assert (alice.last.text, alice.last.edited, seen.text) == ("Edited", True, "Welcome & hi")
    same = await raw(
        server,
        "editMessageText",
        chat_id=ALICE,
        message_id=sent.message_id,
        text="Edited",
        reply_markup=markup.to_dict(),
    )
    assert same == bad(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )
    await bot.edit_message_reply_markup(ALICE, sent.message_id)  # no markup: keyboard removed
    assert alice.last.buttons == []
    gone = await raw(server, "editMessageText", chat_id=ALICE, message_id=99, text="x")
    assert gone == bad("message to edit not found")
    assert await bot.delete_message(ALICE, sent.message_id)
    assert alice.messages[-1].deleted
    assert server.violations == []


async def test_chat_never_opened_is_not_found(server: TelegramServer) -> None:
    server.user(ALICE, "Amina")
    assert await raw(server, "sendMessage", chat_id=ALICE, text="hi") == bad("chat not found")


async def test_blocked_user_gets_403_and_bot_learns_it(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(ALICE, "Amina")
    await alice.send("/start")
    server.block(alice)
    assert await raw(server, "sendMessage", chat_id=ALICE, text="hi") == error(
        403, "Forbidden: bot was blocked by the user"
    )
    with pytest.raises(telegram.error.Forbidden, match="bot was blocked by the user"):
        await bot.send_chat_action(ALICE, "typing")
    updates = await bot.get_updates(timeout=0)
    member = updates[-1].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"
    assert server.violations == []


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<x>hi</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("é <br>", 'Unsupported start tag "br" at byte offset 3'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", 'Character "&" at byte offset 4 must be escaped as "&amp;"'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_html_errors(server: TelegramServer, html: str, detail: str) -> None:
    await server.user(ALICE, "Amina").send("/start")
    reply = await raw(server, "sendMessage", chat_id=ALICE, text=html, parse_mode="HTML")
    assert reply == bad(f"can't parse entities: {detail}")


def test_html_entities_use_utf16_offsets() -> None:
    parsed = parse_html(
        '😀 <b>bold <i>both</i></b> <a href="https://example.org">link</a> '
        "<tg-spoiler>s</tg-spoiler> &lt;&#65;&#x42;&quot;&gt; "
        "<blockquote expandable>q</blockquote>"
        '<pre><code class="language-python">x</code></pre>'
    )
    assert parsed.text == '😀 bold both link s <AB"> qx'
    assert list(parsed.entities) == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "url": "https://example.org", "offset": 13, "length": 4},
        {"type": "spoiler", "offset": 18, "length": 1},
        {"type": "expandable_blockquote", "offset": 26, "length": 1},
        {"type": "pre", "language": "python", "offset": 27, "length": 1},
    ]


async def test_text_length_counts_after_entity_parsing(server: TelegramServer) -> None:
    await server.user(ALICE, "Amina").send("/start")
    full = "<b>" + "a" * 4096 + "</b>"
    assert (await raw(server, "sendMessage", chat_id=ALICE, text=full, parse_mode="HTML"))[
        0
    ] == 200
    long = "a" * 4097
    assert await raw(server, "sendMessage", chat_id=ALICE, text=long) == bad("message is too long")
    empty = await raw(server, "sendMessage", chat_id=ALICE, text="<b> </b>", parse_mode="HTML")
    assert empty == bad("message text is empty")


@pytest.mark.parametrize(
    ("button", "detail"),
    [
        ({"text": "A", "callback_data": "é" * 32 + "x"}, "BUTTON_DATA_INVALID"),
        ({"text": "A"}, "text buttons are unallowed in the inline keyboard"),
        ({"text": "A", "url": "ftp://example.org"}, "BUTTON_URL_INVALID"),
        (
            {"text": "A", "url": "https://x.org", "callback_data": "a"},
            "can't parse inline keyboard button: exactly one action field must be used",
        ),
    ],
)
async def test_keyboard_limits(server: TelegramServer, button: Json, detail: str) -> None:
    await server.user(ALICE, "Amina").send("/start")
    ok = await raw(
        server,
        "sendMessage",
        chat_id=ALICE,
        text="t",
        reply_markup=keyboard({"text": "A", "callback_data": "é" * 32}),
    )
    assert ok[0] == 200  # 64 bytes is the limit, not 64 characters
    reply = await raw(
        server, "sendMessage", chat_id=ALICE, text="t", reply_markup=keyboard(button)
    )
    assert reply == bad(detail)


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


# --- groups, commands, webhook, spec --------------------------------------------------------


async def test_group_message_and_tap(server: TelegramServer, bot: telegram.Bot) -> None:
    alice, bob = server.user(ALICE, "Amina"), server.user(1002, "Bilal")
    group = server.group(-100500, "Class 7B", [alice, bob])
    await group.send(bob, "/quiz@milclicks_test_bot")
    await bot.send_message(
        -100500,
        "Quiz time",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    assert (await group.receive()).text == "Quiz time"
    await group.tap(alice, "A")
    updates = await bot.get_updates(timeout=0)
    message, tap = updates[0].message, updates[1].callback_query
    assert message is not None and message.chat.type == "group"
    assert message.parse_entities() == {message.entities[0]: "/quiz@milclicks_test_bot"}
    assert tap is not None and tap.from_user.id == ALICE and tap.message is not None
    assert tap.message.chat.id == -100500
    assert server.violations == []


async def test_commands_and_texts_are_kept_per_language_and_scope(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    await bot.set_my_commands([("start", "Start")])
    await bot.set_my_commands([("start", "Démarrer")], language_code="fr")
    await bot.set_my_commands([("quiz", "Quiz")], scope=telegram.BotCommandScopeChat(ALICE))
    assert [c.description for c in await bot.get_my_commands()] == ["Start"]
    assert [c.description for c in await bot.get_my_commands(language_code="fr")] == ["Démarrer"]
    assert [
        c.command for c in await bot.get_my_commands(scope=telegram.BotCommandScopeChat(ALICE))
    ] == ["quiz"]
    await bot.delete_my_commands(language_code="fr")
    assert await bot.get_my_commands(language_code="fr") == ()
    await bot.set_my_description("Learn in 3 minutes", language_code="en")
    assert (await bot.get_my_description("en")).description == "Learn in 3 minutes"
    assert (await bot.get_my_description()).description == ""
    await bot.set_my_short_description("MIL")
    assert (await bot.get_my_short_description()).short_description == "MIL"
    await bot.set_my_name("MIL CLICKS", language_code="fr")
    assert (await bot.get_my_name("fr")).name == "MIL CLICKS"
    assert await raw(
        server, "setMyCommands", commands=[{"command": "Start", "description": "x"}]
    ) == bad("BOT_COMMAND_INVALID")
    assert server.violations == []


async def test_webhook_delivery(server: TelegramServer, bot: telegram.Bot) -> None:
    received: list[tuple[Json, str | None]] = []

    async def webhook(request: Request) -> Response:
        secret = request.headers.get("x-telegram-bot-api-secret-token")
        received.append((await request.json(), secret))
        return Response(status_code=200)

    receiver = Starlette(routes=[Route("/hook", webhook, methods=["POST"])])
    async with loopback.serve(receiver) as receiver_url:
        url = f"{receiver_url}/hook"
        assert await bot.set_webhook(url, secret_token="s3cret")
        assert await raw(server, "getUpdates") == error(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
        await server.user(ALICE, "Amina").send("/start")
        await server.wait_delivered(within=2)
        [(update, secret)] = received
        assert (update["message"]["text"], secret) == ("/start", "s3cret")
        assert (await bot.get_webhook_info()).url == url
        assert await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == ()
    assert server.violations == []


async def test_updates_all_parse_with_python_telegram_bot(
    server: TelegramServer, bot: telegram.Bot
) -> None:
    alice = server.user(ALICE, "Amina", username="amina")
    await alice.send("/start")
    await raw(
        server,
        "sendPoll",
        chat_id=ALICE,
        question="Q?",
        options=[{"text": "a"}, {"text": "b"}],
        is_anonymous=False,
        reply_markup=keyboard({"text": "Hint", "callback_data": "hint"}),
    )
    await alice.vote([0])
    await alice.vote([])
    await alice.tap("Hint")
    server.block(alice)
    _, body = await raw(server, "getUpdates")
    kinds = [next(k for k in u if k != "update_id") for u in body["result"]]
    assert kinds == [
        "message",
        "poll_answer",
        "poll",
        "poll_answer",
        "poll",
        "callback_query",
        "my_chat_member",
    ]
    for update in body["result"]:
        assert telegram.Update.de_json(update, bot) is not None
    assert server.violations == []


def test_check_call_reports_nested_and_union_problems(spec: Spec) -> None:
    problems = spec.check_call(
        "answerInlineQuery",
        {
            "inline_query_id": "1",
            "results": [
                {
                    "type": "article",
                    "id": "1",
                    "title": "t",
                    "input_message_content": {"message_txt": "m"},
                },
                {"type": "banana", "id": "2"},
            ],
            "button": {"text": "Go", "start_parameter": 5},
        },
    )
    assert (
        "answerInlineQuery: results[1].type: 'banana' is not a kind of InlineQueryResult"
        in problems
    )
    assert "answerInlineQuery: button.start_parameter: expected String, got int" in problems
    assert any("results[0].input_message_content" in p for p in problems)
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": 5, "colour": "red"}]]}
    assert spec.check_call("sendMessage", {"chat_id": True, "reply_markup": markup}) == [
        "sendMessage: missing required parameter 'text'",
        "sendMessage: chat_id: expected Integer or String, got bool",
        "sendMessage: reply_markup.inline_keyboard[0][0]: "
        "unknown field 'colour' in InlineKeyboardButton",
        "sendMessage: reply_markup.inline_keyboard[0][0].callback_data: expected String, got int",
    ]
    assert spec.check_call("sendPoll", {"chat_id": 1, "question": "q", "options": ["a", "b"]}) == [
        "sendPoll: options[0]: expected InputPollOption, got str",
        "sendPoll: options[1]: expected InputPollOption, got str",
    ]
    assert spec.check_call("setMyCommands", {"commands": [{"command": "x"}]}) == [
        "setMyCommands: commands[0]: missing required field 'description' of BotCommand"
    ]


def test_check_object_requires_option_persistent_ids(spec: Spec) -> None:
    answer = {
        "poll_id": "1",
        "user": {"id": 1, "is_bot": False, "first_name": "A"},
        "option_ids": [0],
    }
    assert spec.check_object("Update", {"update_id": 1, "poll_answer": answer}) == [
        "Update: Update.poll_answer: missing required field 'option_persistent_ids' of PollAnswer"
    ]


async def test_runs_without_a_spec(tmp_path: Path) -> None:
    assert load_spec(tmp_path / "absent.json") is None
    assert spec_path({"TELEGRAM_API_SPEC": str(tmp_path / "x.json")}) == tmp_path / "x.json"
    async with TelegramServer(token=TOKEN, spec=None) as server:
        await server.user(ALICE, "Amina").send("/start")
        status, body = await raw(server, "sendMessage", chat_id=ALICE, text="hi", colour="red")
        assert (status, body["result"]["text"]) == (200, "hi")
        assert server.violations == []


async def test_a_polling_application_talks_to_a_user(server: TelegramServer) -> None:
    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The learner opens the bot: greet them with a button."""
        assert update.effective_message is not None
        button = InlineKeyboardButton("Let's go", callback_data="go")
        await update.effective_message.reply_text(
            "<b>Welcome</b>", parse_mode="HTML", reply_markup=InlineKeyboardMarkup([[button]])
        )

    async def go(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The learner taps Let's go: answer and edit the greeting."""
        query = update.callback_query
        assert query is not None
        await query.answer("Starting")
        await query.edit_message_text("Lesson 1")

    app = Application.builder().token(TOKEN).base_url(f"{server.api_url}/bot").build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(go))
    alice = server.user(ALICE, "Amina")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0)
        await alice.send("/start")
        assert (await alice.receive()).text == "Welcome"
        await alice.tap("Let's go")
        assert (await alice.callback_answer()).text == "Starting"
        assert await server.wait_until(lambda: alice.last.text == "Lesson 1", within=2)
        await server.wait_delivered(within=2)
        await app.updater.stop()
        await app.stop()
    assert server.violations == []
