"""Read a YAML file into plain data, and find the line and column of any part of it.

PyYAML's composer gives nodes with positions; walking them ourselves, instead of letting
`safe_load` build the data, lets every later check point at the exact line an educator
has to fix. It also catches duplicate keys, which `safe_load` silently merges.

Positions are looked up only when a problem needs one: a valid file, the common case,
never pays for an index of its positions, which in a bank of thousands of lessons would
outweigh the lessons themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.bank.check.problems import Problem
from bot.bank.check.yaml_limits import scan, too_big

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
# What each plain-value tag reads as, for the message when a value cannot be read that way.
_SCALARS = {
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a decimal number",
    "tag:yaml.org,2002:timestamp": "a date",
}
# YAML 1.1 reads these plain words as true/false, nothing, or a merge key.
_BOOL_WORDS = [
    *("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE"),
    *("false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"),
]
_WORDS = dict.fromkeys(_BOOL_WORDS, "tag:yaml.org,2002:bool")
_WORDS |= dict.fromkeys(("", "~", "null", "Null", "NULL"), "tag:yaml.org,2002:null")
_WORDS["<<"] = _MERGE
# ...and plain values starting with these characters as numbers or dates, if they match.
_NUMERIC = {
    first: tuple(
        (tag, regexp)
        for tag, regexp in yaml.resolver.Resolver.yaml_implicit_resolvers[first]
        if tag in _SCALARS
    )
    for first in "-+.0123456789"
}
# Plain values YAML 1.1 reads as something other than text, for `fastread` to look out for.
IMPLICIT_WORDS = tuple(_WORDS)
NUMERIC_RESOLVERS = _NUMERIC
_EMPTY = "file is empty (write its content, or delete the file)"
_COMMENTS_ONLY = "file has only comments (write its content below them, or delete the file)"
_constructor = yaml.constructor.SafeConstructor()


class _Composer(_Parser):
    """libyaml's composer with a lean resolver.

    `Resolver.resolve` runs in Python for every scalar, and path resolvers, which this
    bank never uses, cost two more calls per node: together a fifth of the load time.
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node, as YAML 1.1 `SafeLoader` would resolve it."""
        if kind is ScalarNode:
            if implicit[0] and value is not None:
                word = _WORDS.get(value)
                if word is not None:
                    return word
                for tag, regexp in _NUMERIC.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


def _compose(text: str | bytes) -> Node | None:
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


@dataclass
class Document:
    """A parsed file: its data, and the file to find where each part of it stands."""

    path: str
    data: Any
    # Read again when a problem needs a position; rarely, so not worth the memory to keep.
    source: Path | None = None
    first_line: str = ""
    _index: tuple[dict[Loc, Position], dict[Loc, Position]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def values(self) -> dict[Loc, Position]:
        """The position of every value, by where it stands in the data."""
        return self._positions()[0]

    @property
    def keys(self) -> dict[Loc, Position]:
        """The position of every mapping key, by the place of the value it names."""
        return self._positions()[1]

    def _positions(self) -> tuple[dict[Loc, Position], dict[Loc, Position]]:
        if self._index is None:
            values: dict[Loc, Position] = {}
            keys: dict[Loc, Position] = {}
            try:
                text = self.source.read_text(encoding="utf-8") if self.source else ""
                node = _compose(text)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):  # changed since it was read
                node = None
            if node is not None:
                _index(node, (), values, keys)
            self._index = (values, keys)
        return self._index

    def position(self, loc: Loc) -> Position:
        """The position of the value at `loc`, or of its nearest parent that exists."""
        values = self.values
        while loc not in values and loc:
            loc = loc[:-1]
        return values.get(loc, (1, 1))

    def key_position(self, loc: Loc) -> Position:
        """The position of the key that names `loc` (its value's, for list items)."""
        return self.keys.get(loc) or self.position(loc)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A problem at the value (or the key) found at `loc`."""
        line, column = self.key_position(loc) if key else self.position(loc)
        return Problem(self.path, line, column, message)


def _mark(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _key(node: Node) -> str | None:
    """A mapping key as the text written, or None if it is not a plain word."""
    if node.__class__ is ScalarNode and (node.tag == _STR or node.tag in _SCALARS):
        return str(node.value)
    return None


def _index(node: Node, loc: Loc, values: dict[Loc, Position], keys: dict[Loc, Position]) -> None:
    """Record where each part stands, by the same walk `_Builder.build` makes."""
    values[loc] = _mark(node)
    if node.__class__ is MappingNode:
        for key_node, value_node in node.value:
            key = _key(key_node)
            if key is None or (*loc, key) in keys:
                continue
            keys[(*loc, key)] = _mark(key_node)
            _index(value_node, (*loc, key), values, keys)
    elif node.__class__ is SequenceNode:
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), values, keys)


class _Builder:
    """Turns nodes into plain data, noting what cannot be read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def _problem(self, node: Node, message: str) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.path, line, column, message))

    def build(self, node: Node) -> Any:
        kind = node.__class__
        if kind is ScalarNode:
            return node.value if node.tag == _STR else self._scalar(node)
        if kind is SequenceNode:
            return [self.build(item) for item in node.value]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # plain text keys and values are nearly all there is: take them without a call
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                key = _key(key_node)
            if key is None:
                self._problem(
                    key_node,
                    '"<<" merge keys are not supported (write the keys out in full)'
                    if key_node.tag == _MERGE
                    else "a key must be a plain word (write it like `title:`)",
                )
            elif key in result:
                first = next(k for k, _ in node.value if _key(k) == key)
                self._problem(
                    key_node,
                    f'duplicate key "{key}" (it is already set on line {_mark(first)[0]};'
                    " keep one of them)",
                )
            elif value_node.__class__ is ScalarNode and value_node.tag == _STR:
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node)
        return result

    def _scalar(self, node: Node) -> Any:
        """A value that is not plain text: built here rather than by `construct_object`,
        which keeps every node it ever built in a cache a shared constructor never clears.
        """
        what = _SCALARS.get(node.tag)
        if node.tag == _MERGE:  # `<<` as a value, not a key: only text
            return node.value
        if what is None:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._problem(node, f'the tag "{tag}" is not supported (remove it)')
            return None
        try:
            return _constructor.yaml_constructors[node.tag](_constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError):
            self._problem(
                node, f'"{node.value}" cannot be read as {what} (put it in quotes if it is text)'
            )
            return None


