"""The page and its HTTP API: state, actions, and live updates by server-sent events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.sandbox.web.sandbox import Sandbox

STATIC = Path(__file__).resolve().parent / "static"
KEEP_ALIVE_SECONDS = 15.0

Action = Callable[[Sandbox, dict[str, Any]], Awaitable[None]]


async def _send(sandbox: Sandbox, body: dict[str, Any]) -> None:
    text = str(body.get("text", "")).strip()
    if text:
        await sandbox.send(text)


async def _start(sandbox: Sandbox, body: dict[str, Any]) -> None:
    await sandbox.open_link(str(body.get("payload", "")))


async def _tap(sandbox: Sandbox, body: dict[str, Any]) -> None:
    await sandbox.tap(int(body["message_id"]), int(body["row"]), int(body["column"]))


async def _vote(sandbox: Sandbox, body: dict[str, Any]) -> None:
    await sandbox.vote(int(body["message_id"]), [int(i) for i in body["options"]])


async def _person(sandbox: Sandbox, body: dict[str, Any]) -> None:
    sandbox.become(int(body["index"]))


async def _language(sandbox: Sandbox, body: dict[str, Any]) -> None:
    await sandbox.set_language(str(body["code"]))


async def _clock(sandbox: Sandbox, body: dict[str, Any]) -> None:
    sandbox.advance_clock(int(body.get("days", 1)))


async def _reset(sandbox: Sandbox, body: dict[str, Any]) -> None:
    await sandbox.reset()


ACTIONS: dict[str, Action] = {
    "send": _send,
    "start": _start,
    "tap": _tap,
    "vote": _vote,
    "person": _person,
    "language": _language,
    "clock": _clock,
    "reset": _reset,
}


def routes(sandbox: Sandbox) -> list[BaseRoute]:
    """The web chat's routes, to serve beside the Bot API on the same loopback port."""

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def state(request: Request) -> Response:
        return JSONResponse(sandbox.state())

    async def action(request: Request) -> Response:
        handler = ACTIONS.get(request.path_params["action"])
        if handler is None:
            return JSONResponse({"ok": False, "error": "no such action"}, status_code=404)
        try:
            body = await request.json()
            await handler(sandbox, body if isinstance(body, dict) else {})
        except (ValueError, KeyError, IndexError, TypeError, AssertionError) as error:
            return JSONResponse({"ok": False, "error": str(error)}, status_code=400)
        return JSONResponse({"ok": True})

    async def events(request: Request) -> Response:
        return StreamingResponse(
            _stream(sandbox),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    async def file(request: Request) -> Response:
        found = sandbox.server.world.files.get(request.path_params["file_id"])
        if found is None:
            return Response("Not Found", status_code=404)
        media, data = found
        if media.kind == "photo":  # the server checked it is an image
            return Response(data, media_type=_image_type(data))
        name = (media.file_name or "file").replace('"', "")
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(data, media_type=media.mime_type or "application/octet-stream",
                        headers=headers)  # fmt: skip

    return [
        Route("/", page),
        Route("/api/file/{file_id}", file),
        Route("/api/state", state),
        Route("/api/events", events),
        Route("/api/{action}", action, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def _image_type(data: bytes) -> str:
    for signature, kind in ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"),
                            (b"GIF8", "image/gif"), (b"RIFF", "image/webp")):  # fmt: skip
        if data.startswith(signature):
            return kind
    return "application/octet-stream"


async def _stream(sandbox: Sandbox) -> AsyncIterator[str]:
    """The state, each time it changes (compared whole: one visitor, a small chat)."""
    world = sandbox.server.world
    last = ""
    while not world.closing:
        current = json.dumps(sandbox.state(), ensure_ascii=False)
        if current != last:
            last = current
            yield f"data: {current}\n\n"

        def moved(seen: str = last) -> bool:
            return world.closing or json.dumps(sandbox.state(), ensure_ascii=False) != seen

        if not await world.wait_until(moved, KEEP_ALIVE_SECONDS):
            yield ": still here\n\n"
