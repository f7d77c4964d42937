"""PyYAML's nodes, composed with a lean resolver, and built into plain data.

The tags and plain words below are how YAML 1.1 (PyYAML's `SafeLoader`) reads untagged
values; the fast reader (`fast_yaml`) uses the same tables to know which files it may read.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from bot.bank.check.problems import Problem

Position = tuple[int, int]

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]


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


def compose(text: str | bytes) -> Node | None:
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def mark(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def key_text(node: Node) -> str | None:
    """A mapping key as the text written, or None if it is not a plain word."""
    if node.__class__ is ScalarNode and (node.tag == _STR or node.tag in _SCALARS):
        return str(node.value)
    return None


class NodeBuilder:
    """Turns nodes into plain data, noting what cannot be read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def _problem(self, node: Node, message: str) -> None:
        line, column = mark(node)
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
                key = key_text(key_node)
            if key is None:
                self._problem(
                    key_node,
                    '"<<" merge keys are not supported (write the keys out in full)'
                    if key_node.tag == _MERGE
                    else "a key must be a plain word (write it like `title:`)",
                )
            elif key in result:
                first = next(k for k, _ in node.value if key_text(k) == key)
                self._problem(
                    key_node,
                    f'duplicate key "{key}" (it is already set on line {mark(first)[0]};'
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
