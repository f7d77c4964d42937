"""Webhook mode: the real bot behind a webhook the loopback server posts updates to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.bank.bank import Bank
from bot.sandbox.server import TelegramServer
from storage.database import Database
from tests.harness import WEBHOOK_SECRET, RunningBot, webhook_running_bot

Worker = tuple[RunningBot, str]


@pytest.fixture
async def worker(
    server: TelegramServer, bank: Bank, database: Database
) -> AsyncIterator[tuple[RunningBot, str]]:
    """The bot in webhook mode, progress in a temporary SQLite file: (bot, base URL)."""
    async with webhook_running_bot(server, bank, database.unit, database.ping) as (bot, _, base):
        yield bot, base


def _metric(text: str, name: str) -> float:
    """The value of one sample line of the exposition text (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


async def test_a_learner_takes_steps_through_the_webhook(
    server: TelegramServer, worker: Worker
) -> None:
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    welcome = await amina.receive()
    assert welcome.text.startswith("Hi Amina 👋 I'm MIL CLICKS")
    assert welcome.button_texts == [
        ["Let's go"],
        ["Show me the topics"],
        ["📡 Test your radar first (2 min)"],
    ]
    await amina.tap("Let's go")
    hook = await amina.receive()
    assert hook.text.startswith("The emotion check · 3 min\n\n🧠 You're scrolling and see:")
    assert server.calls_to("getUpdates") == []
    (registered,) = server.calls_to("setWebhook")
    assert registered.params["url"] == f"{worker[1]}/telegram"
    assert registered.params["secret_token"] == WEBHOOK_SECRET
    assert registered.params["max_connections"] == 40
    assert "callback_query" in registered.params["allowed_updates"]


async def test_a_tap_costs_two_calls_its_answer_rides_in_the_reply(
    server: TelegramServer, worker: Worker
) -> None:
    bot, _ = worker
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    hook = await amina.receive()
    await bot.settle()
    mark = len(server.calls)
    await amina.tap("Why does that work?")
    step = await amina.receive()
    await bot.settle()
    assert step.text.startswith("This trick is called emotional language:")
    assert amina.message(hook.message_id).button_texts == []  # the chat looks the same
    made = server.calls[mark:]
    assert sorted(c.method for c in made if not c.in_reply) == [
        "editMessageReplyMarkup",
        "sendMessage",
    ]
    assert [(c.method, c.ok) for c in made if c.in_reply] == [("answerCallbackQuery", True)]
    assert (await amina.callback_answer()).text is None  # the tap was answered


async def test_a_double_tap_moves_on_once_and_both_answers_ride_in_replies(
    server: TelegramServer, worker: Worker
) -> None:
    bot, _ = worker
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    hook = await amina.receive()
    first = await amina.tap("Why does that work?", message=hook)
    second = await amina.tap("Why does that work?", message=hook)
    await bot.settle()
    assert (await amina.callback_answer(first)).text is None
    assert (await amina.callback_answer(second)).text == (
        "You've already moved on: carry on from the newest message."
    )
    assert [m.text[:28] for m in amina.messages[-2:]] == [
        "The emotion check · 3 min\n\n🧠",
        "This trick is called emotion",
    ]
    answers = server.calls_to("answerCallbackQuery")
    assert [c.in_reply for c in answers] == [True, True, True]


async def test_a_wrong_or_missing_secret_gets_403_and_is_counted(
    server: TelegramServer, worker: Worker
) -> None:
    _, base = worker
    update = {"update_id": 999, "message": {"message_id": 1, "date": 0, "chat": {"id": 5}}}
    async with httpx.AsyncClient(trust_env=False) as client:
        missing = await client.post(f"{base}/telegram", json=update)
        wrong = await client.post(
            f"{base}/telegram",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET[:-1] + "X"},
        )
        metrics = (await client.get(f"{base}/metrics")).text
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert _metric(metrics, "milclicks_webhook_rejected_total") == 2.0
    assert server.calls_to("sendMessage") == []


async def test_metrics_count_updates_latency_and_calls(
    server: TelegramServer, worker: Worker
) -> None:
    bot, base = worker
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive()
    await amina.tap("Let's go")
    await amina.receive()
    await bot.settle()
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(f"{base}/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert _metric(text, 'milclicks_updates_handled_total{kind="message"}') == 1.0
    assert _metric(text, 'milclicks_updates_handled_total{kind="callback_query"}') == 1.0
    assert _metric(text, 'milclicks_update_handling_seconds_count{kind="callback_query"}') == 1.0
    assert (
        _metric(text, 'milclicks_bot_api_calls_total{code="reply",method="answerCallbackQuery"}')
        == 1.0
    )
    assert _metric(text, 'milclicks_bot_api_calls_total{code="200",method="sendMessage"}') == 2.0
    assert _metric(text, 'milclicks_bot_api_calls_total{code="200",method="setWebhook"}') == 1.0


async def test_healthz_says_the_bank_and_the_database_answer(worker: Worker) -> None:
    _, base = worker
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(f"{base}/healthz")
    assert (response.status_code, response.json()) == (200, {"bank": "ok", "database": "ok"})


async def test_healthz_fails_when_the_database_does_not_answer(
    server: TelegramServer, bank: Bank, tmp_path: Path
) -> None:
    gone = Database(f"sqlite+aiosqlite:///{tmp_path / 'no-such-folder' / 'progress.sqlite3'}")
    async with (
        webhook_running_bot(server, bank, gone.unit, gone.ping) as (_, _, base),
        httpx.AsyncClient(trust_env=False) as client,
    ):
        response = await client.get(f"{base}/healthz")
    await gone.close()
    assert (response.status_code, response.json()) == (503, {"bank": "ok", "database": "failing"})
