"""Checks that span files: unique ids, references, prerequisite cycles, translations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from bot.bank.bank import Bank
from bot.bank.check.documents import Document, Loc
from bot.bank.check.fairness import fairness_problems
from bot.bank.check.parsed import Parsed
from bot.bank.check.picture_checks import picture_folder
from bot.bank.check.prerequisites import cycles, servable
from bot.bank.check.problems import Problem
from bot.bank.check.translations import (
    at,
    hint,
    lesson_translation_problems,
    missing_text,
    question_translations,
)
from bot.bank.content import (
    Lesson,
    LessonTranslation,
    PoolTranslation,
    QuizPool,
)

MIN_REVIEW_ITEMS = 3


def _duplicates(
    entries: Sequence[tuple[str, Document, Loc]], what: str
) -> tuple[set[str], list[Problem]]:
    seen: dict[str, tuple[Document, Loc]] = {}
    dupes: set[str] = set()
    found = []
    for ident, doc, loc in entries:
        if ident in seen:
            first_doc, first_loc = seen[ident]
            line, _ = first_doc.position(first_loc)
            found.append(
                doc.problem(
                    loc,
                    f'duplicate {what} id "{ident}" (also used in'
                    f" {first_doc.path}:{line}; ids must be unique and are"
                    " never reused, so pick a new one)",
                )
            )
            dupes.add(ident)
        else:
            seen[ident] = (doc, loc)
    return dupes, found


def _duplicate_ids(
    lessons: list[Parsed[Lesson]], pools: list[Parsed[QuizPool]]
) -> tuple[set[str], set[str], list[Problem]]:
    """Lesson, pool and question ids used twice (questions share one space)."""
    dup_lessons, found = _duplicates([(i.model.id, i.doc, ("id",)) for i in lessons], "lesson")
    dup_pools, more = _duplicates([(i.model.id, i.doc, ("id",)) for i in pools], "quiz pool")
    files: list[Parsed[Lesson] | Parsed[QuizPool]] = [*lessons, *pools]
    questions = [
        (q.id, i.doc, ("questions", n, "id"))
        for i in files
        for n, q in enumerate(i.model.questions)
    ]
    _, repeated = _duplicates(questions, "question")
    return dup_lessons, dup_pools, found + more + repeated


def _reference_problems(
    by_id: dict[str, Parsed[Lesson]], pool_by_id: dict[str, Parsed[QuizPool]], flagged: set[str]
) -> tuple[list[Problem], set[str]]:
    """Prerequisites and review pools that do not exist, and the lessons that name them."""
    found: list[Problem] = []
    bad: set[str] = set()
    for item in by_id.values():
        lesson, doc = item.model, item.doc
        for n, req in enumerate(lesson.prerequisites):
            if req not in by_id and req not in flagged:
                found.append(
                    doc.problem(
                        ("prerequisites", n),
                        f'prerequisite "{req}" is not a lesson in the bank ({hint(req, by_id)})',
                    )
                )
                bad.add(lesson.id)
        if lesson.review_pool not in pool_by_id and lesson.review_pool not in flagged:
            found.append(
                doc.problem(
                    ("review_pool",),
                    f'review pool "{lesson.review_pool}" does'
                    f" not exist ({hint(lesson.review_pool, pool_by_id)})",
                )
            )
            bad.add(lesson.id)
    return found, bad


def _review_problems(
    by_id: dict[str, Parsed[Lesson]], pool_by_id: dict[str, Parsed[QuizPool]], flagged: set[str]
) -> list[Problem]:
    """Review items that name no lesson, repeat a lesson's question, or are too few."""
    found: list[Problem] = []
    lesson_prompts = {
        q.prompt.strip().casefold(): (i.model.id, q.id)
        for i in by_id.values()
        for q in i.model.questions
    }
    review_counts: dict[str, int] = {}
    for pool_item in pool_by_id.values():
        for n, question in enumerate(pool_item.model.questions):
            if question.lesson and question.lesson not in by_id and question.lesson not in flagged:
                found.append(
                    pool_item.doc.problem(
                        ("questions", n, "lesson"),
                        f'lesson "{question.lesson}" does not exist'
                        f" ({hint(question.lesson, by_id)})",
                    )
                )
            if question.lesson:
                review_counts[question.lesson] = review_counts.get(question.lesson, 0) + 1
            repeat = lesson_prompts.get(question.prompt.strip().casefold())
            if repeat:
                found.append(
                    pool_item.doc.problem(
                        ("questions", n, "prompt"),
                        f'repeats question "{repeat[1]}" of lesson "{repeat[0]}" word for word'
                        " (write a fresh example: review items test the technique, not memory)",
                    )
                )
    for item in by_id.values():
        count = review_counts.get(item.model.id, 0)
        if count < MIN_REVIEW_ITEMS:
            found.append(
                Problem(
                    *at(item.doc, ("id",)),
                    f"only {count} review question(s)"
                    f" practise this lesson in the quiz pools (write at least"
                    f" {MIN_REVIEW_ITEMS}, each with `lesson: {item.model.id}`)",
                    "warning",
                )
            )
    return found


