"""Serve an ASGI app with uvicorn on 127.0.0.1 and a free port, inside the running loop.

`Loopback` can also stop and start again on the same port (a restart of the Bot API, as
the fault switchboard does it) and cut one client's connection without a byte of answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import uvicorn
from starlette.types import ASGIApp

STARTUP_SECONDS = 5.0


class Loopback:
    """One ASGI app on loopback; `start`, `stop`, and `start` again keep the same port."""

    def __init__(self, app: ASGIApp, port: int = 0) -> None:
        self._app = app
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._sock: socket.socket | None = None
        self.port = port  # 0: a free one, chosen at the first start

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> str:
        """Listen (on the port of the last run, if any) and serve; return the base URL."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this; without it each keep-alive reply waits ~40 ms (Nagle).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            log_config=None,  # leave the test run's logging alone
            access_log=False,
            lifespan="off",
            ws="none",
            http="httptools",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        self._server, self._task, self._sock = server, task, sock
        async with asyncio.timeout(STARTUP_SECONDS):
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError("uvicorn stopped before it started")
                await asyncio.sleep(0.005)
        return self.url

    async def stop(self, *, abort: bool = False) -> None:
        """Stop listening and close every connection (held requests end first, unless
        `abort` cuts them at once, as a crash would)."""
        if self._server is None or self._task is None or self._sock is None:
            return
        if abort:
            for connection in list(self._server.server_state.connections):
                connection.transport.abort()
        self._server.should_exit = True
        try:
            await asyncio.wait_for(self._task, STARTUP_SECONDS)
        finally:
            self._sock.close()
            self._server = self._task = self._sock = None

    def drop(self, client: tuple[str, int] | None) -> bool:
        """Cut the connection of `client` (host, port) at once; whether it was found."""
        if self._server is None or client is None:
            return False
        for connection in list(self._server.server_state.connections):
            if getattr(connection, "client", None) == tuple(client):
                connection.transport.abort()
                return True
        return False


@contextlib.asynccontextmanager
async def serve(app: ASGIApp) -> AsyncIterator[str]:
    """Run ``app`` for the duration of the block; yield its base URL ``http://127.0.0.1:PORT``."""
    loopback = Loopback(app)
    try:
        yield await loopback.start()
    finally:
        await loopback.stop()
