"""The sandbox as `milclicks run` starts it with no token, inside a test's event loop."""

from __future__ import annotations

import asyncio
import os
import struct
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from bot.bank.bank import Bank
from bot.sandbox.launch import SandboxSetup, serve
from bot.sandbox.server import spec_path
from bot.sandbox.server.models import JSON
from bot.sandbox.web.sandbox import Sandbox

Beside = Callable[[Sandbox, asyncio.Event], Coroutine[Any, Any, None]]


class Visit:
    """The page's side: its HTTP API, and a way to wait for what it would draw."""

    def __init__(self, url: str, sandbox: Sandbox, client: httpx.AsyncClient) -> None:
        self.url = url
        self.sandbox = sandbox
        self.client = client

    async def act(self, action: str, **body: Any) -> None:
        """What a click on the page posts."""
        response = await self.client.post(f"{self.url}/api/{action}", json=body)
        assert response.status_code == 200, response.text

    async def state(self) -> JSON:
        """What the page draws now."""
        response = await self.client.get(f"{self.url}/api/state")
        assert response.status_code == 200
        state: JSON = response.json()
        return state

    async def until(self, check: Callable[[JSON], bool], within: float = 10.0) -> JSON:
        """The page's state once `check` holds (re-checked on every change)."""
        sandbox = self.sandbox
        if not await sandbox.server.wait_until(lambda: check(sandbox.state()), within):
            raise AssertionError(f"not reached within {within} s: {sandbox.state()['messages']}")
        return await self.state()

    async def last_message(self, starting: str, within: float = 10.0) -> JSON:
        """The newest message, once it is one that starts with `starting`."""
        state = await self.until(
            lambda s: bool(s["messages"]) and s["messages"][-1]["text"].startswith(starting),
            within,
        )
        message: JSON = state["messages"][-1]
        return message


@asynccontextmanager
async def running_sandbox(
    tmp_path: Path,
    bank: Bank | Callable[[], Bank],
    *,
    start_payload: str | None = None,
    beside: Beside | None = None,
) -> AsyncIterator[Visit]:
    """The sandbox on a free loopback port, with its own SQLite file; stopped at the end,
    with no Bot API call broken."""
    setup = SandboxSetup(
        port=0,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'sandbox.sqlite3'}",
        spec_path=spec_path(os.environ),
        start_payload=start_payload,
    )
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[tuple[str, Sandbox]] = loop.create_future()
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(
            setup,
            bank,
            announce=lambda url, sandbox: ready.set_result((url, sandbox)),
            beside=beside,
            stop=stop,
        )
    )
    waiting: set[asyncio.Future[Any]] = {ready, task}
    await asyncio.wait(waiting, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    assert ready.done(), f"the sandbox did not start: {task.result() if task.done() else ''}"
    url, sandbox = ready.result()
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            yield Visit(url, sandbox, client)
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 30) == 0
    assert sandbox.server.violations == []


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG, solid blue, for the bot to send."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x33\x90\xec" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
