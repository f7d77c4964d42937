"""How the bot's Bot API calls are retried (`PolicedRequest`: one policy, `call_policy.py`,
for every call) and what a failure says; and the httpx request class the bot used before
`direct_request.DirectRequest`, kept for comparison.

python-telegram-bot's own request class talks to the Bot API through an
`httpx.AsyncClient`; httpx's default transport (httpcore on anyio) checks every idle
connection on every request, under several locks and cancel scopes. `BotApiRequest` puts
httpx on aiohttp's pool (`httpx-aiohttp`); `DirectRequest` leaves httpx out altogether.

Three timeouts are kept apart on purpose, so a slow answer does not fail by coin toss:
an idle connection is dropped by the bot after `KEEPALIVE_SECONDS`, before a server's usual
5-second idle close (the keep-alive race); an ordinary call waits `READ_TIMEOUT` for its
answer; a long poll waits its own `timeout` on top of that.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData
from telegram.request._baserequest import BaseRequest

from bot.telegram.call_policy import CallPolicy, Failure

log = logging.getLogger(__name__)

READ_TIMEOUT = 7.0
KEEPALIVE_SECONDS = 4.0
LONG_POLL_SECONDS = 10
# A repeated answerCallbackQuery whose first try got through is refused ("query is too
# old"); the tap was answered, so the bot carries on as if the retry succeeded.
_ANSWERED = b'{"ok":true,"result":true}'

Sleep = Callable[[float], Awaitable[None]]
Answer = tuple[int, bytes]  # an HTTP status and the body


def _chain(error: BaseException) -> list[BaseException]:
    """An exception and its causes, each once (a chain can loop back on itself)."""
    chain: list[BaseException] = []
    seen: BaseException | None = error
    while seen is not None and all(seen is not known for known in chain):
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def failure_of(error: BaseException) -> Failure:
    """What a failed call's exception chain says about whether the call ran."""
    for seen in _chain(error):
        if isinstance(seen, ConnectionRefusedError | aiohttp.ClientConnectorError):
            return Failure.NOT_SENT
        if isinstance(seen, aiohttp.ConnectionTimeoutError | httpx.PoolTimeout):
            return Failure.NOT_SENT
        if isinstance(seen, aiohttp.ServerDisconnectedError) or _unwritten(seen):
            return Failure.DROPPED
    return Failure.NO_ANSWER


def _unwritten(error: BaseException) -> bool:
    """The request never reached the server whole: the connection was closed (the
    keep-alive race, seen on a big upload) while its body was still being written."""
    if isinstance(error, aiohttp.ClientConnectionResetError):  # "write to closing transport"
        return True
    return isinstance(error, aiohttp.ClientOSError) and "Can not write request body" in str(error)


def _refused(error: BaseException) -> bool:
    return any(isinstance(seen, ConnectionRefusedError) for seen in _chain(error))


def _plain(error: NetworkError, failure: Failure) -> NetworkError:
    """The error said as what happened: "refused" is not "timed out"."""
    if _refused(error):
        return NetworkError("Connection refused: nothing listens at the Bot API address")
    if failure is Failure.NOT_SENT and isinstance(error, TimedOut):  # no connection in time
        return TimedOut(f"Could not connect to the Bot API in time ({error.message})")
    if failure is Failure.NOT_SENT:
        return NetworkError(f"Could not connect to the Bot API ({error.message})")
    if failure is Failure.DROPPED:
        return NetworkError("Server disconnected before answering")
    return error


def _retry_after(payload: bytes) -> float | None:
    try:
        body = json.loads(payload)
        return float(body["parameters"]["retry_after"])
    except (ValueError, KeyError, TypeError):
        return None


class PolicedRequest:
    """One `CallPolicy` around a request class's own way of making a call."""

    def __init__(
        self,
        policy: CallPolicy | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.policy = policy or CallPolicy()
        self._rng = rng or random.Random()
        self._sleep = sleep
        self.retried = 0  # how many calls were tried again (the fault figures count them)

    async def policed(self, url: str, call: Callable[[], Awaitable[Answer]]) -> Answer:
        """`call` (one Bot API call to `url`), tried again as the policy says."""
        name = url.rsplit("/", 1)[-1]
        policy = self.policy
        tries = 0
        while True:
            tries += 1
            try:
                code, payload = await call()
            except (TimedOut, NetworkError) as error:
                failure = failure_of(error)
                if tries >= policy.attempts or not policy.retries_failure(name, failure):
                    plain = _plain(error, failure)
                    if plain is error:
                        raise
                    raise plain from error
                await self._pause(name, failure.value, policy.backoff(tries, self._rng))
                continue
            if policy.retries_status(code) and tries < policy.attempts:
                wait = _retry_after(payload) if code == 429 else policy.backoff(tries, self._rng)
                if wait is not None and wait <= policy.max_retry_after:
                    await self._pause(name, f"HTTP {code}", wait)
                    continue
            if code == 400 and tries > 1 and name == "answerCallbackQuery":
                return 200, _ANSWERED
            return code, payload

    async def _pause(self, name: str, why: str, seconds: float) -> None:
        self.retried += 1
        log.info("%s failed (%s); trying again in %.2f s", name, why, seconds)
        await self._sleep(seconds)


class BotApiRequest(PolicedRequest, HTTPXRequest):
    """`HTTPXRequest` on aiohttp's connection pool, retrying by one `CallPolicy`.

    The bot itself uses `DirectRequest` (`direct_request.py`), which leaves httpx out; this
    one stays for comparison and for code that wants python-telegram-bot's httpx request.
    """

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float = READ_TIMEOUT,
        policy: CallPolicy | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        HTTPXRequest.__init__(
            self, connection_pool_size=connection_pool_size, read_timeout=read_timeout
        )
        PolicedRequest.__init__(self, policy, rng, sleep)

    def _build_client(self) -> httpx.AsyncClient:
        # A new transport each time: python-telegram-bot builds a new client after a
        # shutdown, and a closed aiohttp session cannot be opened again.
        limits = self._client_kwargs["limits"]
        assert isinstance(limits, httpx.Limits)
        limits = httpx.Limits(
            max_connections=limits.max_connections, keepalive_expiry=KEEPALIVE_SECONDS
        )
        return httpx.AsyncClient(
            **{
                **self._client_kwargs,
                "limits": limits,
                "transport": AiohttpTransport(limits=limits),
            }
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One Bot API call, tried again as the policy says."""
        return await self.policed(
            url,
            lambda: HTTPXRequest.do_request(
                self,
                url,
                method,
                request_data,
                read_timeout,  # type: ignore[arg-type]
                write_timeout,  # type: ignore[arg-type]
                connect_timeout,  # type: ignore[arg-type]
                pool_timeout,  # type: ignore[arg-type]
            ),
        )
