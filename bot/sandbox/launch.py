"""The sandbox as a process: the real bot, its handlers and an SQLite database, against the
loopback server in the same event loop, with the web chat on http://127.0.0.1:PORT.

An entry point, like bot/runner.py: it composes the Telegram adapter, the store and the
server, and is handed its settings; it reads no environment itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.bank.bank import Bank
from bot.sandbox.clock import SandboxClock
from bot.sandbox.server import TelegramServer, load_spec
from bot.sandbox.web.routes import routes
from bot.sandbox.web.sandbox import Sandbox
from bot.telegram.app import build_application
from bot.telegram.serving import ALLOWED_UPDATES
from storage.database import Database
from storage.engines import make_engine
from storage.migrate import upgrade_async
from storage.tables import Base

log = logging.getLogger("milclicks")

TOKEN = "100000001:SANDBOX"
USERNAME = "milclicks_sandbox_bot"

GO_LIVE = """\
To go live on Telegram:
  1. In Telegram, message @BotFather and send /newbot; pick a name and a username
     that ends in "bot".
  2. Put the token it sends you in a file named .env in this folder:
         TELEGRAM_BOT_TOKEN=123456789:AAE...
     (copy .env.example to start), or export TELEGRAM_BOT_TOKEN in your shell.
  3. Run `make run` again: the same bot, now on Telegram.
"""


@dataclass(frozen=True)
class SandboxSetup:
    """What the sandbox is told at the entry point."""

    port: int
    database_url: str
    spec_path: Path
    admin_ids: frozenset[int] = frozenset()
    start_payload: str | None = None  # what the first chat opens with (preview: a lesson)


def screen(
    url: str, setup: SandboxSetup, checking: str | None, *, preview: str | None = None
) -> str:
    """What `milclicks run` prints with no token (and `preview`, with its bank)."""
    if preview is None:
        head = f"No token yet, so MIL CLICKS is running in the local sandbox: open {url}"
    else:
        head = f"Previewing {preview} in the local sandbox: open {url}"
    lines = [
        head,
        "(only this computer can reach it; stop with Ctrl+C)",
    ]
    if not checking:
        lines += [
            f"The Bot API specification is not at {setup.spec_path},",
            "so the sandbox is not checking the bot's calls (set TELEGRAM_API_SPEC).",
        ]
    if preview is not None:
        lines += ["", "Edit and save: each change is checked again, and the page shows errors."]
        return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n\n" + GO_LIVE


async def _wipe(database_url: str) -> None:
    """Every row of the sandbox's own database (it holds only the sandbox's two people)."""
    engine = make_engine(database_url)
    try:
        async with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await engine.dispose()


async def serve(
    setup: SandboxSetup,
    bank: Bank | Callable[[], Bank],
    *,
    announce: Callable[[str, Sandbox], None],
    beside: Callable[[Sandbox, asyncio.Event], Coroutine[Any, Any, None]] | None = None,
    stop: asyncio.Event | None = None,
) -> int:
    """Run the sandbox until `stop` is set (by default on Ctrl+C or SIGTERM); returns the
    exit code. `announce(url, sandbox)` is called once the page can be opened; `beside`
    runs alongside (the preview's file watcher)."""
    stop = stop or _stop_on_signals()
    await upgrade_async(setup.database_url)
    database = Database(setup.database_url)
    clock = SandboxClock()
    spec = load_spec(setup.spec_path)
    sandbox = Sandbox(
        clock,
        checking=str(setup.spec_path) if spec is not None else None,
        start_payload=setup.start_payload,
        on_reset=lambda: _wipe(setup.database_url),
    )
    server = TelegramServer(
        token=TOKEN,
        spec=spec,
        username=USERNAME,
        first_name="MIL CLICKS",
        clock=clock.timestamp,
        port=setup.port,
        routes=routes(sandbox),
    )
    sandbox.attach(server)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(database.close)
        try:
            await stack.enter_async_context(server)
        except OSError as error:  # the port is taken, most likely
            log.error(
                "the sandbox could not listen on 127.0.0.1:%d (%s); set SANDBOX_PORT to another",
                setup.port,
                error,
            )
            return 1
        await _run_bot(server, sandbox, setup, bank, database, announce, beside, stop)
    return 0


async def _run_bot(
    server: TelegramServer,
    sandbox: Sandbox,
    setup: SandboxSetup,
    bank: Bank | Callable[[], Bank],
    database: Database,
    announce: Callable[[str, Sandbox], None],
    beside: Callable[[Sandbox, asyncio.Event], Coroutine[Any, Any, None]] | None,
    stop: asyncio.Event,
) -> None:
    # The bot reads the sandbox's clock: "+1 day" on the page brings reminders and reviews.
    application = build_application(
        TOKEN, f"{server.api_url}/bot", bank, database.unit, setup.admin_ids,
        clock=sandbox.clock.now,
    )  # fmt: skip
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0, timeout=10, allowed_updates=ALLOWED_UPDATES
    )
    helper = asyncio.create_task(beside(sandbox, stop)) if beside is not None else None
    try:
        if setup.start_payload and not sandbox.me.messages:
            await sandbox.open_link(setup.start_payload)
        announce(server.api_url, sandbox)
        await stop.wait()
    finally:
        if helper is not None:
            helper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await helper
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
