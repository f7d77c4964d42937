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

import httpx

from bot.sandbox.server import TelegramServer, spec_path
from tests.harness import TOKEN

REPO = Path(__file__).resolve().parent.parent


def _environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    # An empty token beats one in a developer's .env beside the project.
    return {**keep, "PYTHONPATH": str(REPO), "TELEGRAM_BOT_TOKEN": "", **settings}


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _screen(process: asyncio.subprocess.Process) -> str:
    """What the sandbox prints up to its last line, `3. Run `make run` again...`."""
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith("  3. Run `make run` again"):
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        assert line, "the sandbox stopped before its screen was complete"
        lines.append(line.decode().rstrip("\n"))
    return "\n".join(lines)


async def _sandbox(tmp_path: Path, **settings: str) -> tuple[asyncio.subprocess.Process, int]:
    port = _free_port()
    process = await _milclicks(
        tmp_path,
        "run",
        SANDBOX_PORT=str(port),
        SANDBOX_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
        **settings,
    )
    return process, port


async def _stop(process: asyncio.subprocess.Process, how: signal.Signals) -> str:
    process.send_signal(how)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    return err.decode()


async def test_without_a_token_it_runs_the_sandbox_and_says_how_to_go_live(
    tmp_path: Path,
) -> None:
    spec = spec_path(os.environ)
    settings = {"TELEGRAM_API_SPEC": str(spec)} if spec.is_file() else {}
    process, port = await _sandbox(tmp_path, **settings)
    try:
        screen = await _screen(process)
        async with httpx.AsyncClient(trust_env=False) as client:
            page = await client.get(f"http://127.0.0.1:{port}/")
            state = (await client.get(f"http://127.0.0.1:{port}/api/state")).json()
        err = await _stop(process, signal.SIGINT)  # Ctrl+C
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err
    assert screen.splitlines()[0] == (
        "No token yet, so MIL CLICKS is running in the local sandbox: "
        f"open http://127.0.0.1:{port}"
    )
    assert "To go live on Telegram:" in screen
    assert "@BotFather" in screen
    assert "TELEGRAM_BOT_TOKEN=" in screen
    assert len(screen.splitlines()) <= 24  # one screen
    assert page.status_code == 200
    assert (state["bot"]["name"], state["me"]["first_name"]) == ("MIL CLICKS", "Amina")
    assert (state["checking"] is not None) == spec.is_file()
    assert "Traceback" not in err
    assert (tmp_path / "sandbox.sqlite3").exists()  # its own database, not the bot's


async def test_without_the_spec_the_sandbox_says_it_is_not_checking(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "api.json"
    process, _ = await _sandbox(tmp_path, TELEGRAM_API_SPEC=str(missing))
    try:
        screen = await _screen(process)
        err = await _stop(process, signal.SIGTERM)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err
    assert f"The Bot API specification is not at {missing}," in screen
    assert "so the sandbox is not checking the bot's calls" in screen


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
    assert {"learners", "attempts", "answers", "challenges", "polls", "pacts"} <= tables
    assert "handled_updates" in tables
    assert {"mil_check_runs", "mil_check_answers", "review_cards", "outbox"} <= tables
    assert version == ("outbox_retention",)


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


async def test_a_taken_port_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await _milclicks(
            tmp_path,
            "run",
            SANDBOX_PORT=str(port),
            SANDBOX_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
        )
        _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    logs = err.decode()
    assert f"the sandbox could not listen on 127.0.0.1:{port}" in logs
    assert "set SANDBOX_PORT to another" in logs
    assert "Traceback" not in logs
