"""Telegram's HTML parse mode: the tag set, entities, and its error messages.

Modelled on tdlib's ``parse_html``: unsupported tags, unclosed and unmatched tags are errors
with byte offsets into the UTF-8 source. One deliberate strictness beyond Telegram: a bare
``&`` that starts no entity is an error too (Telegram's docs require ``&amp;``).
"""

from __future__ import annotations

import html as stdlib_html
import re
from dataclasses import dataclass, field
from typing import Any

# Tag -> entity type. span and tg-emoji need an attribute, checked below.
TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class EntityParseError(ValueError):
    """The text cannot be parsed; the message is Telegram's wording after the colon."""


@dataclass(frozen=True)
class ParsedText:
    """Visible text and its entities (offsets and lengths in UTF-16 code units)."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()


@dataclass
class _Open:
    tag: str
    byte_offset: int
    start: int
    entity: dict[str, Any] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def plain(text: str) -> ParsedText:
    """Text sent without parse_mode: shown as is."""
    return ParsedText(text)


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML into visible text and entities, or raise EntityParseError."""
    out: list[str] = []
    length = 0  # UTF-16 length of out
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            match = _ENTITY.match(source, i)
            if match is None:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte(source, i)} must be escaped as "&amp;"'
                )
            decoded = _decode_entity(match.group(1), _byte(source, i))
            out.append(decoded)
            length += utf16_len(decoded)
            i = match.end()
        elif char == "<" and source.startswith("</", i):
            i = _close_tag(source, i, stack, entities, length)
        elif char == "<":
            opened, i = _open_tag(source, i, length)
            stack.append(opened)
        else:
            out.append(char)
            length += utf16_len(char)
            i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), tuple(entities))


def _byte(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(name: str, byte_offset: int) -> str:
    if name in _NAMED:
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise EntityParseError(f"Wrong HTML entity at byte offset {byte_offset}")
    return chr(code)


def _open_tag(source: str, begin: int, position: int) -> tuple[_Open, int]:
    """Parse ``<tag attr="v">`` at ``begin``; return the open entity and the index after it."""
    byte_offset = _byte(source, begin)
    i = begin + 1
    while i < len(source) and not source[i].isspace() and source[i] != ">":
        i += 1
    if i >= len(source):
        raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset}")
    tag = source[begin + 1 : i].lower()
    if tag not in TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {byte_offset}')
    attributes: dict[str, str] = {}
    while True:
        match = _ATTRIBUTE.match(source, i)
        if match is None or match.end() == i:
            break
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attributes[match.group(1).lower()] = stdlib_html.unescape(value)
        i = match.end()
    while i < len(source) and source[i].isspace():
        i += 1
    if i >= len(source) or source[i] != ">":
        raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset}")
    return _Open(tag, byte_offset, position, _entity(tag, attributes, byte_offset)), i + 1


def _entity(tag: str, attributes: dict[str, str], byte_offset: int) -> dict[str, Any]:
    kind = TAGS[tag]
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}'
        )
    if tag == "blockquote" and "expandable" in attributes:
        kind = "expandable_blockquote"
    entity: dict[str, Any] = {"type": kind}
    if tag == "a" and attributes.get("href"):
        entity["url"] = attributes["href"]
    if tag == "code" and attributes.get("class", "").startswith("language-"):
        entity["language"] = attributes["class"].removeprefix("language-")
    if tag == "tg-emoji":
        if not attributes.get("emoji-id"):
            raise EntityParseError(
                f"Custom emoji identifier expected at byte offset {byte_offset}"
            )
        entity["custom_emoji_id"] = attributes["emoji-id"]
    return entity


def _close_tag(
    source: str, begin: int, stack: list[_Open], entities: list[dict[str, Any]], position: int
) -> int:
    """Parse ``</tag>`` at ``begin``, close the innermost entity; return the index after it."""
    byte_offset = _byte(source, begin)
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {byte_offset}")
    i = begin + 2
    while i < len(source) and not source[i].isspace() and source[i] != ">":
        i += 1
    name = source[begin + 2 : i].lower()
    while i < len(source) and source[i].isspace():
        i += 1
    if i >= len(source) or source[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {byte_offset}")
    opened = stack.pop()
    if name and name != opened.tag:
        raise EntityParseError(
            f'Unmatched end tag at byte offset {byte_offset}, expected "</{opened.tag}>", '
            f'found "</{name}>"'
        )
    entity = opened.entity
    if entity["type"] == "text_link" and "url" not in entity:
        return i + 1  # <a> without href is shown as plain text
    if entity["type"] == "code" and "language" in entity and stack and stack[-1].tag == "pre":
        stack[-1].entity["language"] = entity["language"]  # <pre><code class=...>: one entity
        return i + 1
    if entity["type"] == "code":
        entity.pop("language", None)  # a language belongs to pre only
    if position > opened.start:
        entities.append({**entity, "offset": opened.start, "length": position - opened.start})
    return i + 1
