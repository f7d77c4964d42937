"""The fast reading of plain YAML either declines a file or reads it exactly as PyYAML does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jiter import LosslessFloat

from bot.bank.check.fast_yaml import fast_json
from bot.bank.check.yaml_nodes import NodeBuilder, compose


def _pyyaml(raw: bytes) -> Any:
    """What the canonical reader makes of `raw`, or an exception when it finds problems."""
    node = compose(raw)
    builder = NodeBuilder("file.yaml")
    data = builder.build(node) if node is not None else None
    if builder.problems or not isinstance(data, dict):
        raise ValueError(builder.problems or "not a mapping")
    return data


def _typed(value: Any) -> Any:
    """`value` with every type spelled out: True, 1 and 1.0 must not pass for each other."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, value)


def _has_fraction(value: Any) -> bool:
    """Whether a number with a fraction is in `value`: no content field accepts one, so a
    file with one fails validation and goes to PyYAML, like a declined file."""
    if isinstance(value, dict):
        return any(_has_fraction(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_fraction(v) for v in value)
    return isinstance(value, LosslessFloat)


def _same_or_declined(raw: bytes) -> None:
    fast = fast_json(raw)
    if fast is None or _has_fraction(fast):
        return
    try:
        slow = _pyyaml(raw)
    except Exception as error:  # the fast reading must not accept what PyYAML refuses
        pytest.fail(f"fast reading accepted {raw!r}, PyYAML says: {error!r}")
    assert _typed(fast) == _typed(slow), raw


# Scalars where YAML 1.1 and 1.2, or PyYAML and rapidyaml, could disagree.
TRICKY = [
    *("yes", "Yes", "YES", "no", "No", "NO", "y", "n", "Y", "N", "on", "On", "ON"),
    *("off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE", "tRUE"),
    *("null", "Null", "NULL", "~", "", "nULL", "=", "<<", "<< x"),
    *("0", "-0", "+0", "3", "-3", "+5", "010", "08", "0o10", "0x1F", "0X1f", "0b101"),
    *("1_000", "1,000", "190:20:30", "12:30", "1:2:3.5", "3.0", "-3.0", ".5", "5.", "1e3"),
    *("1.5e3", "1.5e+3", "1.5E-3", "1_0.5", ".inf", "-.inf", "+.INF", ".nan", ".NaN"),
    *("2024-01-01", "2024-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"),
    *("2024-13-45", "20240101", "1.2.3", "v1", "3 steps", "#x", "a #b", "a#b", "a: b"),
    *("-x", ":x", "?x", "!x", "&x", "*x", "%x", "@x", "`x", "|x", ">x", "[x]", "{x}"),
    *("x, y", "it's", "a\\b", 'say "hi"', "Привет", "مرحبا", "😡 ok", "a\u00a0b"),
    *("tab\there", "nel\u0085x", "ls\u2028x", "bom\ufeffx", "\x07bell", "a  ", " a"),
]
WORDS = st.sampled_from(TRICKY) | st.text(max_size=12)
KEYS = st.sampled_from(["id", "text", "a", "b", "yes", "1", "~", "<<", "a b", "&k", "!k"])


def _quoted(text: str, style: str) -> str:
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


@st.composite
def _scalar(draw: st.DrawFn, indent: int) -> str:
    text = draw(WORDS)
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "block", "flow"]))
    if style == "block":
        head = draw(st.sampled_from(["|", "|-", "|+", ">", ">-", ">+", "|2"]))
        lines = draw(st.lists(WORDS, min_size=1, max_size=3))
        pad = " " * (indent + draw(st.sampled_from([2, 2, 3, 0])))
        return head + "".join("\n" + (pad + line if line else "") for line in lines)
    if style == "flow":
        items = draw(st.lists(st.tuples(WORDS, st.sampled_from(["plain", "single"])), max_size=3))
        return "[" + ", ".join(_quoted(t, s) for t, s in items) + "]"
    if style == "plain" and draw(st.booleans()) and text:
        more = draw(WORDS)  # a plain value that goes on on the next line
        return text + "\n" + " " * (indent + draw(st.sampled_from([2, 1, 0]))) + more
    prefix = draw(st.sampled_from(["", "", "", "&a ", "*a ", "!!str ", "!x "]))
    return prefix + _quoted(text, style)


@st.composite
def _mapping(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = _quoted(draw(KEYS), draw(st.sampled_from(["plain", "plain", "single", "double"])))
        pad = " " * (indent + draw(st.sampled_from([0, 0, 0, 0, 1])))
        kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "map", "list"]))
        if kind == "map" and depth < 2:
            lines.append(f"{pad}{key}:\n" + draw(_mapping(indent + 2, depth + 1)))
        elif kind == "list" and depth < 2:
            items = draw(st.lists(_scalar(indent + 2), min_size=1, max_size=3))
            lines.append(f"{pad}{key}:\n" + "".join(f"{pad}  - {item}\n" for item in items))
        else:
            comment = draw(st.sampled_from(["", "", " # note", "  #x"]))
            lines.append(f"{pad}{key}: {draw(_scalar(indent))}{comment}\n")
    return "".join(lines)


