"""A Bot API request's parameters, however the client sent them."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request

from bot.sandbox.server import media
from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.models import JSON
from bot.sandbox.server.spec import Spec, decode_form


async def params_of(request: Request, method: str, spec: Spec | None) -> JSON:
    """A call's parameters, from its query string and its body (JSON, form or multipart)."""
    types = spec.param_types(method) if spec else None
    params: JSON = decode_form(dict(request.query_params), types)
    body = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if not body:
        return params
    if content_type == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(decoded, dict):
            raise bad_request("JSON object expected")
        return {**params, **decoded}
    if content_type == "multipart/form-data":
        return {**params, **await _multipart(request, types)}
    if content_type == "application/x-www-form-urlencoded":
        fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return {**params, **decode_form(fields, types)}
    raise bad_request(f"not implemented by the test server: request body {content_type!r}")


async def _multipart(request: Request, types: dict[str, tuple[str, ...]] | None) -> JSON:
    """A multipart body: its fields decoded, its file parts kept for the handler (a file
    part stands in its parameter as ``attach://<part>``, as the spec's InputFile allows)."""
    fields: dict[str, str] = {}
    uploads: dict[str, media.Upload] = {}
    async with request.form() as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                uploads[name] = media.Upload(
                    await value.read(), value.filename or name, value.content_type or ""
                )
            else:
                fields[name] = value
    media.UPLOADS.set(uploads)
    decoded = decode_form(fields, types)
    for name in uploads:
        decoded.setdefault(name, media.ATTACH + name)
    return decoded