def _pool_translation_problems(
    item: Parsed[PoolTranslation], lang: str, source: QuizPool
) -> list[Problem]:
    """Every problem of one quiz pool translation, against its English source."""
    doc = item.doc
    questions = {q.id: q for q in source.questions}
    found = question_translations(doc, ("questions",), questions, item.model.questions, lang)
    missing = [f"questions.{q}" for q in questions if q not in item.model.questions]
    return found + missing_text(doc, missing, lang)


AnyTranslation = TypeVar("AnyTranslation", LessonTranslation, PoolTranslation)
Source = TypeVar("Source", Lesson, QuizPool)


def _translations(
    items: list[tuple[Parsed[AnyTranslation], str]],
    sources: dict[str, Parsed[Source]],
    what: str,
    flagged: set[str],
    own_problems: Callable[[Parsed[AnyTranslation], str, Source], list[Problem]],
) -> tuple[dict[tuple[str, str], AnyTranslation], list[Problem]]:
    """Lesson or pool translations: the language and the source they name, then their own
    checks against that source; those with no error are kept, keyed by (source id, lang)."""
    kept: dict[tuple[str, str], AnyTranslation] = {}
    found: list[Problem] = []
    for item, lang in items:
        tr, doc = item.model, item.doc
        if tr.language != lang:
            found.append(
                doc.problem(
                    ("language",),
                    f'the file name says "{lang}" but language'
                    f' is "{tr.language}" (make them match)',
                )
            )
            continue
        source = sources.get(tr.translation_of)
        if source is None:
            if tr.translation_of not in flagged:
                found.append(
                    doc.problem(
                        ("translation_of",),
                        f'no {what} "{tr.translation_of}" to translate'
                        f" ({hint(tr.translation_of, sources)})",
                    )
                )
            continue
        own = own_problems(item, lang, source.model)
        found += own
        if not any(p.severity == "error" for p in own):
            kept[(tr.translation_of, lang)] = tr
    return kept, found


def cross_check(
    lessons: list[Parsed[Lesson]],
    pools: list[Parsed[QuizPool]],
    lesson_translations: list[tuple[Parsed[LessonTranslation], str]],
    pool_translations: list[tuple[Parsed[PoolTranslation], str]],
    broken: set[str],
    *,
    fairness: bool = False,
) -> tuple[Bank, list[Problem]]:
    """Check what spans files (with `fairness`, the item-writing rules too), and build the
    bank of everything that passed."""
    dup_lessons, dup_pools, found = _duplicate_ids(lessons, pools)
    by_id = {i.model.id: i for i in lessons if i.model.id not in dup_lessons}
    pool_by_id = {i.model.id: i for i in pools if i.model.id not in dup_pools}
    # ids whose own files already got an error: a reference to one is not an error too
    flagged = broken | dup_lessons | dup_pools
    references, bad = _reference_problems(by_id, pool_by_id, flagged)
    cycle_problems, cyclic = cycles(by_id)
    found += references + cycle_problems + _review_problems(by_id, pool_by_id, flagged)
    if fairness:
        found += [
            replace(doc.problem(loc, message), severity="warning")
            for doc, loc, message in fairness_problems(by_id.values(), pool_by_id.values())
        ]
    lesson_tr, more = _translations(
        lesson_translations, by_id, "lesson", flagged, lesson_translation_problems
    )
    pool_tr, even_more = _translations(
        pool_translations, pool_by_id, "quiz pool", flagged, _pool_translation_problems
    )
    found += more + even_more
    # a lesson whose prerequisite was dropped would wait forever: drop it too
    keep = servable({k: v.model for k, v in by_id.items()}, bad | cyclic)
    bank = Bank(
        lessons=keep,
        pools={k: v.model for k, v in pool_by_id.items()},
        lesson_translations={k: v for k, v in lesson_tr.items() if k[0] in keep},
        pool_translations=pool_tr,
        folders={
            k: folder for k, v in by_id.items() if k in keep and (folder := picture_folder(v))
        },
    )
    return bank, found
