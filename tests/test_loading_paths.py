"""The shortcuts that make a big bank load fast give exactly what the full checks give."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.bank.check import parallel, rules
from bot.bank.check.loader import LoadResult, load_bank
from bot.bank.check.rules import fits, lesson_fields, lesson_fits, question_fields, question_fits

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "bank_corpus"
BANKS = [
    REPO,
    CORPUS / "valid",
    *sorted(path for path in (CORPUS / "broken").iterdir() if path.is_dir()),
]


def _load(folder: Path, *, share: bool) -> LoadResult:
    return load_bank(folder / "lessons", folder / "quizzes", root=folder, share=share)


def _same(one: LoadResult, other: LoadResult) -> None:
    assert one.problems == other.problems
    assert one.files == other.files
    assert list(one.bank.lessons.items()) == list(other.bank.lessons.items())
    assert list(one.bank.pools.items()) == list(other.bank.pools.items())
    assert one.bank.lesson_translations == other.bank.lesson_translations
    assert one.bank.pool_translations == other.bank.pool_translations


@pytest.mark.parametrize("folder", BANKS, ids=lambda path: path.name)
def test_two_processes_load_what_one_loads(folder: Path) -> None:
    """Shared with a second process, every bank loads exactly as in one process."""
    _same(_load(folder, share=True), _load(folder, share=False))


@pytest.mark.parametrize("folder", BANKS, ids=lambda path: path.name)
def test_the_fast_reading_loads_what_pyyaml_loads(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every bank loads the same whether plain files are read fast or all by PyYAML."""
    fast = _load(folder, share=False)
    monkeypatch.setattr(parallel, "read_fast", lambda path, reader: None)
    _same(fast, _load(folder, share=False))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("minutes: 3", "minutes: 3.0"),
        ("minutes: 3", "minutes: 1e3"),
        ("order: 1", "order: 1.0"),
        ("    answer: true", "    answer: 1.0"),
        ("theme: critical-thinking", "theme: 1.5"),
        ("id: emotion-check", "id: 2.5"),
        ("minutes: 3", "minutes: 3\nminutes: 4"),
        ("minutes: 3", "minutes: yes"),
    ],
)
def test_an_edited_lesson_loads_the_same_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    """Numbers with a fraction, duplicate keys, YAML 1.1 words: the same problems, fast or not."""
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    shutil.copytree(REPO / "quizzes", tmp_path / "quizzes")
    lesson = tmp_path / "lessons" / "critical-thinking" / "emotion-check.yaml"
    text = lesson.read_text(encoding="utf-8")
    assert old in text
    lesson.write_text(text.replace(old, new, 1), encoding="utf-8")
    fast = _load(tmp_path, share=False)
    assert fast.problems
    monkeypatch.setattr(parallel, "read_fast", lambda path, reader: None)
    _same(fast, _load(tmp_path, share=False))


def _variants(value: Any) -> Iterator[Any]:
    """`value` with one of its texts, anywhere inside it, made too long or given a tag."""
    for field in dataclasses.fields(value):
        inner = getattr(value, field.name)
        changed: list[Any] = []
        if isinstance(inner, str):
            changed = ["x" * 5000, "<b>tag</b>", "a\nb\nc\nd", inner + "<"]
        elif isinstance(inner, list):
            for i, item in enumerate(inner):
                if dataclasses.is_dataclass(item):
                    changed += [[*inner[:i], v, *inner[i + 1 :]] for v in _variants(item)]
        elif dataclasses.is_dataclass(inner):
            changed = list(_variants(inner))
        for new in changed:
            try:
                yield dataclasses.replace(value, **{field.name: new})
            except ValidationError:  # an id or a link: not a text that is checked
                continue


def test_the_quick_text_check_agrees_with_the_full_one() -> None:
    """`lesson_fits` says yes exactly when every text of `lesson_fields` fits."""
    bank = _load(REPO, share=False).bank
    checked = 0
    for lesson in bank.lessons.values():
        for variant in [lesson, *_variants(lesson)]:
            texts = list(lesson_fields(variant))
            full = all(fits(text, kind) for _, text, kind in texts)
            if any(step.picture is not None for step in variant.steps):
                # a pictured step sends the lesson to the full check (see `lesson_fits`)
                assert not lesson_fits(variant)
            else:
                assert lesson_fits(variant) == full
            checked += 1
    for pool in bank.pools.values():
        for question in pool.questions:
            for variant in [question, *_variants(question)]:
                texts = list(question_fields(variant, ()))
                assert question_fits(variant) == all(fits(t, kind) for _, t, kind in texts)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    "kind", [value for value in vars(rules).values() if isinstance(value, rules.Field)]
)
@given(text=st.text(alphabet=st.sampled_from("ab <>/\n")))
@example(text="")
def test_a_text_that_fits_has_no_problem(kind: rules.Field, text: str) -> None:
    """What `fits` lets through, the full check would have passed too."""
    text = text * (kind.limit // 40 + 1)
    if fits(text, kind):
        assert rules.check_text(text, kind) == []
