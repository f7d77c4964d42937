"""Checks that span files: unique ids, references, prerequisite cycles, translations."""

from __future__ import annotations

from collections.abc import Sequence

from bot.bank.bank import Bank
from bot.bank.check.documents import Document, Loc
from bot.bank.check.parsed import Parsed
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


def _cycles(lessons: dict[str, Parsed[Lesson]]) -> tuple[list[Problem], set[str]]:
    """Each prerequisite cycle once, and every lesson on one.

    A depth-first walk with its own stack: prerequisite chains in a big bank run deeper
    than Python's recursion limit.
    """
    found = []
    members: set[str] = set()
    done: set[str] = set()
    reported: set[frozenset[str]] = set()
    for start in lessons:
        if start in done:
            continue
        path = [start]  # the lessons being visited, each requiring the next
        on_path = {start: 0}
        stack = [(start, iter(enumerate(lessons[start].model.prerequisites)))]
        while stack:
            lesson_id, todo = stack[-1]
            step = next(todo, None)
            if step is None:
                stack.pop()
                path.pop()
                del on_path[lesson_id]
                done.add(lesson_id)
                continue
            i, req = step
            if req not in lessons or req in done:
                continue
            if req in on_path:
                cycle = [*path[on_path[req] :], req]
                key = frozenset(cycle)
                members.update(cycle)
                if key not in reported:
                    reported.add(key)
                    found.append(
                        lessons[lesson_id].doc.problem(
                            ("prerequisites", i),
                            "prerequisite cycle: "
                            + _chain(cycle)
                            + " (a lesson cannot require itself;"
                            " remove one of these prerequisites)",
                        )
                    )
                continue
            on_path[req] = len(path)
            path.append(req)
            stack.append((req, iter(enumerate(lessons[req].model.prerequisites))))
    return found, members


def _chain(cycle: list[str]) -> str:
    """`a -> b -> a`; a long cycle shortened to its ends, where the reported step is."""
    if len(cycle) <= 8:
        return " -> ".join(cycle)
    return " -> ".join([*cycle[:3], f"({len(cycle) - 5} more)", *cycle[-2:]])


def _servable(lessons: dict[str, Lesson], dropped: set[str]) -> dict[str, Lesson]:
    """The lessons left once `dropped` goes, with every lesson that waits on one of them."""
    needed_by: dict[str, list[str]] = {}
    for lesson in lessons.values():
        for req in lesson.prerequisites:
            needed_by.setdefault(req, []).append(lesson.id)
    gone = set(dropped)
    todo = [
        lesson.id
        for lesson in lessons.values()
        if lesson.id in dropped or any(req not in lessons for req in lesson.prerequisites)
    ]
    while todo:
        lesson_id = todo.pop()
        gone.add(lesson_id)
        todo.extend(other for other in needed_by.get(lesson_id, ()) if other not in gone)
    return {k: v for k, v in lessons.items() if k not in gone}


def cross_check(
    lessons: list[Parsed[Lesson]],
    pools: list[Parsed[QuizPool]],
    lesson_translations: list[tuple[Parsed[LessonTranslation], str]],
    pool_translations: list[tuple[Parsed[PoolTranslation], str]],
    broken: set[str],
) -> tuple[Bank, list[Problem]]:
    """Check what spans files, and build the bank of everything that passed."""
    found: list[Problem] = []
    dup_lessons, more = _duplicates([(i.model.id, i.doc, ("id",)) for i in lessons], "lesson")
    found += more
    dup_pools, more = _duplicates([(i.model.id, i.doc, ("id",)) for i in pools], "quiz pool")
    found += more
    question_entries = [
        (q.id, i.doc, ("questions", n, "id"))
        for i in lessons
        for n, q in enumerate(i.model.questions)
    ]
    question_entries += [
        (q.id, i.doc, ("questions", n, "id"))
        for i in pools
        for n, q in enumerate(i.model.questions)
    ]
    _, more = _duplicates(question_entries, "question")
    found += more

    by_id = {i.model.id: i for i in lessons if i.model.id not in dup_lessons}
    pool_by_id = {i.model.id: i for i in pools if i.model.id not in dup_pools}
    # ids whose own files already got an error: a reference to one is not an error too
    flagged = broken | dup_lessons | dup_pools
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
    cycles, cyclic = _cycles(by_id)
    found += cycles
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

    lesson_prompts = {
        q.prompt.strip().casefold(): (i.model.id, q.id)
        for i in by_id.values()
        for q in i.model.questions
    }
    review_counts: dict[str, int] = {}
    for pool_item in pool_by_id.values():
        for n, question in enumerate(pool_item.model.questions):
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

    lesson_tr: dict[tuple[str, str], LessonTranslation] = {}
    for tr_item, lang in lesson_translations:
        tr, doc = tr_item.model, tr_item.doc
        if tr.language != lang:
            found.append(
                doc.problem(
                    ("language",),
                    f'the file name says "{lang}" but language'
                    f' is "{tr.language}" (make them match)',
                )
            )
            continue
        source_item = by_id.get(tr.translation_of)
        if source_item is None:
            if tr.translation_of not in flagged:
                found.append(
                    doc.problem(
                        ("translation_of",),
                        f'no lesson "{tr.translation_of}"'
                        f" to translate ({hint(tr.translation_of, by_id)})",
                    )
                )
            continue
        own = lesson_translation_problems(tr_item, lang, source_item.model)
        found += own
        if not any(p.severity == "error" for p in own):
            lesson_tr[(tr.translation_of, lang)] = tr
    pool_tr: dict[tuple[str, str], PoolTranslation] = {}
    for ptr_item, lang in pool_translations:
        ptr, doc = ptr_item.model, ptr_item.doc
        pool_source = pool_by_id.get(ptr.translation_of)
        if ptr.language != lang:
            found.append(
                doc.problem(
                    ("language",),
                    f'the file name says "{lang}" but language'
                    f' is "{ptr.language}" (make them match)',
                )
            )
            continue
        if pool_source is None:
            if ptr.translation_of not in flagged:
                found.append(
                    doc.problem(
                        ("translation_of",),
                        f"no quiz pool"
                        f' "{ptr.translation_of}" to translate'
                        f" ({hint(ptr.translation_of, pool_by_id)})",
                    )
                )
            continue
        questions = {q.id: q for q in pool_source.model.questions}
        own = question_translations(doc, ("questions",), questions, ptr.questions, lang)
        missing = [f"questions.{q}" for q in questions if q not in ptr.questions]
        own += missing_text(doc, missing, lang)
        found += own
        if not any(p.severity == "error" for p in own):
            pool_tr[(ptr.translation_of, lang)] = ptr

    # a lesson whose prerequisite was dropped would wait forever: drop it too
    keep = _servable({k: v.model for k, v in by_id.items()}, bad | cyclic)
    bank = Bank(
        lessons=keep,
        pools={k: v.model for k, v in pool_by_id.items()},
        lesson_translations={k: v for k, v in lesson_tr.items() if k[0] in keep},
        pool_translations=pool_tr,
    )
    return bank, found
