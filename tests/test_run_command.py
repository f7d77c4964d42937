"""`milclicks run` as a process: configuration from the environment, a clean SIGTERM stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from bot.sandbox.server import TelegramServer
from tests.harness import TOKEN

REPO = Path(__file__).resolve().parent.parent


def _environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return {**keep, "PYTHONPATH": str(REPO), **settings}


async def _milclicks(tmp_path: Path, *args: str, **settings: str) -> asyncio.subprocess.Process:
    """`milclicks ARGS` in a clean environment, from an empty folder (so no .env is read)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=_environment(tmp_path, **settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_without_a_token_it_explains_how_to_get_one(tmp_path: Path) -> None:
    process = await _milclicks(tmp_path, "run")
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 78  # EX_CONFIG
    screen = err.decode()
    assert screen.startswith("MIL CLICKS needs a Telegram bot token to go online.")
    assert "@BotFather" in screen
    assert "make play" in screen
    assert len(screen.splitlines()) <= 24  # one screen


async def test_it_serves_then_stops_cleanly_on_sigterm(
    server: TelegramServer, tmp_path: Path
) -> None:
    process = await _milclicks(
        tmp_path,
        "run",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=server.api_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.sqlite3'}",
        LOG_LEVEL="INFO",
    )
    try:
        amina = server.user(1001, "Amina", language_code="en")
        await amina.send("/start")
        welcome = await amina.receive(within=30)
        assert welcome.text.startswith("Hi Amina 👋")
        await amina.tap("Let's go")
        await server.wait_delivered(within=10)
        process.send_signal(signal.SIGTERM)  # as `docker stop` does
        step = await amina.receive(within=10)  # the update in hand is finished
        assert step.text.startswith("The emotion check · 3 min")
        _, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode()
    logs = err.decode()
    assert "stopped cleanly" in logs
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
    assert (tmp_path / "data" / "bot.sqlite3").exists()


async def test_db_upgrade_migrates_a_new_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh' / 'bot.sqlite3'}"
    process = await _milclicks(tmp_path, "db", "upgrade", DATABASE_URL=url)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert out.decode().strip() == f"database is up to date: {url}"
    # sqlite3's own `with` only commits; closing() closes (Python 3.13 warns otherwise)
    with closing(sqlite3.connect(tmp_path / "fresh" / "bot.sqlite3")) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
        version = connection.execute("select version_num from alembic_version").fetchone()
    assert {"learners", "attempts", "answers", "challenges", "polls"} <= tables
    assert version == ("classroom",)


async def test_a_wrong_token_is_said_plainly(server: TelegramServer, tmp_path: Path) -> None:
    process = await _milclicks(
        tmp_path,
        "run",
        TELEGRAM_BOT_TOKEN="999:NOT-THE-TOKEN",
        TELEGRAM_API_URL=server.api_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
    )
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    logs = err.decode()
    assert "Telegram did not accept the token. Check TELEGRAM_BOT_TOKEN" in logs
    assert "NOT-THE-TOKEN" not in logs
    assert "Traceback" not in logs


async def test_an_unreachable_bot_api_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await _milclicks(
        tmp_path,
        "run",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
    )
    _, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode == 1
    logs = err.decode()
    assert f"could not reach the Bot API at http://127.0.0.1:{port}" in logs
    assert "Traceback" not in logs
