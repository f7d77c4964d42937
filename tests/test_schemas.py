"""The JSON Schemas in schemas/ are the ones the models produce, and every file uses one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.check.schema import SCHEMAS, schema_text

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_published_schema_matches_the_model(name: str) -> None:
    published = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert published == schema_text(SCHEMAS[name]), "run `make schemas` and commit the result"


def test_every_bank_file_names_its_schema() -> None:
    expected = {
        "lessons": ("lesson-translation.schema.json", "lesson.schema.json"),
        "quizzes": ("quiz-pool-translation.schema.json", "quiz-pool.schema.json"),
        "quizzes/checks": ("mil-check-translation.schema.json", "mil-check.schema.json"),
    }
    wrong = []
    for folder, (translation, source) in expected.items():
        for path in sorted((REPO / folder).rglob("*.yaml")):
            if folder == "quizzes" and path.parent.name == "checks":
                continue  # the MIL check's own kind, below
            first = path.read_text(encoding="utf-8").splitlines()[0]
            schema = translation if path.stem.count(".") else source
            if not (
                first.startswith("# yaml-language-server: $schema=") and first.endswith(schema)
            ):
                wrong.append(str(path.relative_to(REPO)))
    assert wrong == []
