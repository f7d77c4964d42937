"""JSON Schemas of the bank's file kinds, published in `schemas/` for editors.

Editors that speak the YAML language server (VS Code, JetBrains, Neovim) read the
`# yaml-language-server: $schema=...` line at the top of each file and then validate and
autocomplete while an educator types.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from bot.bank import content, mil_check
from bot.bank.content import LESSON, LESSON_TRANSLATION, POOL_TRANSLATION, QUIZ_POOL
from bot.bank.cues import CUE_FILE
from bot.bank.mil_check import CHECK_TRANSLATION, MIL_CHECK

SCHEMAS: dict[str, TypeAdapter[Any]] = {
    "lesson.schema.json": LESSON,
    "quiz-pool.schema.json": QUIZ_POOL,
    "lesson-translation.schema.json": LESSON_TRANSLATION,
    "quiz-pool-translation.schema.json": POOL_TRANSLATION,
    "cues.schema.json": CUE_FILE,
    "mil-check.schema.json": MIL_CHECK,
    "mil-check-translation.schema.json": CHECK_TRANSLATION,
}


def schema_text(model: TypeAdapter[Any]) -> str:
    """The JSON Schema of one file kind, as the text stored in `schemas/`."""
    schema: dict[str, Any] = model.json_schema()
    for part in (schema, *schema.get("$defs", {}).values()):
        _in_field_order(part)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


def _in_field_order(schema: dict[str, Any]) -> None:
    """List a class's keys in the order they are written in the class, as editors show them.

    Pydantic puts the fields whose default is made fresh for each instance (empty lists and
    mappings) first in a dataclass's schema.
    """
    title = schema.get("title", "")
    kind = getattr(content, title, None) or getattr(mil_check, title, None)
    if not dataclasses.is_dataclass(kind) or "properties" not in schema:
        return
    properties = schema["properties"]
    schema["properties"] = {
        f.name: properties[f.name] for f in dataclasses.fields(kind) if f.name in properties
    }
