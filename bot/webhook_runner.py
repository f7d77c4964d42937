"""`milclicks run --webhook`: the bot behind a webhook, served by uvicorn.

The pattern of python-telegram-bot's custom-webhook example: an Application without an
updater, and a Starlette app (bot/web) that hands it what Telegram posts.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import uvicorn

from bot.bank.bank import Bank
from bot.clock import wall_clock
from bot.learning.group_round import POLL_SECONDS
from bot.learning.outbox import Outbox
from bot.learning.privacy import RETENTION_MONTHS
from bot.learning.store import StoreFactory
from bot.telegram.app import BotApplication, build_application
from bot.telegram.sending import Sending
from bot.telegram.serving import ALLOWED_UPDATES, freeze_startup_objects, run_until_stopped
from bot.telegram.webhook import ReplySlots, WebhookFeed, WebhookRequest
from bot.web.app import webhook_app
from bot.web.metrics import Metrics

log = logging.getLogger("milclicks")
STARTUP_SECONDS = 10.0


@dataclass(frozen=True)
class Hook:
    """Where Telegram posts updates, and how it proves it is Telegram."""

    url: str
    secret: str
    max_connections: int = 40


@dataclass(frozen=True)
class Tuning:
    """Settings the handlers take, as `milclicks run` passes them in polling mode
    (`MIL_CHECK_POST_AFTER`, `GROUP_POLL_SECONDS`)."""

    post_check_after: int = 6
    poll_seconds: int = POLL_SECONDS


def new_secret() -> str:
    """A secret token in the alphabet Telegram allows (A-Z, a-z, 0-9, _ and -)."""
    return secrets.token_urlsafe(32)


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound socket for uvicorn (port 0: any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


class _Server(uvicorn.Server):
    """uvicorn without its signal handling: it re-raises a caught SIGTERM once it stops,
    which would kill the process before the bot has shut down. `_serve` handles signals."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class WebhookBot:
    """A running webhook worker: its application, metrics, and the uvicorn task."""

    application: BotApplication
    metrics: Metrics
    served: asyncio.Task[None]
    server: uvicorn.Server

    def stop(self) -> None:
        """Stop taking updates; the block then finishes the ones in hand."""
        self.server.should_exit = True


def _outbox_due(outbox: Outbox | None) -> Callable[[], Awaitable[int]] | None:
    if outbox is None:
        return None
    return lambda: outbox.due(wall_clock())


def _uvicorn(
    hook: Hook,
    feed: WebhookFeed,
    metrics: Metrics,
    bank: Bank,
    database_answers: Callable[[], Awaitable[bool]],
) -> uvicorn.Server:
    async def health() -> dict[str, bool]:
        return {"bank": bool(bank.lessons), "database": await database_answers()}

    app = webhook_app(urlsplit(hook.url).path or "/", hook.secret, feed, health, metrics)
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="off", ws="none", http="httptools"
    )
    return _Server(config)


async def _register(application: BotApplication, hook: Hook) -> None:
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    # Not deleted on stop: with several workers, one stopping must not cut off the rest.
    await application.bot.set_webhook(
        hook.url,
        secret_token=hook.secret,
        allowed_updates=ALLOWED_UPDATES,
        max_connections=hook.max_connections,
    )


async def _started(server: uvicorn.Server, sock: socket.socket) -> asyncio.Task[None]:
    """uvicorn serving `sock`, once it accepts connections."""
    served = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(STARTUP_SECONDS):
        while not server.started and not served.done():  # noqa: ASYNC110
            await asyncio.sleep(0.005)  # uvicorn offers no event for "started"
    if served.done():
        served.result()
        raise RuntimeError("the webhook server stopped before it started")
    return served


@asynccontextmanager
async def webhook_bot(
    token: str,
    api_base: str,
    bank: Bank,
    stores: StoreFactory,
    database_answers: Callable[[], Awaitable[bool]],
    hook: Hook,
    sock: socket.socket,
    admin_ids: frozenset[int] = frozenset(),
    outbox: Outbox | None = None,
    send_rate: float = 30.0,
    retention_months: int = RETENTION_MONTHS,
    sending: Sending | None = None,
    tuning: Tuning = Tuning(),
) -> AsyncIterator[WebhookBot]:
    """Register the webhook and serve it on `sock` for the duration of the block; what the
    bot sends on its own goes through `outbox` (an SQL one, so several workers share it),
    sent while this worker holds `sending`'s claim."""
    metrics, slots = Metrics(_outbox_due(outbox)), ReplySlots()
    application = build_application(
        token,
        api_base,
        bank,
        stores,
        admin_ids,
        outbox=outbox,
        send_rate=send_rate,
        webhook_request=WebhookRequest(slots, metrics.observe_call),
        retention_months=retention_months,
        sending=replace(sending or Sending(), watch=metrics),
        post_check_after=tuning.post_check_after,
        poll_seconds=tuning.poll_seconds,
    )
    feed = WebhookFeed(application, slots, metrics.observe_update)
    server = _uvicorn(hook, feed, metrics, bank, database_answers)
    await application.initialize()
    try:
        await _register(application, hook)
        served = await _started(server, sock)
        try:
            yield WebhookBot(application, metrics, served, server)
        finally:
            server.should_exit = True
            await served
            await feed.drain()
    finally:
        if application.running:
            await application.stop()
            # As `run_polling` does (`stop` alone does not): the planner and the sender
            # finish the pass in hand, and the sender's claim is let go.
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()


async def _serve(
    token: str,
    api_base: str,
    bank: Bank,
    stores: StoreFactory,
    database_answers: Callable[[], Awaitable[bool]],
    hook: Hook,
    sock: socket.socket,
    admin_ids: frozenset[int],
    outbox: Outbox | None,
    send_rate: float,
    retention_months: int,
    sending: Sending | None,
    after: Callable[[], Awaitable[None]] | None,
    tuning: Tuning,
) -> None:
    """Serve the webhook until SIGINT or SIGTERM, then run `after`."""
    try:
        async with webhook_bot(
            token, api_base, bank, stores, database_answers, hook, sock, admin_ids, outbox,
            send_rate, retention_months, sending, tuning,
        ) as running:  # fmt: skip
            loop = asyncio.get_running_loop()
            for stop_signal in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(stop_signal, running.stop)
            freeze_startup_objects()
            log.info("serving the webhook %s on %s", hook.url, sock.getsockname()[:2])
            await running.served  # until SIGTERM or Ctrl+C (uvicorn catches both)
    finally:
        if after is not None:  # in this loop: the database's connections belong to it
            await after()


def serve_webhook(
    token: str,
    api_base: str,
    bank: Bank,
    stores: StoreFactory,
    database_answers: Callable[[], Awaitable[bool]],
    hook: Hook,
    sock: socket.socket,
    admin_ids: frozenset[int] = frozenset(),
    outbox: Outbox | None = None,
    send_rate: float = 30.0,
    retention_months: int = RETENTION_MONTHS,
    sending: Sending | None = None,
    after: Callable[[], Awaitable[None]] | None = None,
    tuning: Tuning = Tuning(),
) -> int:
    """Serve until stopped, then run `after` (closing the database, say) in the same event
    loop; a bad token or no connection is said plainly. The exit code."""
    try:
        return run_until_stopped(
            lambda: asyncio.run(
                _serve(
                    token,
                    api_base,
                    bank,
                    stores,
                    database_answers,
                    hook,
                    sock,
                    admin_ids,
                    outbox,
                    send_rate,
                    retention_months,
                    sending,
                    after,
                    tuning,
                )
            ),
            api_base,
        )
    finally:
        sock.close()
