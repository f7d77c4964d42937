"""The Bot API contract: loads ``api.json`` and checks calls and objects against it.

The spec is not part of the repository: it is read from ``$TELEGRAM_API_SPEC`` or from
``<repo>/../shared/telegram-bot-api/api.json``. Where it is absent, ``load_spec`` returns
None and the server runs without validation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SPEC_ENV = "TELEGRAM_API_SPEC"
PRIMITIVES = frozenset({"Integer", "String", "Boolean", "Float", "InputFile"})
# Words in the discriminating field's description: 'must be article', 'always "member"'.
_DISCRIMINATOR = re.compile(r'(?:must be|always)\s+["“]?([a-z0-9_]+)')
_DISCRIMINATING_FIELDS = ("type", "status", "source")
_ARRAY = "Array of "


@dataclass(frozen=True)
class Field:
    """One parameter of a method or one field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool
    description: str


@dataclass(frozen=True)
class TypeDef:
    """A type: either a record of fields or a union of subtypes."""

    name: str
    fields: Mapping[str, Field]
    subtypes: tuple[str, ...]


def default_spec_path() -> Path:
    """``<repo root>/../shared/telegram-bot-api/api.json``, beside the checkout."""
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "telegram-bot-api" / "api.json"


def spec_path(environ: Mapping[str, str]) -> Path:
    """Where the spec is read from: ``$TELEGRAM_API_SPEC`` in `environ` if set, else the
    default path (the caller, an entry point, hands its environment in)."""
    raw = environ.get(SPEC_ENV)
    return Path(raw) if raw else default_spec_path()


def load_spec(where: Path) -> Spec | None:
    """The parsed spec, or None when the file does not exist."""
    if not where.is_file():
        return None
    return Spec(json.loads(where.read_text(encoding="utf-8")))


def _fields(raw: Sequence[Mapping[str, Any]]) -> dict[str, Field]:
    return {
        f["name"]: Field(f["name"], tuple(f["types"]), bool(f["required"]), f["description"])
        for f in raw
    }


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