@given(
    _mapping(),
    st.sampled_from(["", "", "# comment\n", "---\n", "%YAML 1.1\n---\n"]),
    st.sampled_from(["", "", "...\n", "---\nx: 1\n"]),
)
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("a: 1\na: 2\n", "", "")
@example("a: &x 3\nb: *x\n", "", "")
def test_fast_reading_declines_or_agrees(body: str, head: str, tail: str) -> None:
    """Every generated document: declined, or the same data as PyYAML's reading."""
    _same_or_declined((head + body + tail).encode("utf-8"))


@given(st.binary(max_size=60))
@settings(max_examples=500, deadline=None)
def test_fast_reading_of_any_bytes_declines_or_agrees(raw: bytes) -> None:
    """Bytes that are not even text are declined, or read as PyYAML reads them."""
    _same_or_declined(b"a: " + raw)


@pytest.mark.parametrize(
    "text",
    [
        # plain values YAML 1.1 reads as true/false, nothing, numbers or dates
        "answer: yes\n",
        "answer: off\n",
        "answer: True\n",
        "why: ~\n",
        "why: Null\n",
        "minutes: 010\n",
        "minutes: 0x1F\n",
        "minutes: 1_000\n",
        "minutes: 190:20:30\n",
        "minutes: +5\n",
        "when: 2024-01-01\n",
        "x: .inf\n",
        # the same as text in quotes: PyYAML reads text, but a word list is not worth it
        "answer: 'yes'\n",
        'title: ""\n',
        # keys
        "a: 1\na: 2\n",
        "<<: {a: 1}\n",
        "? a\n: b\n",
        # tags, anchors, aliases, flow mappings
        "a: !!str 3\n",
        "a: !custom x\n",
        "a: &anchor x\nb: *anchor\n",
        "a: {b: c}\n",
        # documents and directives
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\nb: 2\n",
        "%YAML 1.1\n---\na: 1\n",
        # characters: tabs, carriage returns, controls, escapes, odd line breaks, BOM
        "a:\tb\n",
        "a: b\r\n",
        "a: b\x07\n",
        'a: "b\\tc"\n',
        "a: b\u0085c\n",
        "a: b\u2028c\n",
        "\ufeffa: b\n",
        "a: b\x80\n",
        # reserved indicators PyYAML refuses at the start of a value
        "a: @b\n",
        "a: `b\n",
        "a: %b\n",
        # not one mapping
        "- a\n- b\n",
        "just text\n",
        "# only a comment\n",
        "a: [b\n",
    ],
)
def test_doubtful_files_are_declined(text: str) -> None:
    """Each construct where the two readings could differ sends the file to PyYAML."""
    assert fast_json(text.encode("utf-8")) is None


@pytest.mark.parametrize("text", ["3.0", "1e3", "-0.5", "1.5e+3"])
def test_a_number_with_a_fraction_is_never_valid(text: str) -> None:
    """YAML 1.1 reads some of these as text: the fast reading gives something no field of the
    content accepts, so the file goes to PyYAML."""
    fast = fast_json(f"minutes: {text}\n".encode())
    assert fast is None or isinstance(fast["minutes"], LosslessFloat)


def test_invalid_utf8_is_declined() -> None:
    """Bytes that are not UTF-8 are PyYAML's to report."""
    assert fast_json(b"a: caf\xe9\n") is None


def test_plain_lesson_text_is_read_fast() -> None:
    """The YAML lessons are written in goes the fast way, with the same data."""
    raw = (
        "# yaml-language-server: $schema=../../schemas/lesson.schema.json\n"
        "id: emotion-check\n"
        "minutes: 3\n"
        "ai_literacy: true\n"
        "techniques: [emotional-language, 'fear']\n"
        "steps:\n"
        "  - id: hook\n"
        "    text: |\n"
        '      🧠 "SHOCKING!!!" Teachers are FURIOUS: why?\n'
        "\n"
        "      Привет, <b>мир</b> & more.\n"
        "    button: Why does that work?\n"
        "questions:\n"
        '  - prompt: "Say \\"yes\\" or no?"\n'
        "    answer: false\n"
        "    why: C# and 3 steps - fine\n"
    ).encode()
    fast = fast_json(raw)
    assert fast is not None
    assert _typed(fast) == _typed(_pyyaml(raw))
