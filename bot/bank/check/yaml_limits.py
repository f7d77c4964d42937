"""Limits on what a lesson file may make the reader do: its size, its depth, and the
number of values it holds once aliases are expanded.

A "billion laughs" file (nine anchors, each a list of nine aliases of the one before) is
a few hundred bytes that expand to a billion values: building it runs for minutes and
grows past the machine's memory. Before a file is built, `scan` walks its parser events
once, a stream that never expands anything, keeping the size each anchor would expand
to; it stops at the first limit passed and says where. The largest shipped file is 11 KB,
5 levels deep, with 377 values: the limits leave a hundred times that room.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from bot.bank.check.problems import Problem

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 32
MAX_VALUES = 50_000


def too_big(path: Path, display: str) -> Problem | None:
    """A file over `MAX_FILE_BYTES`, said before a byte of it is read."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it reports the problem
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        display,
        1,
        1,
        f"file is {size / (1 << 20):.1f} MB, more than a lesson file may be"
        f" ({MAX_FILE_BYTES >> 20} MB; split it, or remove what does not belong in it)",
    )


_INDENTED_DEEPER = re.compile(rb"(?:^|\n) {%d}" % (MAX_DEPTH + 1))


def deeper_than_fast_reading(raw: bytes) -> bool:
    """Whether a file may nest deeper than `MAX_DEPTH`, by a bound cheap enough for every
    file: each block level indents at least one more space, and each flow level opens a
    bracket or a brace."""
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
        return True
    return _INDENTED_DEEPER.search(raw) is not None


def scan(raw: bytes, display: str) -> Problem | None:
    """The first limit the file passes, if any, with its line and column; a file PyYAML
    cannot parse passes (the reader reports its syntax error)."""
    parser = _Parser(raw)
    open_sizes: list[int] = []  # the size so far of each collection still open
    anchors: list[str | None] = []
    expanded: dict[str, int] = {}
    total = 0
    try:
        while (event := parser.get_event()) is not None:
            kind = event.__class__
            anchor: str | None = getattr(event, "anchor", None)  # node events have one
            if kind is ScalarEvent or kind is AliasEvent:
                size = expanded.get(anchor or "", 1) if kind is AliasEvent else 1
                if kind is ScalarEvent and anchor:
                    expanded[anchor] = 1
                total += size
                if open_sizes:
                    open_sizes[-1] += size
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                total += 1
                open_sizes.append(1)
                anchors.append(anchor)
                if len(open_sizes) > MAX_DEPTH:
                    return _at(display, event, _too_deep())
            elif issubclass(kind, CollectionEndEvent):
                size, named = open_sizes.pop(), anchors.pop()
                if named:
                    expanded[named] = size
                if open_sizes:
                    open_sizes[-1] += size
            if total > MAX_VALUES:
                return _at(
                    display,
                    event,
                    f"more than {MAX_VALUES:,} values once its aliases are expanded (a lesson"
                    " holds a few hundred; write the content out without `&name` and `*name`)",
                )
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error.problem):  # libyaml's own limit, met first
            mark = error.problem_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            return Problem(display, line, column, _too_deep())
        return None
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


def _too_deep() -> str:
    return (
        f"nested more than {MAX_DEPTH} levels deep (a lesson needs a few; check the indentation)"
    )


def _at(display: str, event: yaml.Event, message: str) -> Problem:
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(display, line, column, message)
