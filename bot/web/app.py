"""The webhook app: Telegram posts updates here; `/healthz` and `/metrics` for operators.

It knows nothing of python-telegram-bot: it hands each update (the JSON Telegram sent) to
`feed`, which returns the Bot API call to carry back in the HTTP reply, if any.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.web.metrics import Metrics

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
Feed = Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]]
Health = Callable[[], Awaitable[dict[str, bool]]]

log = logging.getLogger(__name__)


def webhook_app(path: str, secret: str, feed: Feed, health: Health, metrics: Metrics) -> Starlette:
    """The app: POST `path` (updates), GET /healthz, GET /metrics."""
    expected = secret.encode()

    async def receive_update(request: Request) -> Response:
        """Telegram delivers one update."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        # compare_digest takes as long whatever the first wrong byte: no timing oracle
        if not hmac.compare_digest(given, expected):
            metrics.rejected.inc()
            log.warning("refused a webhook request without the right secret token")
            return Response(status_code=403)
        try:
            update = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400)
        if not isinstance(update, dict):
            return Response(status_code=400)
        reply = await feed(update)
        return Response(status_code=200) if reply is None else JSONResponse(reply)

    async def healthz(_: Request) -> Response:
        """Up when the lesson bank is loaded and the database answers."""
        checks = await health()
        ok = all(checks.values())
        body = {name: "ok" if passed else "failing" for name, passed in checks.items()}
        return JSONResponse(body, status_code=200 if ok else 503)

    async def metrics_text(_: Request) -> Response:
        """Counters and latencies for Prometheus to scrape."""
        return Response(await metrics.text(), media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route(path, receive_update, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_text, methods=["GET"]),
        ]
    )
