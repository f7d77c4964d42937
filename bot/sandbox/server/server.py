"""TelegramServer: the Bot API over HTTP on loopback, served by uvicorn in the test's loop.

async with TelegramServer(token="123:ABC", spec=load_spec(path_to_api_json)) as server:
    bot = telegram.Bot("123:ABC", base_url=f"{server.api_url}/bot")
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from types import TracebackType

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.sandbox.server import (
    calls,
    loopback,
    media,
    messaging,
    polls,
    profile,
    queries,
    requests,
    updates,
    webhook_reply,
)
from bot.sandbox.server.errors import ApiError, unauthorized
from bot.sandbox.server.faults import BAD_GATEWAY_PAGE, Fault, Faults
from bot.sandbox.server.flood import FloodControl
from bot.sandbox.server.groups import Group
from bot.sandbox.server.models import JSON, Call
from bot.sandbox.server.spec import Spec
from bot.sandbox.server.users import SimulatedUser, set_blocked
from bot.sandbox.server.world import Handler, World

HANDLERS: dict[str, Handler] = {
    **updates.HANDLERS,
    **profile.HANDLERS,
    **messaging.HANDLERS,
    **polls.HANDLERS,
    **queries.HANDLERS,
    **media.HANDLERS,
}
BOT_USERNAME = "milclicks_test_bot"


class TelegramServer:
    """A Telegram-compatible Bot API server with simulated users; use ``async with``."""

    def __init__(
        self,
        token: str = "123:ABC",
        spec: Spec | None = None,
        *,
        username: str = BOT_USERNAME,
        first_name: str = "MIL CLICKS (test)",
        clock: Callable[[], float] = time.time,
        flood: FloodControl | None = None,
        limits: bool = True,
        port: int = 0,
        routes: Sequence[BaseRoute] = (),
    ) -> None:
        """`flood`: Telegram's sending limits (see `flood.py`), the defaults unless given;
        `limits=False` lifts them, for a test that needs no limits at all."""
        bot_id = token.split(":", 1)[0]
        bot: JSON = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        self.token = token
        self.world = World(bot, spec, clock)
        self._clock = clock
        self.flood = (flood or FloodControl()) if limits else None
        # `routes`: more of the same app, such as the sandbox's web chat
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
                *routes,
            ]
        )
        self._port = port
        self._url: str | None = None
        self._loopback = loopback.Loopback(self.app, port)
        self._stack: contextlib.AsyncExitStack | None = None

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:PORT``; the bot's base_url is ``f"{api_url}/bot"``."""
        assert self._url is not None, "use the server inside 'async with'"
        return self._url

    @property
    def faults(self) -> Faults:
        """The fault switchboard: arm 429s, 5xx, delays, drops and odd updates."""
        return self.world.faults

    async def restart(self, down_for: float = 0.0) -> None:
        """Stop the Bot API (every connection cut), stay away `down_for` s, start again."""
        self.world.faults.injected.append(("server", "restart"))
        await self._loopback.stop(abort=True)
        await asyncio.sleep(down_for)
        await self._loopback.start()

    def revoke_token(self) -> None:
        """The token is revoked (as by @BotFather's /revoke): every call now answers 401,
        and a held long poll ends at once so the next one hears it."""
        self.token = f"{self.token}-revoked"
        self.world.updates.released += 1
        self.world.notify()

    def unparseable(self, user: SimulatedUser) -> JSON:
        """Queue a poll answer without `option_persistent_ids`: valid JSON that
        python-telegram-bot refuses to read (the library and the Bot API disagreeing)."""
        self.world.faults.injected.append(("update", "unparseable"))
        update = self.world.updates.make(
            "poll_answer", {"poll_id": "0", "user": user.user, "option_ids": [0]}
        )
        self.world.updates.put(update)
        self.world.notify()
        return update

    @property
    def spec(self) -> Spec | None:
        """The spec calls and updates are checked against, if any."""
        return self.world.spec

    @property
    def violations(self) -> list[str]:
        """Every contract violation seen so far (calls and produced updates)."""
        return self.world.violations

    @property
    def calls(self) -> list[Call]:
        """The transcript: every call the bot made, in order."""
        return self.world.calls

    @property
    def bot(self) -> JSON:
        """The bot's User object (as in messages it sends)."""
        return self.world.bot

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        """(chat_id, action) for every sendChatAction."""
        return self.world.chat_actions

    def calls_to(self, method: str) -> list[Call]:
        """The calls of one method, in order."""
        return [c for c in self.world.calls if c.method == method]

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> SimulatedUser:
        """A simulated user; their private chat has the same id."""
        return SimulatedUser(
            self.world,
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )

    def group(
        self, chat_id: int, title: str, members: Sequence[SimulatedUser], *, kind: str = "group"
    ) -> Group:
        """A group (or ``kind="supergroup"``) the bot is in, with these members."""
        return Group(self.world, chat_id, title, members, kind=kind)

    def close_due_polls(self) -> int:
        """Close the polls whose `open_period` or `close_date` has passed on the server's
        clock, as Telegram does by itself (votes do this too); how many closed."""
        return polls.close_due(self.world)

    def block(self, user: SimulatedUser) -> None:
        """The user blocks the bot: sends to their chat now fail with 403."""
        set_blocked(self.world, user, blocked=True)

    def unblock(self, user: SimulatedUser) -> None:
        """The user restarts the bot."""
        set_blocked(self.world, user, blocked=False)

    async def wait_until(self, predicate: Callable[[], bool], within: float = 5.0) -> bool:
        """Wait until ``predicate()`` holds (re-checked on every state change)."""
        return await self.world.wait_until(predicate, within)

    async def wait_delivered(self, within: float = 5.0) -> None:
        """Wait until every update so far was fetched and confirmed, or sent to the webhook."""
        queue = self.world.updates
        mark = queue.last_id
        if not await self.world.wait_until(lambda: queue.delivered_up_to(mark), within):
            kinds = [next(k for k in u if k != "update_id") for u in queue.pending]
            raise AssertionError(
                f"updates not delivered within {within} s: {kinds}; is the bot polling?"
            )

    async def __aenter__(self) -> TelegramServer:
        stack = contextlib.AsyncExitStack()
        self._url = await self._loopback.start()
        stack.push_async_callback(self._loopback.stop)
        client = await stack.enter_async_context(httpx.AsyncClient(trust_env=False))
        sender = asyncio.create_task(
            updates.deliver_webhooks(self.world, client, self._run_webhook_reply)
        )
        stack.push_async_callback(_cancel, sender)
        self._stack = stack
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.world.closing = True
        self.world.notify()  # held getUpdates return at once, so uvicorn can stop
        if self._stack is not None:
            await self._stack.aclose()

    async def _endpoint(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return _reply(unauthorized())
        method = request.path_params["method"]
        fault = self.world.faults.take(method)
        if fault is not None:
            self.world.notify()  # a test may wait for its faults to fire
            faulted = await self._fault(request, fault)
            if faulted is not None:
                return faulted
        try:
            params = await requests.params_of(request, method, self.spec)
        except ApiError as error:
            self.world.violate(f"{method}: {error.description}")
            return _reply(error)
        code, body = await self.call(method, params)
        return JSONResponse(body, status_code=code)

    async def _fault(self, request: Request, fault: Fault) -> Response | None:
        """Apply a fault: an error answer, a pause (then the call runs), or a cut."""
        if fault.kind in ("400", "429", "500"):
            return JSONResponse(fault.envelope(), status_code=fault.status)
        if fault.kind == "502":
            return HTMLResponse(BAD_GATEWAY_PAGE, status_code=502)
        await asyncio.sleep(fault.seconds)
        if fault.kind == "delay":
            return None
        client = request.client
        self._loopback.drop((client.host, client.port) if client else None)
        return Response(status_code=200)  # never reaches the client

    async def _file(self, request: Request) -> Response:
        data = media.file_bytes(self.world, request.path_params["path"])
        if request.path_params["token"] != self.token or data is None:
            return Response(status_code=404)
        return Response(data, media_type="application/octet-stream")

    async def _run_webhook_reply(self, response: httpx.Response) -> None:
        async def run(method: str, params: JSON) -> object:
            return await self.call(method, params, in_reply=True)

        await webhook_reply.run_reply(self.world, response, run)

    async def call(self, method: str, params: JSON, *, in_reply: bool = False) -> tuple[int, JSON]:
        """Run one Bot API call as the HTTP endpoint does (or as a webhook reply carried
        it, `in_reply`): (status, envelope)."""
        return await calls.run(self.world, HANDLERS, self.flood, method, params, in_reply)


def _reply(error: ApiError) -> JSONResponse:
    return JSONResponse(calls.envelope(error), status_code=error.code)


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
