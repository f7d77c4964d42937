"""The real application, polling the loopback Telegram server, inside a test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from telegram.ext import Application

from bot.bank.bank import Bank
from bot.clock import Clock, wall_clock
from bot.learning.store import StoreFactory
from bot.sandbox.server import TelegramServer
from bot.telegram.app import build_application
from bot.telegram.serving import ALLOWED_UPDATES
from bot.webhook_runner import Hook, WebhookBot, listening_socket, webhook_bot

TOKEN = "123456:TEST-TOKEN"


class RunningBot:
    """The bot as a test sees it: its application and a way to wait until it is idle."""

    def __init__(self, server: TelegramServer, application: Application) -> None:  # type: ignore[type-arg]
        self.server = server
        self.application = application

    def _busy(self) -> bool:
        processor = self.application.update_processor
        return (
            self.application.update_queue.qsize() > 0 or processor.current_concurrent_updates > 0
        )

    async def settle(self, within: float = 5.0) -> None:
        """Wait until every update so far is delivered and handled."""
        await self.server.wait_delivered(within)
        idle_rounds = 0
        deadline = asyncio.get_running_loop().time() + within
        while idle_rounds < 3:  # a task just taken from the queue may not have started yet
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the bot was still busy after {within} s")
            idle_rounds = 0 if self._busy() else idle_rounds + 1
            await asyncio.sleep(0.01)


@asynccontextmanager
async def running_bot(
    server: TelegramServer,
    bank: Bank,
    stores: StoreFactory,
    clock: Clock = wall_clock,
    *,
    post_check_after: int = 6,
) -> AsyncIterator[RunningBot]:
    """Start the bot the way `milclicks run` does, but inside the test's event loop."""
    application = build_application(
        TOKEN,
        f"{server.api_url}/bot",
        bank,
        stores,
        frozenset(),
        clock,
        post_check_after=post_check_after,
    )
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES
    )
    try:
        yield RunningBot(server, application)
    finally:
        if application.updater.running:  # a test may have stopped it (a revoked token)
            await application.updater.stop()
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()


WEBHOOK_SECRET = "test-webhook-secret_0123456789"


@asynccontextmanager
async def webhook_running_bot(
    server: TelegramServer,
    bank: Bank,
    stores: StoreFactory,
    database_answers: Callable[[], Awaitable[bool]],
) -> AsyncIterator[tuple[RunningBot, WebhookBot, str]]:
    """The bot in webhook mode, as `milclicks run --webhook` runs it, on a loopback port:
    (the bot, the worker, the webhook's base URL)."""
    sock = listening_socket("127.0.0.1", 0)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    hook = Hook(f"{base}/telegram", WEBHOOK_SECRET)
    try:
        async with webhook_bot(
            TOKEN, f"{server.api_url}/bot", bank, stores, database_answers, hook, sock
        ) as worker:
            yield RunningBot(server, worker.application), worker, base
    finally:
        sock.close()
