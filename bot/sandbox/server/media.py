"""Photos and documents: sendPhoto, sendDocument and getFile, with uploads and downloads.

The bot uploads a file as a multipart form (the server keeps its bytes under a new file_id)
or sends a file_id again; a file's bytes are served at ``/file/bot<token>/<file_path>``, as
Telegram does. Users send photos (screenshots) with ``user.send_photo``.
"""

from __future__ import annotations

import hashlib
import io
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.messaging import markup_of, parse
from bot.sandbox.server.models import JSON, Media

if TYPE_CHECKING:
    from bot.sandbox.server.world import Handler, World

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000
MAX_PHOTO_RATIO = 20
MAX_CAPTION = 1024
ATTACH = "attach://"
IMAGE_FAILED = "IMAGE_PROCESS_FAILED"
PHOTO_INVALID = "PHOTO_INVALID_DIMENSIONS"
CAPTION_TOO_LONG = "message caption is too long"
WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    data: bytes
    filename: str
    content_type: str


# The file parts of the request being handled (each request runs in its own task).
UPLOADS: ContextVar[dict[str, Upload] | None] = ContextVar("uploads", default=None)


def store_file(
    world: World,
    data: bytes,
    kind: str,
    *,
    width: int = 0,
    height: int = 0,
    file_name: str | None = None,
    mime_type: str | None = None,
) -> Media:
    """Keep a file's bytes and describe it as Telegram would."""
    media = Media(
        kind=kind,
        file_id=f"{kind}-{world.new_id()}",
        file_unique_id=hashlib.sha256(data).hexdigest()[:16],
        file_size=len(data),
        width=width,
        height=height,
        file_name=file_name,
        mime_type=mime_type,
    )
    world.files[media.file_id] = (media, data)
    return media


def photo_from_bytes(world: World, data: bytes) -> Media:
    """A photo from an image's bytes; Telegram's errors for what it would refuse."""
    if len(data) > MAX_PHOTO_BYTES:
        raise bad_request("file is too big")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        raise bad_request(IMAGE_FAILED) from None
    long_side, short_side = max(width, height), max(min(width, height), 1)
    if width + height > MAX_PHOTO_SIDES or long_side / short_side > MAX_PHOTO_RATIO:
        raise bad_request(PHOTO_INVALID)
    return store_file(world, data, "photo", width=width, height=height)


def _input_file(world: World, params: JSON, name: str) -> tuple[Upload | None, Media | None]:
    """The uploaded part, or the stored file a file_id names."""
    value = str(params.get(name, ""))
    uploads = UPLOADS.get() or {}
    if value.startswith(ATTACH):
        upload = uploads.get(value.removeprefix(ATTACH))
        if upload is None:
            raise bad_request(f"file {value} not found among the request's parts")
        return upload, None
    stored = world.files.get(value)
    if stored is None or stored[0].kind != name:
        raise bad_request(WRONG_FILE_ID)
    return None, stored[0]


def _caption(world: World, params: JSON) -> tuple[str, str, tuple[JSON, ...]]:
    raw = str(params.get("caption", ""))
    parsed = parse(world, raw, params.get("parse_mode"), params.get("caption_entities"))
    if len(parsed.text) > MAX_CAPTION:
        raise bad_request(CAPTION_TOO_LONG)
    return parsed.text, raw, parsed.entities


async def send_photo(world: World, params: JSON) -> JSON:
    """Send a photo: uploaded (PNG, JPEG...) or by the file_id of one sent before."""
    chat = world.writable_chat(params.get("chat_id"))
    upload, media = _input_file(world, params, "photo")
    if upload is not None:
        media = photo_from_bytes(world, upload.data)
    assert media is not None
    text, raw, entities = _caption(world, params)
    markup = markup_of(params)
    message = world.add_message(
        chat,
        sender=world.bot,
        text=text,
        html=raw,
        entities=entities,
        reply_markup=markup,
        media=media,
    )
    return world.message_json(message)


async def send_document(world: World, params: JSON) -> JSON:
    """Send a document: uploaded, or by the file_id of one sent before."""
    chat = world.writable_chat(params.get("chat_id"))
    upload, media = _input_file(world, params, "document")
    if upload is not None:
        if len(upload.data) > MAX_DOCUMENT_BYTES:
            raise bad_request("file is too big")
        media = store_file(
            world,
            upload.data,
            "document",
            file_name=upload.filename,
            mime_type=upload.content_type,
        )
    assert media is not None
    text, raw, entities = _caption(world, params)
    message = world.add_message(
        chat,
        sender=world.bot,
        text=text,
        html=raw,
        entities=entities,
        reply_markup=markup_of(params),
        media=media,
    )
    return world.message_json(message)


async def get_file(world: World, params: JSON) -> JSON:
    """A file's path for download (``/file/bot<token>/<file_path>``)."""
    stored = world.files.get(str(params.get("file_id", "")))
    if stored is None:
        raise bad_request("invalid file_id")
    media, data = stored
    return {
        "file_id": media.file_id,
        "file_unique_id": media.file_unique_id,
        "file_size": len(data),
        "file_path": f"{media.kind}s/{media.file_id}",
    }


def file_bytes(world: World, file_path: str) -> bytes | None:
    """The bytes behind a file_path that getFile gave, if any."""
    _, _, file_id = file_path.partition("/")
    stored = world.files.get(file_id)
    return stored[1] if stored is not None else None


HANDLERS: dict[str, Handler] = {
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "getFile": get_file,
}
