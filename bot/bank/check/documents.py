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
from yaml.nodes import MappingNode, Node, SequenceNode

from bot.bank.check.problems import Problem
from bot.bank.check.yaml_limits import scan, too_big
from bot.bank.check.yaml_nodes import NodeBuilder, Position, compose, key_text, mark

Loc = tuple[str | int, ...]

_EMPTY = "file is empty (write its content, or delete the file)"
_COMMENTS_ONLY = "file has only comments (write its content below them, or delete the file)"


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
                node = compose(text)
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


def _index(node: Node, loc: Loc, values: dict[Loc, Position], keys: dict[Loc, Position]) -> None:
    """Record where each part stands, by the same walk `NodeBuilder.build` makes."""
    values[loc] = mark(node)
    if node.__class__ is MappingNode:
        for key_node, value_node in node.value:
            key = key_text(key_node)
            if key is None or (*loc, key) in keys:
                continue
            keys[(*loc, key)] = mark(key_node)
            _index(value_node, (*loc, key), values, keys)
    elif node.__class__ is SequenceNode:
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), values, keys)


def _byte_position(raw: bytes, offset: int) -> Position:
    start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    # columns count characters, as editors show them, not bytes
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _text_position(text: str, offset: int) -> Position:
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


class _RefusedError(Exception):
    """A file that cannot be read, with the one problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _decoded(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        raise _RefusedError(
            Problem(
                display,
                line,
                column,
                f"file is not UTF-8 (byte 0x{raw[error.start]:02x} cannot be read;"
                " save the file with UTF-8 encoding)",
            )
        ) from None


def _composed(raw: bytes, text: str, display: str) -> Node:
    try:
        node = compose(raw)  # libyaml would only encode a str back to these bytes
    except yaml.reader.ReaderError as error:
        character = chr(error.character) if isinstance(error.character, int) else "?"
        line, column = _text_position(text, max(text.find(character), 0))
        raise _RefusedError(
            Problem(
                display,
                line,
                column,
                f"invisible control character U+{ord(character):04X} in the text (delete it;"
                " it often comes along when text is pasted from another program)",
            )
        ) from None
    except yaml.MarkedYAMLError as error:
        where = error.problem_mark or error.context_mark
        line, column = (where.line + 1, where.column + 1) if where else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise _RefusedError(
            Problem(
                display,
                line,
                column,
                f"YAML syntax error: {what} (check indentation,"
                " and put quotes around text that contains ': ' or starts with a symbol)",
            )
        ) from None
    if node is None:  # only comments, or a lone `---`
        raise _RefusedError(Problem(display, 1, 1, _COMMENTS_ONLY))
    return node


def _built(node: Node, display: str) -> tuple[Any, list[Problem]]:
    builder = NodeBuilder(display)
    try:
        data = builder.build(node)
    except RecursionError:  # an alias inside the block it names: `a: &x [*x]`
        raise _RefusedError(
            Problem(
                display,
                1,
                1,
                "the content refers to itself through an alias (write it out in full,"
                " without `&name` and `*name`)",
            )
        ) from None
    if not isinstance(data, dict):
        line, column = mark(node)
        builder.problems.append(
            Problem(
                display,
                line,
                column,
                "the file must hold keys, not a list or a single value"
                " (write it like `id: my-lesson`)",
            )
        )
    return data, builder.problems


def read_document(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file; on failure, no document and the problems that stopped it.

    A file too big, too deep, or expanding to too many values is refused before it is
    built (`yaml_limits`)."""
    try:
        refusal = too_big(path, display)
        if refusal is not None:
            raise _RefusedError(refusal)
        raw = path.read_bytes()
        text = _decoded(raw, display)
        if not text.strip():
            raise _RefusedError(Problem(display, 1, 1, _EMPTY))
        refusal = scan(raw, display)
        if refusal is not None:
            raise _RefusedError(refusal)
        data, problems = _built(_composed(raw, text, display), display)
    except _RefusedError as refused:
        return None, [refused.problem]
    if problems:
        return None, problems
    return Document(display, data, path, text.split("\n", 1)[0]), []
