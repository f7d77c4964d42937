"""Shared fixtures: the real lesson bank, real SQLite files, and no network but loopback."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from bot.bank.bank import Bank
from bot.bank.check.loader import load_bank
from bot.learning.memory_store import MemoryStore
from bot.sandbox.server import TelegramServer, load_spec, spec_path
from storage.database import Database
from storage.migrate import upgrade_async
from tests.harness import TOKEN, RunningBot, running_bot
from tests.postgres import postgres_server
from tests.stores import Stores, fresh_schema

REPO = Path(__file__).resolve().parent.parent

# Property tests explore new examples on every run; CI (HYPOTHESIS_PROFILE=ci) replays the
# same ones, so a submission's result does not depend on the draw.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
_real_connect = socket.socket.connect
# As `milclicks` sets it at its entry point: a 429's retry_after is a timedelta, no warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")


def _loopback_only(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise AssertionError(f"a test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection beyond loopback fails the test."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The lesson bank shipped in the repository."""
    result = load_bank(REPO / "lessons", REPO / "quizzes", cues_file=REPO / "cues" / "cues.yaml")
    assert not result.errors, "\n".join(map(str, result.errors))
    return result.bank


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite+aiosqlite:///{tmp_path / 'progress.sqlite3'}"


@pytest.fixture
async def database(sqlite_url: str) -> AsyncIterator[Database]:
    """A migrated SQLite database in a temporary file."""
    await upgrade_async(sqlite_url)
    database = Database(sqlite_url)
    yield database
    await database.close()


@pytest.fixture
async def server(request: pytest.FixtureRequest) -> AsyncIterator[TelegramServer]:
    """The loopback Telegram server; any call that breaks the Bot API spec fails the test.

    It enforces Telegram's flood limits, unless the test is marked `unlimited`.
    """
    limits = request.node.get_closest_marker("unlimited") is None
    spec = load_spec(spec_path(os.environ))
    async with TelegramServer(token=TOKEN, spec=spec, limits=limits) as running:
        yield running
        assert running.violations == []


@pytest.fixture
async def bot(server: TelegramServer, bank: Bank, database: Database) -> AsyncIterator[RunningBot]:
    """The real bot, polling the loopback server, with progress in a temporary SQLite file."""
    async with running_bot(server, bank, database.unit) as running:
        yield running


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for this test session; skipped where one cannot start."""
    try:
        with postgres_server() as url:
            yield url
    except RuntimeError as error:
        pytest.skip(f"PostgreSQL not available: {error}")


@pytest.fixture(params=["memory", "sqlite", "async-driver", "postgresql"])
async def stores(
    request: pytest.FixtureRequest, database: Database, sqlite_url: str
) -> AsyncIterator[Stores]:
    """Every adapter of the progress store port: in memory, SQL in the event loop, SQL
    through an async driver, and a real PostgreSQL server (where the machine has one)."""
    if request.param == "memory":
        yield MemoryStore().unit
    elif request.param == "sqlite":
        yield database.unit
    else:
        url = sqlite_url
        if request.param == "postgresql":
            url = request.getfixturevalue("postgres_url")
            await fresh_schema(url)
        through_driver = Database(url, in_loop=False)
        yield through_driver.unit
        await through_driver.close()
