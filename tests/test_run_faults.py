"""`milclicks run` as a process when things go wrong: a refused connection, a token revoked
while running, a second poller, a second process on the same file, and SIGKILL mid-lesson.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import httpx

from bot.sandbox.server import TelegramServer
from tests.harness import TOKEN
from tests.test_run_command import _milclicks

HOOK = "The emotion check · 3 min"


def _bot(tmp_path: Path, server: TelegramServer | None = None, port: int = 0) -> dict[str, str]:
    url = server.api_url if server else f"http://127.0.0.1:{port}"
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.sqlite3'}",
        "LOG_LEVEL": "INFO",
    }


async def _ended(process: asyncio.subprocess.Process) -> str:
    try:
        _, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return err.decode()


async def test_a_refused_connection_says_refused_and_leaves_nothing_open(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await _milclicks(tmp_path, "run", **_bot(tmp_path, port=port))
    logs = await _ended(process)
    assert process.returncode == 1
    assert "Connection refused" in logs
    assert "Timed out" not in logs
    assert "Unclosed" not in logs
    assert "Traceback" not in logs


async def test_a_token_revoked_while_running_ends_the_run(
    server: TelegramServer, tmp_path: Path
) -> None:
    process = await _milclicks(tmp_path, "run", **_bot(tmp_path, server))
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive(within=30)
    server.revoke_token()
    logs = await _ended(process)
    assert process.returncode == 1
    assert logs.count("Telegram no longer accepts the token") == 1
    assert "Traceback" not in logs
    assert TOKEN.split(":")[1] not in logs


async def test_a_second_poller_ends_the_run_once_said(
    server: TelegramServer, tmp_path: Path
) -> None:
    process = await _milclicks(tmp_path, "run", **_bot(tmp_path, server))
    amina = server.user(1001, "Amina", language_code="en")
    await amina.send("/start")
    await amina.receive(within=30)
    # A second process on the same file is refused, and says why.
    second = await _milclicks(tmp_path, "run", **_bot(tmp_path, server))
    refused = await _ended(second)
    assert second.returncode == 1
    assert "another MIL CLICKS bot (process" in refused
    assert "is already running on" in refused
    # Another machine polling with the same token: Telegram answers one of them 409.
    async with httpx.AsyncClient() as other:
        await other.post(f"{server.api_url}/bot{TOKEN}/getUpdates", json={"timeout": 0})
    logs = await _ended(process)
    assert process.returncode == 1
    assert logs.count("Another process is polling Telegram with this bot's token") == 1
    assert "Traceback" not in logs and "Conflict" not in logs


async def test_sigkill_with_the_reply_in_flight_then_a_restart_sends_it(
    server: TelegramServer, tmp_path: Path
) -> None:
    process = await _milclicks(tmp_path, "run", **_bot(tmp_path, server))
    amina = server.user(1001, "Amina", language_code="en")
    try:
        await amina.send("/start")
        await amina.receive(within=30)
        await amina.tap("Let's go")
        assert (await amina.receive(within=10)).text.startswith(HOOK)
        server.faults.blackhole("sendMessage", seconds=3)
        await amina.tap("Why does that work?")  # the step is taken; its card never arrives
        assert await server.wait_until(lambda: not server.faults.pending, within=10)
        process.send_signal(signal.SIGKILL)
        await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    again = await _milclicks(tmp_path, "run", **_bot(tmp_path, server))
    try:
        technique = await amina.receive(within=30)  # sent again at start-up
        assert technique.text.startswith("This trick is called emotional language:")
        await amina.tap("Show me an example")
        assert (await amina.receive(within=10)).button_texts == [["I'm ready for the questions"]]
        again.send_signal(signal.SIGTERM)
    finally:
        logs = await _ended(again)
    assert again.returncode == 0, logs
    assert [m.text[:20] for m in amina.messages].count(technique.text[:20]) == 1
