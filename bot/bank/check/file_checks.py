"""A lesson's or a quiz pool's own checks, beyond its schema: names, counts, answer keys."""

from __future__ import annotations

from collections.abc import Iterable

from bot.bank.check.documents import Document, Loc
from bot.bank.check.parsed import Parsed
from bot.bank.check.picture_checks import picture_problems
from bot.bank.check.problems import Problem
from bot.bank.check.rules import (
    Field,
    answer_key_problems,
    check_text,
    lesson_fields,
    lesson_fits,
    question_fields,
    question_fits,
)
from bot.bank.content import Lesson, QuizPool


def _text_problems(doc: Document, fields: Iterable[tuple[Loc, str, Field]]) -> list[Problem]:
    return [
        doc.problem(loc, message)
        for loc, text, kind in fields
        for message in check_text(text, kind)
    ]


def lesson_problems(item: Parsed[Lesson], folder: str | None, stem: str) -> list[Problem]:
    """Problems of one lesson file that its schema cannot see."""
    lesson, doc = item.model, item.doc
    found = [] if lesson_fits(lesson) else _text_problems(doc, lesson_fields(lesson))
    found += picture_problems(item)
    if stem != lesson.id:
        found.append(
            doc.problem(
                ("id",),
                f'the file is named "{stem}.yaml" but the lesson id'
                f' is "{lesson.id}" (rename the file to {lesson.id}.yaml)',
            )
        )
    if folder is None:
        found.append(
            doc.problem(
                ("theme",),
                f"lesson files go in a theme folder (move it to lessons/{lesson.theme}/)",
            )
        )
    elif folder != lesson.theme:
        found.append(
            doc.problem(
                ("theme",),
                f'this lesson is in the folder "{folder}" but its'
                f' theme is "{lesson.theme}" (move the file or fix the theme)',
            )
        )
    count = len(lesson.questions)
    if not 2 <= count <= 4:
        fix = "write another one" if count < 2 else "move the extra ones to the quiz pool"
        found.append(
            doc.problem(
                ("questions",),
                f"a lesson needs 2-4 practice questions, this one has {count} ({fix})",
            )
        )
    for i, question in enumerate(lesson.questions):
        for loc, message in answer_key_problems(question):
            found.append(doc.problem(("questions", i, *loc), message))
        if question.lesson is not None:
            found.append(
                doc.problem(
                    ("questions", i, "lesson"),
                    '"lesson" is only for quiz pool items (remove it here)',
                    key=True,
                )
            )
    ids = [step.id for step in lesson.steps]
    for i, step_id in enumerate(ids):
        if step_id in ids[:i]:
            found.append(
                doc.problem(
                    ("steps", i, "id"),
                    f'step id "{step_id}" is used twice in'
                    " this lesson (give each step its own id)",
                )
            )
    return found


def pool_problems(item: Parsed[QuizPool], stem: str) -> list[Problem]:
    """Problems of one quiz pool file that its schema cannot see."""
    pool, doc = item.model, item.doc
    found = []
    if stem != pool.id:
        found.append(
            doc.problem(
                ("id",),
                f'the file is named "{stem}.yaml" but the pool id is'
                f' "{pool.id}" (rename the file to {pool.id}.yaml)',
            )
        )
    for i, question in enumerate(pool.questions):
        if not question_fits(question):
            found.extend(_text_problems(doc, question_fields(question, ("questions", i))))
        for loc, message in answer_key_problems(question):
            found.append(doc.problem(("questions", i, *loc), message))
    return found