def _byte_position(raw: bytes, offset: int) -> Position:
    start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    # columns count characters, as editors show them, not bytes
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _text_position(text: str, offset: int) -> Position:
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


def read_document(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file; on failure, no document and the problems that stopped it.

    A file too big, too deep, or expanding to too many values is refused before it is
    built (`yaml_limits`)."""
    big = too_big(path, display)
    if big is not None:
        return None, [big]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        return None, [
            Problem(
                display,
                line,
                column,
                f"file is not UTF-8 (byte 0x{raw[error.start]:02x} cannot be read;"
                " save the file with UTF-8 encoding)",
            )
        ]
    if not text.strip():
        return None, [Problem(display, 1, 1, _EMPTY)]
    limit = scan(raw, display)
    if limit is not None:
        return None, [limit]
    try:
        node = _compose(raw)  # libyaml would only encode a str back to these bytes
    except yaml.reader.ReaderError as error:
        character = chr(error.character) if isinstance(error.character, int) else "?"
        line, column = _text_position(text, max(text.find(character), 0))
        return None, [
            Problem(
                display,
                line,
                column,
                f"invisible control character U+{ord(character):04X} in the text (delete it;"
                " it often comes along when text is pasted from another program)",
            )
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        return None, [
            Problem(
                display,
                line,
                column,
                f"YAML syntax error: {what} (check indentation,"
                " and put quotes around text that contains ': ' or starts with a symbol)",
            )
        ]
    if node is None:  # only comments, or a lone `---`
        return None, [Problem(display, 1, 1, _COMMENTS_ONLY)]
    builder = _Builder(display)
    try:
        data = builder.build(node)
    except RecursionError:  # an alias inside the block it names: `a: &x [*x]`
        return None, [
            Problem(
                display,
                1,
                1,
                "the content refers to itself through an alias (write it out in full,"
                " without `&name` and `*name`)",
            )
        ]
    if not isinstance(data, dict):
        line, column = _mark(node)
        builder.problems.append(
            Problem(
                display,
                line,
                column,
                "the file must hold keys, not a list or a single value"
                " (write it like `id: my-lesson`)",
            )
        )
    if builder.problems:
        return None, builder.problems
    return Document(display, data, path, text.split("\n", 1)[0]), []
