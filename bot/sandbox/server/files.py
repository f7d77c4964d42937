"""Photos and documents: sendPhoto and sendDocument (uploaded, or by file_id), getFile, and
the download route ``/file/bot<token>/<file_path>``, as on Telegram.

Uploads arrive as multipart/form-data; the server stores each file once and passes its
file_id on as the parameter's value, so a handler and the spec check see a String. A URL
is accepted but not fetched (the server reaches nothing beyond loopback): the message
carries it as a document without content.
"""

from __future__ import annotations

import hashlib
import itertools
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from starlette.datastructures import UploadFile

from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.messaging import markup_of, parse
from bot.sandbox.server.models import JSON

if TYPE_CHECKING:
    from bot.sandbox.server.world import Handler, World

MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for a bot's upload
MAX_PHOTO = 10 * 1024 * 1024
MAX_CAPTION = 1024
WRONG_FILE = "wrong file identifier/HTTP URL specified"


@dataclass(frozen=True)
class StoredFile:
    """One file the bot sent, by its id."""

    file_id: str
    file_unique_id: str
    data: bytes
    name: str
    mime_type: str

    @property
    def path(self) -> str:
        """Where getFile says it is, under /file/bot<token>/."""
        return f"files/{self.file_unique_id}/{self.name}"


@dataclass
class FileStore:
    """Every file of one server; a message's media points here by file_id."""

    files: dict[str, StoredFile] = field(default_factory=dict)
    media: dict[tuple[int, int], JSON] = field(default_factory=dict)  # (chat, message id)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def put(self, data: bytes, name: str, mime_type: str) -> StoredFile:
        """Store an upload; returns it with fresh ids."""
        unique = hashlib.sha256(data).hexdigest()[:16]
        file_id = f"AgAD{next(self._ids):06d}{unique}"
        if mime_type == "application/octet-stream":  # what a bare upload is sent as
            mime_type = sniff(data, name) or mime_type
        stored = StoredFile(file_id, unique, data, name or "file", mime_type)
        self.files[file_id] = stored
        return stored

    def by_path(self, path: str) -> StoredFile | None:
        """The file at a getFile path, if any."""
        return next((f for f in self.files.values() if f.path == path), None)


_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
               (b"GIF8", "image/gif"), (b"%PDF", "application/pdf"))  # fmt: skip


def sniff(data: bytes, name: str) -> str | None:
    """The type of a file by its first bytes or its name, as Telegram works it out."""
    for signature, mime_type in _SIGNATURES:
        if data.startswith(signature):
            return mime_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return mimetypes.guess_type(name)[0]


_STORES: WeakKeyDictionary[World, FileStore] = WeakKeyDictionary()


def store_of(world: World) -> FileStore:
    """The file store of a server's world."""
    return _STORES.setdefault(world, FileStore())


def _file(world: World, value: object, limit: int) -> StoredFile:
    stored = store_of(world).files.get(str(value))
    if stored is None:
        raise bad_request(WRONG_FILE)
    if len(stored.data) > limit:
        raise bad_request("file is too big")
    return stored


def _caption(world: World, params: JSON) -> tuple[str, tuple[JSON, ...]]:
    raw = params.get("caption")
    if not isinstance(raw, str) or not raw:
        return "", ()
    parsed = parse(world, raw, params.get("parse_mode"), params.get("caption_entities"))
    if len(parsed.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return parsed.text, parsed.entities


async def _send(world: World, params: JSON, kind: str, media: object) -> JSON:
    chat = world.writable_chat(params.get("chat_id"))
    caption, entities = _caption(world, params)
    markup = markup_of(params)
    message = world.add_message(
        chat, sender=world.bot, text=caption, html=str(params.get("caption") or ""),
        entities=entities, reply_markup=markup,
    )  # fmt: skip
    store_of(world).media[(chat.id, message.message_id)] = {kind: media}
    return with_media(world, world.message_json(message), chat.id, message.message_id)


def with_media(world: World, message: JSON, chat_id: int, message_id: int) -> JSON:
    """A Message object with its photo or document (a caption instead of text)."""
    media = store_of(world).media.get((chat_id, message_id))
    if media is None:
        return message
    result = {k: v for k, v in message.items() if k not in ("text", "entities")}
    result.update(media)
    if message.get("text"):
        result["caption"] = message["text"]
        if message.get("entities"):
            result["caption_entities"] = message["entities"]
    return result


async def send_photo(world: World, params: JSON) -> JSON:
    """Send a photo the bot uploaded (or sent before, by file_id)."""
    stored = _file(world, params.get("photo"), MAX_PHOTO)
    sizes = [
        {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
         "width": 1280, "height": 1280, "file_size": len(stored.data)},
    ]  # fmt: skip
    return await _send(world, params, "photo", sizes)


async def send_document(world: World, params: JSON) -> JSON:
    """Send a document the bot uploaded (or sent before, by file_id)."""
    stored = _file(world, params.get("document"), MAX_UPLOAD)
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.name,
        "mime_type": stored.mime_type,
        "file_size": len(stored.data),
    }
    return await _send(world, params, "document", document)


async def get_file(world: World, params: JSON) -> JSON:
    """Where to download a file the bot knows."""
    stored = _file(world, params.get("file_id"), MAX_UPLOAD)
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.path,
    }


HANDLERS: dict[str, Handler] = {
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "getFile": get_file,
}


async def uploads(world: World, form: Mapping[str, object]) -> dict[str, str]:
    """A multipart body's fields, each upload stored and replaced by its file_id (a
    parameter may also name an upload as ``attach://<field>``)."""
    fields: dict[str, str] = {}
    stored: dict[str, str] = {}
    for name, value in form.items():
        if isinstance(value, UploadFile):
            data = await value.read()
            if len(data) > MAX_UPLOAD:
                raise bad_request("file is too big")
            kind = value.content_type or "application/octet-stream"
            stored[name] = store_of(world).put(data, value.filename or name, kind).file_id
        else:
            fields[name] = str(value)
    for name, value in fields.items():
        if value.startswith("attach://") and value.removeprefix("attach://") in stored:
            fields[name] = stored.pop(value.removeprefix("attach://"))
    return {**stored, **fields}
