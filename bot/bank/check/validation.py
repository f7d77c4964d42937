"""Turn pydantic's validation errors into problems an educator can act on."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, Union

from pydantic import ValidationError

from bot.bank.check.documents import Document, Loc
from bot.bank.check.problems import Problem
from bot.bank.content import SeveralCorrect, SingleChoice, TrueFalse
from bot.bank.cues import TECHNIQUES
from bot.bank.limits import MAX_ID_LENGTH
from bot.bank.themes import THEMES

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_KINDS: dict[str, type] = {
    "single": SingleChoice,
    "true-false": TrueFalse,
    "multiple": SeveralCorrect,
}


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ""


def _fields(kind: Any) -> dict[str, Any]:
    """The keys a content class allows, with their annotations; empty for other types."""
    fields = getattr(kind, "__pydantic_fields__", None) if isinstance(kind, type) else None
    return {name: info.annotation for name, info in (fields or {}).items()}


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, Optional, lists, dicts)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(root: type, loc: Loc, data: Any) -> type | None:
    """The model class that describes the mapping found at `loc` in `data`."""
    current: Any = root
    for part in loc:
        candidates = _unwrap(current)
        chosen: Any = None
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(part, int) and origin is list:
                chosen = typing.get_args(candidate)[0]
            elif isinstance(part, str) and origin is dict:
                chosen = typing.get_args(candidate)[1]
            elif isinstance(part, str) and part in _fields(candidate):
                chosen = _fields(candidate)[part]
        if chosen is None:
            return None
        current = chosen
        data = (
            data.get(part)
            if isinstance(data, dict)
            else (
                data[part]
                if isinstance(data, list) and isinstance(part, int) and part < len(data)
                else None
            )
        )
        models = [c for c in _unwrap(current) if isinstance(c, type)]
        if len(models) > 1 and isinstance(data, dict) and data.get("kind") in _KINDS:
            current = _KINDS[data["kind"]]
    models = [c for c in _unwrap(current) if _fields(c)]
    if len(models) == 1:
        return models[0]
    return None


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Drop the union tags pydantic inserts (`questions.0.single.prompt`)."""
    cleaned: list[str | int] = []
    for part in loc:
        if (
            isinstance(part, str)
            and part in _KINDS
            and not (isinstance(data, dict) and part in data)
        ):
            continue
        cleaned.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(cleaned)


_WANTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "keys and values",
    "model_type": "keys and values",
    "dataclass_type": "keys and values",
}
_GOT = {
    str: "text",
    int: "a number",
    bool: "true/false",
    dict: "keys",
    list: "a list",
    float: "a decimal number",
}


def _type_message(kind: str, name: str, value: Any) -> str:
    """`"minutes" should be a whole number, not text (remove the quotes)` and its kin."""
    got = "nothing" if value is None else _GOT.get(type(value), type(value).__name__)
    text = value.strip().lower() if isinstance(value, str) else None
    quoted_number = kind == "int_type" and text is not None and text.lstrip("+-").isdigit()
    quoted_bool = kind == "bool_type" and text in ("true", "false")
    if kind == "string_type" and not isinstance(value, str | list | dict | None):
        fix = "put the value in quotes"
    elif quoted_number or quoted_bool:
        fix = "remove the quotes"
    elif kind == "int_type":
        fix = "write a number, like 3"
    elif kind == "bool_type":
        fix = "write true or false"
    elif kind == "list_type":
        fix = "write each item on its own line starting with `- `, or in brackets: [a, b]"
    elif kind in ("dict_type", "model_type", "dataclass_type"):
        fix = "write `key: value` lines, indented under this one"
    else:
        fix = "write some text"
    return f'"{name}" should be {_WANTED[kind]}, not {got} ({fix})'


def _id_fix(value: str) -> str:
    """How to turn `value` into an id, with the id it most likely meant."""
    slug = _NOT_SLUG.sub("-", value.lower()).strip("-")
    rule = "use lowercase letters, digits and single hyphens"
    return f'{rule}: "{slug}"' if slug else f'{rule}, like "emotion-check"'


def _name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "value"


def _message(error: Any, loc: Loc, root: type, data: Any) -> tuple[str, bool]:
    """The message for one pydantic error, and whether it points at the key."""
    kind = error["type"]
    name = _name(loc)
    value = error.get("input")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        model = _model_at(root, loc[:-1], data)
        hint = _suggest(str(loc[-1]), _fields(model)) if model else ""
        allowed = ", ".join(_fields(model)) if model else ""
        fix = hint or (f"allowed keys here: {allowed}" if allowed else "remove it")
        return f'unknown key "{loc[-1]}" ({fix})', True
    if kind == "missing":
        where = "at the top level" if len(loc) == 1 else "to the block that starts here"
        return f'missing key "{name}" (add `{name}:` {where})', False
    if kind == "union_tag_not_found":
        return (
            'missing key "kind" (add `kind: single`, `kind: true-false` or `kind: multiple`)',
            False,
        )
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", value)
        hint = _suggest(str(tag), _KINDS) or "use single, true-false or multiple"
        return f'unknown question kind "{tag}" ({hint})', False
    if kind == "string_pattern_mismatch":
        if name in ("url", "image"):
            return (
                f'"{name}" must be a full https:// link, not "{value}"'
                " (write the address starting with https://)",
                False,
            )
        if name == "language" or (loc and loc[0] == "language"):
            return (
                f'"{value}" is not a language tag (write one like pt, ru or sr-Latn)',
                False,
            )
        return f'"{value}" is not a valid id ({_id_fix(str(value))})', False
    if kind == "string_too_long" and isinstance(value, str):
        return (
            f'id "{value}" is {len(value)} characters long (shorten it to at most'
            f" {MAX_ID_LENGTH}: ids end up in button data, which Telegram caps at 64 bytes)",
            False,
        )
    if kind == "string_too_short":
        return f'"{name}" is empty (write some text, or remove the key)', False
    if kind == "enum":
        what, choices = ("technique", TECHNIQUES) if name == "technique" else ("theme", THEMES)
        hint = _suggest(str(value), choices) or "use one of: " + ", ".join(choices)
        return f'unknown {what} "{value}" ({hint})', False
    if kind in _WANTED:
        return _type_message(kind, name, value), False
    ctx = error.get("ctx", {})
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f'"{name}" needs at least {least} item{"s" * (least != 1)} (add one)', False
    if kind == "greater_than_equal":
        return f'"{name}" is {value}, less than {ctx["ge"]} (write {ctx["ge"]} or more)', False
    if kind == "less_than_equal":
        return f'"{name}" is {value}, more than {ctx["le"]} (write {ctx["le"]} or less)', False
    return f'"{name}": {error["msg"]}', False


def problems_from(error: ValidationError, root: type, doc: Document) -> list[Problem]:
    """One problem per pydantic error, at the line and column it concerns."""
    problems = []
    for item in error.errors():
        loc = _clean_loc(item["loc"], doc.data)
        if item["type"] == "union_tag_invalid":
            loc = (*loc, "kind")
        message, at_key = _message(item, loc, root, doc.data)
        problems.append(doc.problem(loc, message, key=at_key))
    return problems
