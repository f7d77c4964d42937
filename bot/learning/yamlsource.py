"""Read a YAML file into plain data plus the line and column of every key and value.

PyYAML's composer gives nodes with positions; walking them ourselves, instead of letting
`safe_load` build the data, lets every later check point at the exact line an educator
has to fix. It also catches duplicate keys, which `safe_load` silently merges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.learning.problems import Problem

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """A parsed file: its data and where each part of it stands."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    text: str = ""

    def position(self, loc: Loc) -> Position:
        """The position of the value at `loc`, or of its nearest parent that exists."""
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def key_position(self, loc: Loc) -> Position:
        """The position of the key that names `loc` (its value's, for list items)."""
        return self.keys.get(loc) or self.position(loc)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A problem at the value (or the key) found at `loc`."""
        line, column = self.key_position(loc) if key else self.position(loc)
        return Problem(self.path, line, column, message)


def _mark(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _build(node: yaml.Node, loc: Loc, doc: Document, problems: list[Problem]) -> Any:
    doc.values[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node)
            if not isinstance(key, str | int):
                line, column = _mark(key_node)
                problems.append(Problem(doc.path, line, column, "a key must be a plain word"))
                continue
            if key in result:
                line, column = _mark(key_node)
                first = doc.keys[(*loc, key)]
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        column,
                        f'duplicate key "{key}" (it is already set on line {first[0]};'
                        " keep one of them)",
                    )
                )
                continue
            doc.keys[(*loc, key)] = _mark(key_node)
            result[key] = _build(value_node, (*loc, key), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), doc, problems) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node)


def _byte_position(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def read_document(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file; on failure, no document and the problems that stopped it."""
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
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Problem(display, 1, 1, "file is empty (write the lesson's keys here)")]
    doc = Document(display, None, text=text)
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
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
    if node is None:
        return None, [Problem(display, 1, 1, "file is empty (write the lesson's keys here)")]
    doc.data = _build(node, (), doc, problems)
    if not isinstance(doc.data, dict):
        line, column = _mark(node)
        problems.append(
            Problem(display, line, column, "expected keys at the top level, like `id: my-lesson`")
        )
    if problems:
        return None, problems
    return doc, []
