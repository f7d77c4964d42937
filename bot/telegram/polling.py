"""The long poll's own request: what getUpdates answers that must not stop (or keep alive)
the bot.

- An update python-telegram-bot cannot read (today: a `poll_answer` without
  `option_persistent_ids`, where the library and the Bot API disagree) is left out of the
  answer, logged once with its `update_id`, and the next poll's offset is moved past it,
  so the bot goes on serving instead of failing on every getUpdates.
- 401 (the token was revoked) and 409 (another process polls with the same token) are
  final: `fatal` says which, and `on_fatal` lets the runner stop and exit non-zero.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, Literal

from telegram import Update
from telegram.request import RequestData
from telegram.request._baserequest import BaseRequest

from bot.telegram.direct_request import DirectRequest

log = logging.getLogger(__name__)

Fatal = Literal["token", "conflict"]
FATAL_STATUS: dict[int, Fatal] = {401: "token", 404: "token", 409: "conflict"}


class _Offset:
    """Request data with the offset moved past updates that were skipped."""

    def __init__(self, data: RequestData, offset: int) -> None:
        self._data = data
        self._offset = offset

    @property
    def multipart_data(self) -> None:
        return None

    @property
    def json_parameters(self) -> dict[str, str]:
        return {**self._data.json_parameters, "offset": str(self._offset)}


def readable(update: dict[str, Any]) -> bool:
    """Whether python-telegram-bot can read this update."""
    try:
        Update.de_json(update, None)
    except Exception:  # any failure: the library's parsers raise many kinds
        return False
    return True


class PollingRequest(DirectRequest):
    """The request getUpdates goes through (one connection, the long poll's timeouts)."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)
        self.skip_to = 0  # the lowest offset that confirms every skipped update
        self.skipped: list[int] = []
        self.fatal: Fatal | None = None
        self.on_fatal: Callable[[Fatal], None] = lambda _: None

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
        """getUpdates, minus what cannot be read; other calls pass through."""
        polling = url.endswith("/getUpdates") and request_data is not None
        if polling and request_data is not None and self.skip_to:
            offset = int(request_data.json_parameters.get("offset") or 0)
            if offset < self.skip_to:
                request_data = _Offset(request_data, self.skip_to)  # type: ignore[assignment]
        code, payload = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if not polling:
            return code, payload
        if code in FATAL_STATUS and self.fatal is None:
            self.fatal = FATAL_STATUS[code]
            self.on_fatal(self.fatal)
        return (code, self._readable_only(payload)) if code == 200 else (code, payload)

    def _readable_only(self, payload: bytes) -> bytes:
        try:
            body = json.loads(payload)
            updates = body["result"]
        except (ValueError, KeyError, TypeError):
            return payload
        if not isinstance(updates, list):
            return payload
        kept = [u for u in updates if isinstance(u, dict) and readable(u)]
        if len(kept) == len(updates):
            return payload
        for update in updates:
            if update in kept:
                continue
            update_id = update.get("update_id") if isinstance(update, dict) else None
            kind = next((k for k in update if k != "update_id"), "?")
            if isinstance(update_id, int):
                self.skip_to = max(self.skip_to, update_id + 1)
                if update_id not in self.skipped:
                    self.skipped.append(update_id)
                    log.warning(
                        "skipped update %d (%s): the library cannot read it", update_id, kind
                    )
        return json.dumps({**body, "result": kept}).encode()
