"""The bot's request layer: python-telegram-bot's `BaseRequest` made directly on aiohttp.

python-telegram-bot's own request class goes through httpx, which then hands the call to
aiohttp's pool (`transport.BotApiRequest`): two HTTP clients' worth of work per call, and
form-encoding that JSON-encodes each parameter on its own. This class sends each call as
one JSON body (a file upload as multipart form data) on one `aiohttp.ClientSession`, and
says what went wrong the way python-telegram-bot's callers expect:

- no answer within the read timeout: `TimedOut` (the call may have run);
- no connection within the connect timeout, or no free connection in the pool:
  `TimedOut`, marked as not sent;
- a refused connection, a reset, a connection the server closed before answering (the
  keep-alive race), a cut-off answer: `NetworkError`.

The exception keeps aiohttp's as its cause, so `transport.failure_of` can tell the call
policy whether the call ran, and the policy tries again as it does for every call.
aiohttp has no write timeout: a stalled upload ends at the read timeout.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.telegram.call_policy import CallPolicy
from bot.telegram.transport import KEEPALIVE_SECONDS, READ_TIMEOUT, PolicedRequest, Sleep

CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
_JSON = {"Content-Type": "application/json"}


def _seconds(value: object, default: float | None) -> float | None:
    """A timeout a caller passed, or the default (python-telegram-bot's DEFAULT_NONE)."""
    if isinstance(value, int | float) or value is None:
        return value
    return default


class DirectRequest(PolicedRequest, BaseRequest):
    """Bot API calls on one aiohttp session, retried by one `CallPolicy`."""

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        pool_timeout: float = POOL_TIMEOUT,
        policy: CallPolicy | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        PolicedRequest.__init__(self, policy, rng, sleep)
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown: a closed one cannot be reopened)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._pool_size, keepalive_timeout=KEEPALIVE_SECONDS
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                trust_env=False,
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

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
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("DirectRequest is not initialized")
        connect = _seconds(connect_timeout, self._connect_timeout)
        pool = _seconds(pool_timeout, self._pool_timeout)
        limits = aiohttp.ClientTimeout(
            total=None,
            # aiohttp's `connect` covers waiting for a free connection and making one
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=_seconds(read_timeout, self._read_timeout),
        )
        return await self.policed(
            url, lambda: self._send(session, url, method, request_data, limits)
        )

    async def _send(
        self,
        session: aiohttp.ClientSession,
        url: str,
        method: str,
        request_data: RequestData | None,
        limits: aiohttp.ClientTimeout,
    ) -> tuple[int, bytes]:
        """One try: the status and the body, or the failure said as python-telegram-bot's."""
        body: Any = None
        headers = None
        if request_data is not None and request_data.contains_files:
            body = _form(request_data)
        elif request_data is not None:
            body, headers = json.dumps(request_data.parameters).encode(), _JSON
        try:
            async with session.request(
                method, url, data=body, headers=headers, timeout=limits
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as error:
            raise TimedOut("Could not connect in time: the call was not sent") from error
        except (aiohttp.ServerTimeoutError, TimeoutError) as error:
            raise TimedOut("No answer in time") from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _form(request_data: RequestData) -> aiohttp.FormData:
    """A call with a file: its parameters and files as multipart form data."""
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
