"""`milclicks run --webhook` as a process: set up from the environment, JSON logs, a clean stop."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
from pathlib import Path

from bot.sandbox.server import TelegramServer
from tests.harness import TOKEN
from tests.test_run_command import _milclicks

SECRET = "a-secret-from-the-environment"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_without_a_url_says_what_to_set(tmp_path: Path) -> None:
    process = await _milclicks(tmp_path, "run", "--webhook", TELEGRAM_BOT_TOKEN=TOKEN)
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 78  # EX_CONFIG
    assert err.decode().startswith("Webhook mode needs the public HTTPS address")


async def test_it_serves_a_webhook_logs_json_and_stops_cleanly(
    server: TelegramServer, tmp_path: Path
) -> None:
    port = _free_port()
    process = await _milclicks(
        tmp_path,
        "run",
        "--webhook",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=server.api_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.sqlite3'}",
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=SECRET,
        LOG_JSON="true",
    )
    try:
        amina = server.user(1001, "Amina", language_code="en")
        await amina.send("/start")
        welcome = await amina.receive(within=30)
        assert welcome.text.startswith("Hi Amina 👋")
        await amina.tap("Let's go")
        assert (await amina.receive(within=10)).text.startswith("The emotion check · 3 min")
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode()
    lines = [json.loads(line) for line in err.decode().splitlines()]
    messages = [line["message"] for line in lines]
    assert f"serving the webhook http://127.0.0.1:{port}/telegram on ('127.0.0.1', {port})" in (
        messages
    )
    assert messages[-1] == "stopped cleanly"
    assert {"time", "level", "logger", "message"} <= lines[0].keys()
    logs = err.decode()
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs and SECRET not in logs
    (registered,) = server.calls_to("setWebhook")
    assert registered.params["secret_token"] == SECRET