class Spec:
    """Methods and types of one Bot API version, with validators that return problems."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = raw.get("version", "")
        self.methods: dict[str, dict[str, Field]] = {
            name: _fields(m.get("fields", [])) for name, m in raw["methods"].items()
        }
        self.types: dict[str, TypeDef] = {
            name: TypeDef(name, _fields(t.get("fields", [])), tuple(t.get("subtypes", [])))
            for name, t in raw["types"].items()
        }

    def has_method(self, method: str) -> bool:
        """Whether the Bot API has this method (names are case-sensitive here)."""
        return method in self.methods

    def param_types(self, method: str) -> dict[str, tuple[str, ...]]:
        """Parameter name -> its spec types, for decoding form bodies."""
        return {name: f.types for name, f in self.methods.get(method, {}).items()}

    def getme_only_fields(self) -> list[str]:
        """User fields the spec says are 'Returned only in getMe'."""
        user = self.types["User"].fields
        return [n for n, f in user.items() if "returned only in getme" in f.description.lower()]

    def check_call(self, method: str, params: Mapping[str, Any]) -> list[str]:
        """Problems with a call: unknown method or parameter, missing or mistyped parameter."""
        if method not in self.methods:
            return [f"unknown method '{method}'"]
        fields = self.methods[method]
        problems = [f"{method}: unknown parameter '{k}'" for k in params if k not in fields]
        problems += [
            f"{method}: missing required parameter '{f.name}'"
            for f in fields.values()
            if f.required and f.name not in params
        ]
        for name, value in params.items():
            if name in fields:
                problems += [
                    f"{method}: {p}" for p in self._check(fields[name].types, value, name)
                ]
        return problems

    def check_object(self, type_name: str, value: object) -> list[str]:
        """Problems with an object the server produces, e.g. an Update, against its type."""
        return [f"{type_name}: {p}" for p in self._check((type_name,), value, type_name)]

    def _check(self, types: Sequence[str], value: object, path: str) -> list[str]:
        """Problems with a value of one of several types; the closest type's problems win."""
        best: list[str] | None = None
        for type_name in types:
            problems = self._check_one(type_name, value, path)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = problems
        shape_mismatch = all(
            self._shape_matches(t, value) is False for t in types
        )  # no candidate even has the right JSON shape: say so in one line
        if shape_mismatch or best is None:
            return [f"{path}: expected {' or '.join(types)}, got {_kind(value)}"]
        return best

    def _shape_matches(self, type_name: str, value: object) -> bool:
        if type_name.startswith(_ARRAY):
            return isinstance(value, list)
        if type_name in PRIMITIVES:
            return not self._check_primitive(type_name, value)
        typedef = self.types.get(type_name)
        if typedef is not None and typedef.subtypes:
            return any(self._shape_matches(s, value) for s in typedef.subtypes)
        return isinstance(value, dict)

    @staticmethod
    def _check_primitive(type_name: str, value: object) -> bool:
        """True when the value is NOT of the primitive type."""
        if type_name == "Integer":
            return not isinstance(value, int) or isinstance(value, bool)
        if type_name == "Float":
            return not isinstance(value, int | float) or isinstance(value, bool)
        if type_name == "Boolean":
            return not isinstance(value, bool)
        return not isinstance(value, str)  # String, and InputFile passed by id or URL

    def _check_one(self, type_name: str, value: object, path: str) -> list[str]:
        if type_name.startswith(_ARRAY):
            if not isinstance(value, list):
                return [f"{path}: expected {type_name}, got {_kind(value)}"]
            item_type = type_name[len(_ARRAY) :]
            return [
                p
                for i, v in enumerate(value)
                for p in self._check((item_type,), v, f"{path}[{i}]")
            ]
        if type_name in PRIMITIVES:
            bad = self._check_primitive(type_name, value)
            return [f"{path}: expected {type_name}, got {_kind(value)}"] if bad else []
        typedef = self.types.get(type_name)
        if typedef is None:
            return [f"{path}: type {type_name} is not in the spec"]
        if typedef.subtypes:
            return self._check_union(typedef, value, path)
        if not isinstance(value, dict):
            return [f"{path}: expected {type_name}, got {_kind(value)}"]
        problems = [
            f"{path}: unknown field '{k}' in {type_name}" for k in value if k not in typedef.fields
        ]
        for f in typedef.fields.values():
            if f.name in value:
                problems += self._check(f.types, value[f.name], f"{path}.{f.name}")
            elif f.required:
                problems.append(f"{path}: missing required field '{f.name}' of {type_name}")
        return problems

    def _check_union(self, typedef: TypeDef, value: object, path: str) -> list[str]:
        candidates = list(typedef.subtypes)
        if isinstance(value, dict):
            for key in _DISCRIMINATING_FIELDS:
                tagged = {s: self._tag(s, key) for s in candidates}
                if key in value and any(tagged.values()):
                    candidates = [s for s, tag in tagged.items() if tag == value[key]]
                    if not candidates:
                        return [f"{path}.{key}: {value[key]!r} is not a kind of {typedef.name}"]
                    break
        return self._check(candidates, value, path)

    def _tag(self, subtype: str, key: str) -> str | None:
        typedef = self.types.get(subtype)
        field = typedef.fields.get(key) if typedef is not None else None
        match = _DISCRIMINATOR.search(field.description) if field is not None else None
        return match.group(1) if match else None


# Parameters that are integers when no spec says so (form bodies carry only strings).
_INTEGER_PARAMS = frozenset(
    {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"}
)


def decode_form(
    fields: Mapping[str, str], types: Mapping[str, tuple[str, ...]] | None
) -> dict[str, Any]:
    """Turn form fields into values: PTB JSON-encodes every non-string parameter."""
    return {name: _decode(name, raw, (types or {}).get(name)) for name, raw in fields.items()}


def _decode(name: str, raw: str, types: tuple[str, ...] | None) -> Any:
    if types is None:
        looks_json = raw[:1] in ("[", "{") or raw in ("true", "false")
        looks_int = name in _INTEGER_PARAMS and re.fullmatch(r"-?\d+", raw) is not None
        return _loads_or(raw) if looks_json or looks_int else raw
    if types == ("String",) or "InputFile" in types:
        return raw
    value = _loads_or(raw)
    is_integer = isinstance(value, int) and not isinstance(value, bool)
    if "String" in types and not is_integer:  # chat_id: 123 or "@channel"
        return raw
    return value


def _loads_or(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw
