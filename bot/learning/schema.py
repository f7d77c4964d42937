"""JSON Schemas of the bank's file kinds, published in `schemas/` for editors.

Editors that speak the YAML language server (VS Code, JetBrains, Neovim) read the
`# yaml-language-server: $schema=...` line at the top of each file and then validate and
autocomplete while an educator types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.learning.content import Lesson, LessonTranslation, PoolTranslation, QuizPool

SCHEMAS: dict[str, type[BaseModel]] = {
    "lesson.schema.json": Lesson,
    "quiz-pool.schema.json": QuizPool,
    "lesson-translation.schema.json": LessonTranslation,
    "quiz-pool-translation.schema.json": PoolTranslation,
}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of one file kind, as the text stored in `schemas/`."""
    schema: dict[str, Any] = model.model_json_schema()
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
