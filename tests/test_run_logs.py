"""What `milclicks run` writes to its log: never the token, never a learner's name or
words, at any level, through every error path; and settings said in one line."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import masked
from bot.sandbox.server import TelegramServer
from tests.harness import TOKEN
from tests.test_run_command import _milclicks
from tests.test_run_faults import _bot, _ended

NAME, WORDS = "Zyxwvuts", "my secret words qwerty"


async def test_the_token_and_the_learners_words_never_reach_the_log(
    server: TelegramServer, tmp_path: Path
) -> None:
    process = await _milclicks(tmp_path, "run", **{**_bot(tmp_path, server), "LOG_LEVEL": "DEBUG"})
    learner = server.user(1001, NAME, language_code="en")
    try:
        await learner.send("/start")
        await learner.receive(within=30)
        await learner.send(WORDS)
        await learner.receive()
        server.faults.fail("sendMessage", status=500)  # a 5xx, retried
        await learner.tap("Let's go")
        await learner.receive()
        server.faults.fail("sendMessage", status=400)  # an exception in a handler
        await learner.send(WORDS)
        sorry = await learner.receive()
        assert sorry.text.startswith("Something went wrong on my side")
        server.faults.drop("sendMessage", times=4)  # a network error: every retry fails
        await learner.tap("Why does that work?")
        assert await server.wait_until(lambda: not server.faults.pending, within=10)
        await asyncio.sleep(0.5)  # the last try fails at once; its failure is logged
        server.revoke_token()  # and a 401
    finally:
        logs = await _ended(process)
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
    assert process.returncode == 1
    lines = logs.splitlines()
    assert any(" DEBUG " in line for line in lines)
    assert any("update failed" in line for line in lines)  # the handler's exception
    assert any("a reply could not be sent" in line for line in lines)  # the network error
    for line in lines:
        assert TOKEN not in line and TOKEN.split(":")[1] not in line, line
        assert NAME not in line and "qwerty" not in line, line


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: 'LOUD' is not a log level; for example LOG_LEVEL=INFO"),
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS: 'abc' is not a Telegram user id; for example"),
        ("DATABASE_URL", "mysql://u:pw@h/db", "DATABASE_URL: 'mysql' is not a supported"),
    ],
)
def test_a_wrong_setting_is_said_in_one_line_with_an_example(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
    said: str,
) -> None:
    monkeypatch.setenv(name, value)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(said)
    assert len(err.splitlines()) == 1
    assert "pw@" not in err


def test_an_unreachable_postgresql_is_said_without_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://milclicks:s3cret@127.0.0.1:9/db")
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "DATABASE_URL: cannot use the database at postgresql+asyncpg://milclicks:***@127.0.0.1:9/db"
    )
    assert "s3cret" not in err and len(err.splitlines()) == 1


def test_a_database_url_is_printed_with_its_password_masked() -> None:
    assert masked("postgresql+asyncpg://u:pw@h/db") == "postgresql+asyncpg://u:***@h/db"
    assert masked("sqlite+aiosqlite:///data/x.sqlite3") == "sqlite+aiosqlite:///data/x.sqlite3"


def test_a_dotenv_beside_the_project_is_read_from_any_folder_and_one_here_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.config import REPO, Settings

    assert Settings.model_config["env_file"] == (REPO / ".env", ".env")
    assert (REPO / "pyproject.toml").is_file()  # REPO is the project, wherever it runs from
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    elsewhere.mkdir()
    (project / ".env").write_text("LOG_LEVEL=DEBUG\nRETENTION_MONTHS=12\n")
    monkeypatch.chdir(elsewhere)
    for name in ("LOG_LEVEL", "RETENTION_MONTHS"):
        monkeypatch.delenv(name, raising=False)
    beside = Settings(_env_file=(project / ".env", ".env"))
    assert (beside.log_level, beside.retention_months) == ("DEBUG", 12)
    (elsewhere / ".env").write_text("RETENTION_MONTHS=6\n")
    here = Settings(_env_file=(project / ".env", ".env"))
    assert (here.log_level, here.retention_months) == ("DEBUG", 6)
