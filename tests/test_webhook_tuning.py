"""Webhook mode takes the same handler settings as polling: `GROUP_POLL_SECONDS` and
`MIL_CHECK_POST_AFTER` reach the application `milclicks run --webhook` builds."""

from __future__ import annotations

import socket
from typing import Any

import pytest

import bot.webhook_runner as webhook_runner
from bot.bank.bank import Bank
from bot.config import Settings
from bot.runner import _run_webhook
from bot.sandbox.server import TelegramServer
from bot.telegram.app import build_application
from bot.webhook_runner import Hook, Tuning, listening_socket, webhook_bot
from storage.database import Database
from tests.harness import TOKEN, WEBHOOK_SECRET


def test_the_run_command_hands_the_settings_to_the_webhook(
    monkeypatch: pytest.MonkeyPatch, bank: Bank, database: Database, sqlite_url: str
) -> None:
    seen: dict[str, Any] = {}

    def serve(*args: object, **options: Any) -> int:
        seen.update(options)
        for arg in args:  # as the real one does
            if isinstance(arg, socket.socket):
                arg.close()
        return 0

    monkeypatch.setattr(webhook_runner, "serve_webhook", serve)
    settings = Settings(
        _env_file=None,
        telegram_bot_token="123:SECRET",
        webhook_url="https://bot.example.org/telegram",
        webhook_host="127.0.0.1",
        webhook_port=0,
        database_url=sqlite_url,
        group_poll_seconds=20,
        mil_check_post_after=3,
    )
    assert _run_webhook(settings, bank, database, WEBHOOK_SECRET) == 0
    assert seen["tuning"] == Tuning(post_check_after=3, poll_seconds=20)


async def test_the_webhook_worker_builds_its_handlers_with_them(
    monkeypatch: pytest.MonkeyPatch, server: TelegramServer, bank: Bank, database: Database
) -> None:
    built: dict[str, Any] = {}
    real = build_application

    def build(*args: Any, **options: Any) -> Any:
        built.update(options)
        return real(*args, **options)

    monkeypatch.setattr(webhook_runner, "build_application", build)
    sock = listening_socket("127.0.0.1", 0)
    hook = Hook(f"http://127.0.0.1:{sock.getsockname()[1]}/telegram", WEBHOOK_SECRET)
    api = f"{server.api_url}/bot"
    try:
        async with webhook_bot(
            TOKEN, api, bank, database.unit, database.ping, hook, sock, tuning=Tuning(3, 20)
        ):
            pass
    finally:
        sock.close()
    assert (built["post_check_after"], built["poll_seconds"]) == (3, 20)
