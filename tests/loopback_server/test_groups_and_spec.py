"""The loopback Telegram server: groups, commands, webhooks, and the spec's own checks."""

from __future__ import annotations

from pathlib import Path

import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox.server import Spec, TelegramServer, load_spec, loopback, spec_path
from tests.loopback_server.calls import ALICE, TOKEN, Json, bad, error, keyboard, raw

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
