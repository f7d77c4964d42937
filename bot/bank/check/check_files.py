"""The MIL check's files (`quizzes/checks/`): each file's form rules, and its translations.

A form is 8 real and 8 manipulative posts; both forms use the same mix of techniques, each
one a lesson teaches, so form A before and form B after measure the same skills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from bot.bank.check.documents import Document, Loc, read_document
from bot.bank.check.problems import Problem
from bot.bank.check.validation import problems_from
from bot.bank.mil_check import (
    CHECK_TRANSLATION,
    FORMS,
    MIL_CHECK,
    PER_KIND,
    CheckTranslation,
    MilCheck,
)

CHECK_SCHEMA = "../../schemas/mil-check.schema.json"
TRANSLATION_SCHEMA = "../../schemas/mil-check-translation.schema.json"
POST_LIMIT = 600
EXPLANATION_LIMIT = 400
Checks = dict[str, MilCheck]
CheckTexts = dict[tuple[str, str], CheckTranslation]


_SCHEMA_LINE = "# yaml-language-server: $schema="


def _read(
    path: Path, display: str, model: type, adapter: object, schema: str
) -> tuple[object | None, Document | None, list[Problem]]:
    doc, found = read_document(path, display)
    if doc is None:
        return None, None, found
    if not doc.first_line.startswith(_SCHEMA_LINE):
        found.append(
            Problem(
                doc.path,
                1,
                1,
                f"no schema line (start the file with `{_SCHEMA_LINE}{schema}` so editors"
                " check it as you type)",
                "warning",
            )
        )
    try:
        parsed = adapter.validate_python(doc.data)  # type: ignore[attr-defined]
    except ValidationError as error:
        return None, doc, [*found, *problems_from(error, model, doc)]
    return parsed, doc, found


def _length(doc: Document, loc: Loc, text: str, label: str, limit: int) -> list[Problem]:
    if len(text) <= limit:
        return []
    return [
        doc.problem(
            loc,
            f"{label} is {len(text)} characters long (keep it to {limit} or fewer;"
            f" shorten it by {len(text) - limit})",
        )
    ]


def form_problems(check: MilCheck, doc: Document, techniques: frozenset[str]) -> list[Problem]:
    """A check's own rules: forms a and b, 8/8 each, the same techniques, taught ones."""
    found: list[Problem] = []
    names = [form.form for form in check.forms]
    if sorted(names) != sorted(FORMS):
        found.append(
            doc.problem(("forms",), f"forms are {names}; write exactly one form a and one form b")
        )
    seen: set[str] = set()
    mixes: dict[str, Counter[str]] = {}
    for f, form in enumerate(check.forms):
        real = [item for item in form.items if not item.manipulative]
        tricks = [item for item in form.items if item.manipulative]
        if len(real) != PER_KIND or len(tricks) != PER_KIND:
            found.append(
                doc.problem(
                    ("forms", f, "items"),
                    f"form {form.form} has {len(real)} real and {len(tricks)} manipulative"
                    f" posts (write {PER_KIND} of each)",
                )
            )
        for i, item in enumerate(form.items):
            at: Loc = ("forms", f, "items", i)
            if item.id in seen:
                found.append(doc.problem((*at, "id"), f'item id "{item.id}" is used twice'))
            seen.add(item.id)
            if item.manipulative and item.technique is None:
                found.append(
                    doc.problem(at, "a manipulative post needs its technique (add `technique:`)")
                )
            if not item.manipulative and item.technique is not None:
                found.append(
                    doc.problem(
                        (*at, "technique"), "a real post uses no technique (remove `technique:`)"
                    )
                )
            if item.technique is not None and item.technique not in techniques:
                found.append(
                    doc.problem(
                        (*at, "technique"),
                        f'no lesson teaches "{item.technique}" (use a technique a lesson lists)',
                    )
                )
            found += _length(doc, (*at, "post"), item.post, "post", POST_LIMIT)
            found += _length(
                doc, (*at, "explanation"), item.explanation, "explanation", EXPLANATION_LIMIT
            )
        mixes[form.form] = Counter(t.technique for t in tricks if t.technique)
    if len(mixes) == len(FORMS) and mixes[FORMS[0]] != mixes[FORMS[1]]:
        only_a = sorted((mixes["a"] - mixes["b"]).elements())
        only_b = sorted((mixes["b"] - mixes["a"]).elements())
        found.append(
            doc.problem(
                ("forms",),
                f"the forms use different techniques (only in a: {only_a}; only in b: {only_b});"
                " give both forms the same mix",
            )
        )
    return found


def _translation_problems(
    tr: CheckTranslation, doc: Document, lang: str, checks: Checks
) -> list[Problem]:
    if tr.language != lang:
        return [
            doc.problem(
                ("language",),
                f'the file name says "{lang}" but language is "{tr.language}" (make them match)',
            )
        ]
    source = checks.get(tr.translation_of)
    if source is None:
        return [
            doc.problem(("translation_of",), f'no MIL check "{tr.translation_of}" to translate')
        ]
    items = {item.id: item for form in source.forms for item in form.items}
    found = [
        doc.problem(
            ("items", key), f'no item "{key}" in {tr.translation_of} (check the id)', key=True
        )
        for key in tr.items
        if key not in items
    ]
    for key, text in tr.items.items():
        if text.post:
            found += _length(doc, ("items", key, "post"), text.post, "post", POST_LIMIT)
        if text.explanation:
            found += _length(
                doc,
                ("items", key, "explanation"),
                text.explanation,
                "explanation",
                EXPLANATION_LIMIT,
            )
    missing = [key for key in items if key not in tr.items]
    if missing:
        found.append(
            Problem(
                doc.path,
                1,
                1,
                f"no {lang} text for {', '.join(missing)} (translate them)",
                "warning",
            )
        )
    return found


def load_checks(
    files: list[Path],
    translations: list[tuple[Path, str]],
    techniques: frozenset[str],
    name_of: Callable[[Path], str],
) -> tuple[Checks, CheckTexts, list[Problem]]:
    """Every valid check file and translation, and every problem found in them."""
    checks: Checks = {}
    texts: CheckTexts = {}
    found: list[Problem] = []
    for path in files:
        check, doc, problems = _read(path, name_of(path), MilCheck, MIL_CHECK, CHECK_SCHEMA)
        found += problems
        if not isinstance(check, MilCheck) or doc is None:
            continue
        own = form_problems(check, doc, techniques)
        if check.id != path.stem:
            own.append(
                doc.problem(
                    ("id",),
                    f'the file is named "{path.stem}.yaml" but the id is "{check.id}"'
                    " (make them match)",
                )
            )
        found += own
        if not own:
            checks[check.id] = check
    for path, lang in translations:
        tr, doc, problems = _read(
            path, name_of(path), CheckTranslation, CHECK_TRANSLATION, TRANSLATION_SCHEMA
        )
        found += problems
        if not isinstance(tr, CheckTranslation) or doc is None:
            continue
        own = _translation_problems(tr, doc, lang, checks)
        found += own
        if not any(p.severity == "error" for p in own):
            texts[(tr.translation_of, lang)] = tr
    return checks, texts, found
