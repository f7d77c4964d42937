"""A fast reading of the plain YAML nearly every bank file is written in.

PyYAML, through `yamlsource`, stays the reader that defines what a file means (YAML 1.1:
`yes` is true, `010` is eight, duplicate keys are errors). Its parser hands every token to
Python, and in a bank of ten thousand lessons that is most of the load time. rapidyaml
parses in C++ and writes JSON, several times faster, but it reads YAML 1.2 and knows
nothing of our rules. So it is used for a file only when the file provably means the same
to both: the file avoids every construct where the two could differ (tags, anchors,
aliases, merge keys, several documents, escapes, tabs, unusual characters), and no value
it produced is one that YAML 1.1 would read as anything but what the JSON says. Whenever
in doubt, `fast_json` answers None and the caller reads the file with PyYAML, which also
finds the positions for any problem.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ryml

from bot.learning.yamlsource import IMPLICIT_WORDS, NUMERIC_RESOLVERS

# Bytes that mean the same to both parsers wherever they are: printable ASCII and line
# feeds, and the bytes of other characters (checked below). Missing on purpose: tabs,
# carriage returns, control characters, and the backslash (escapes; `\"` is allowed).
_PLAIN_BYTES = bytes([0x0A, *range(0x20, 0x7F), *range(0x80, 0x100)]).replace(b"\\", b"")
# Characters YAML 1.1 reads as line breaks or refuses, or a byte order mark, in UTF-8:
# U+0080-U+009F (with NEL), U+2028, U+2029, U+FEFF, U+FFFE and U+FFFF.
_C1_CONTROLS = re.compile(rb"\xc2[\x80-\x9f]")
_ODD_CHARACTERS = (
    b"\xe2\x80\xa8",
    b"\xe2\x80\xa9",
    b"\xef\xbb\xbf",
    b"\xef\xbf\xbe",
    b"\xef\xbf\xbf",
)
# Indicators that change what a node means when they start it, or that PyYAML refuses
# there: tags, anchors, aliases, flow mappings, complex keys, directives, reserved and flow
# characters, and a value starting with `:` (PyYAML refuses it in a list in brackets).
# Each is looked for only after what can come before a node starts (and at the very start
# of the file); `[]` stays allowed, as in `prerequisites: []`.
_NODE_START = rb"\s\[\]{},:?-"
_BEFORE_A_NODE = b"\n\t\r[]{},:?-'\""
_INDICATORS = {
    char: re.compile(re.escape(char) + rb"(?<=[" + before + rb"]" + re.escape(char) + rb")")
    for char, before in (
        *((char, _NODE_START) for char in (b"!", b"&", b"*", b"{", b"?", b"%", b"@", b"`")),
        (b":", _NODE_START),
        (b"]", rb"\s,:?-"),
        (b"}", rb"\s,:?-"),
        (b",", rb"\s\[{,:?-"),
    )
}
# JSON strings that are a YAML 1.1 word for true, false or nothing, or empty (a plain empty
# value is nothing), and strings that may be a number or a date.
_WORD_STRINGS = re.compile(
    '"(?:' + "|".join(re.escape(word) for word in IMPLICIT_WORDS if word) + ')?"'
)
_NUMBER_LIKE_STRINGS = re.compile(r'"([-+.0-9][^"]*)"')


class _DeclinedError(Exception):
    """The file is not plain enough for the fast reading."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DeclinedError
    return mapping


def _decline(_: str) -> Any:
    raise _DeclinedError


def plain_enough(raw: bytes) -> bool:
    """Whether `raw` avoids every construct where YAML 1.1 and rapidyaml could differ."""
    odd = raw.translate(None, _PLAIN_BYTES)
    if odd and (odd.count(b"\\") != len(odd) or raw.count(b"\\") != raw.count(b'\\"')):
        return False
    if not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if b"\xc2" in raw and _C1_CONTROLS.search(raw):
            return False
        if (b"\xe2" in raw or b"\xef" in raw) and any(c in raw for c in _ODD_CHARACTERS):
            return False
    # A second document makes rapidyaml's JSON a list, which is refused below; an end of
    # document (`...`) with more after it would not.
    if raw.startswith(b"...") or b"\n..." in raw:
        return False
    if raw[:1] in _INDICATORS:
        return False
    for char, found in _INDICATORS.items():
        if char in raw:
            for match in found.finditer(raw):
                if _starts_a_node(raw, match.start()):
                    return False
    return True


def _starts_a_node(raw: bytes, at: int) -> bool:
    """Whether the character at `at` may start a node: the first thing on its line, or
    after what can come before a node (`: `, `- `, `[`, a quoted value...). After a word,
    as in `Q & A` or `why? !`, it is inside a plain text."""
    before = at - 1
    while before >= 0 and raw[before] == 0x20:
        before -= 1
    if before >= 0 and raw[before] in b"|>":  # after a block scalar's `|`, or inside <b>text
        return _starts_a_node(raw, before)
    return before < 0 or raw[before] in _BEFORE_A_NODE


def _yaml11_agrees(text: str) -> bool:
    """Whether every string in the JSON `text` is also a string to YAML 1.1."""
    if _WORD_STRINGS.search(text):
        return False
    for match in _NUMBER_LIKE_STRINGS.finditer(text):
        value = match[1]
        if any(regexp.match(value) for _, regexp in NUMERIC_RESOLVERS.get(value[0], ())):
            return False
    return True


_devnull: list[int] = []  # opened once, when first needed


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its parse errors on the process's stderr before raising; a file it
    cannot parse is read again by PyYAML, whose message is the one shown."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to keep quiet
        yield
        return
    if not _devnull:
        _devnull.append(os.open(os.devnull, os.O_WRONLY))
    try:
        os.dup2(_devnull[0], 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def fast_json(raw: bytes, tree: ryml.Tree | None = None) -> tuple[str, Any] | None:
    """The file's mapping as JSON and as data, exactly as PyYAML would read it; None when
    in doubt.

    A parse error, a value YAML 1.1 would read differently, a duplicate key, a number with
    a fraction, a file that is not one mapping: all are doubts.
    """
    if not plain_enough(raw):
        return None
    tree = tree if tree is not None else ryml.Tree()
    try:
        tree.clear()
        tree.clear_arena()
        with _quiet_stderr():
            ryml.parse_in_arena(raw, tree)
        text = ryml.emit_json(tree)
    except Exception:  # any failure of the fast parser is a doubt
        return None
    # a list (several documents), a single value, or nothing at all (only comments)
    if not isinstance(text, str) or not text.startswith("{") or not _yaml11_agrees(text):
        return None
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_decline,
            parse_constant=_decline,
        )
    except (_DeclinedError, ValueError):
        return None
    return text, data
