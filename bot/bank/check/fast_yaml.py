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

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import jiter
import ryml

from bot.bank.check.yaml_nodes import IMPLICIT_WORDS, NUMERIC_RESOLVERS

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
# value is nothing), and strings that may be a number or a date. The words are grouped by
# their first letter, and a look ahead skips at once the strings that cannot be either.
_FIRST_LETTERS: dict[str, list[str]] = {}
for _word in IMPLICIT_WORDS:
    if _word:
        _FIRST_LETTERS.setdefault(_word[0], []).append(re.escape(_word[1:]))
_SUSPECT_STRINGS = re.compile(
    (
        '"(?=[-+.0-9"'
        + re.escape("".join(_FIRST_LETTERS))
        + "])(?:"
        + "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in _FIRST_LETTERS.items())
        + '|([-+.0-9][^"]*))?"'
    ).encode()
)


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


def _yaml11_agrees(text: bytes) -> bool:
    """Whether every string in the JSON `text` is also a string to YAML 1.1."""
    for match in _SUSPECT_STRINGS.finditer(text):
        if match[1] is None:  # a word, or empty
            return False
        value = match[1].decode("utf-8", "replace")
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


class FastReader:
    """Reads plain files with rapidyaml, reusing its tree and output buffer file to file.

    `quiet=False` leaves stderr alone, for a process that silenced it once for all.
    """

    def __init__(self, *, quiet: bool = True) -> None:
        self.quiet = quiet
        self._tree = ryml.Tree()
        self._buffer = bytearray(1 << 16)

    def read(self, raw: bytes) -> Any | None:
        """The file's mapping, exactly as PyYAML would read it; None when in doubt.

        A construct where the two parsers could differ, a parse error, a file that is not
        one mapping, a duplicate key (PyYAML refuses it, JSON readers keep the last): all
        are doubts. A number with a fraction or an exponent comes back as a LosslessFloat,
        which no field of the content accepts (YAML 1.1 reads `1e3` as text, `1.0` as a
        float): validation fails, and the file goes to PyYAML like any invalid one.
        """
        text = self.json(raw)
        return None if text is None else json_data(text)

    def json(self, raw: bytes) -> bytes | None:
        """The first step of `read`: rapidyaml's JSON of a plain file, where every string
        is a string to YAML 1.1 too; None when in doubt."""
        if not plain_enough(raw):
            return None
        text = self._json(raw)
        # a list (several documents), a single value, or nothing at all (only comments)
        if text is None or not text.startswith(b"{") or not _yaml11_agrees(text):
            return None
        return text

    def _json(self, raw: bytes) -> bytes | None:
        tree = self._tree
        try:
            tree.clear()
            tree.clear_arena()
            with _quiet_stderr() if self.quiet else nullcontext():
                ryml.parse_in_arena(raw, tree)
            try:
                return bytes(ryml.emit_json_in_place(tree, self._buffer))
            except IndexError:  # a file bigger than any before
                self._buffer = bytearray(2 * ryml.compute_json_length(tree))
                return bytes(ryml.emit_json_in_place(tree, self._buffer))
        except Exception:  # any failure of the fast parser is a doubt
            return None


def json_data(text: bytes) -> Any | None:
    """The second step of `FastReader.read`: the data of its JSON, or None if a key is
    there twice."""
    try:
        return jiter.from_json(
            text, catch_duplicate_keys=True, allow_inf_nan=False, float_mode="lossless-float"
        )
    except ValueError:
        return None


def fast_json(raw: bytes) -> Any | None:
    """`FastReader().read(raw)`, for one file."""
    return FastReader().read(raw)
