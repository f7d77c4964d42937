"""Checks of translations against their English source: ids, options, markup, limits."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bot.bank.check.documents import Document, Loc
from bot.bank.check.parsed import Parsed
from bot.bank.check.problems import Problem, Severity
from bot.bank.check.rules import (
    BUTTON,
    CAPTION,
    EXPLANATION,
    MESSAGE_PROMPT,
    OPTION,
    POLL_OPTION,
    POLL_PROMPT,
    STEP,
    SUMMARY,
    TAKEAWAY,
    TITLE,
    WHY,
    Field,
    check_text,
)
from bot.bank.content import (
    AnyQuestion,
    Lesson,
    LessonTranslation,
    QuestionText,
    SeveralCorrect,
    SingleChoice,
)
from bot.bank.markup import placeholders_in, tags_in
from bot.bank.pictures import Picture, PictureText


def hint(word: str, known: Iterable[str]) -> str:
    """A did-you-mean for a misspelt id, or a nudge to check the spelling."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else "check the spelling"


def id_hint(word: str, known: Iterable[str]) -> str:
    """A hint among the few ids of one file, naming them all when none is close."""
    ids = list(known)
    close = difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    return "remove it, or use one of: " + ", ".join(ids)


def _translated_question_fields(
    source: AnyQuestion, text: QuestionText, loc: Loc
) -> Iterable[tuple[Loc, str, str, Field]]:
    poll = isinstance(source, SingleChoice)
    if text.prompt:
        yield (*loc, "prompt"), text.prompt, source.prompt, POLL_PROMPT if poll else MESSAGE_PROMPT
    if text.options and isinstance(source, SingleChoice | SeveralCorrect):
        for i, (label, option) in enumerate(zip(text.options, source.options, strict=False)):
            yield (*loc, "options", i), label, option.text, POLL_OPTION if poll else OPTION
    if text.explanation:
        yield (*loc, "explanation"), text.explanation, source.explanation, EXPLANATION
    if text.why:
        yield (*loc, "why"), text.why, source.why or "", WHY


def _compare(
    doc: Document, loc: Loc, text: str, source: str, field: Field, lang: str
) -> list[Problem]:
    found = [doc.problem(loc, f"{m} [{lang}]") for m in check_text(text, field)]
    # Differences from the source are warnings; `--strict` makes every warning an error.
    severity: Severity = "warning"
    if tags_in(text) != tags_in(source):
        found.append(
            Problem(
                *at(doc, loc),
                f"markup differs from the English source (English has"
                f" {' '.join(tags_in(source)) or 'no tags'}, this has"
                f" {' '.join(tags_in(text)) or 'no tags'}; use the same tags)"
                f" [{lang}]",
                severity,
            )
        )
    if placeholders_in(text) != placeholders_in(source):
        found.append(
            Problem(
                *at(doc, loc),
                f"placeholders differ from the English source"
                f" ({', '.join(placeholders_in(source)) or 'none'} there,"
                f" {', '.join(placeholders_in(text)) or 'none'} here; keep them"
                f" exactly as in English) [{lang}]",
                severity,
            )
        )
    return found


def at(doc: Document, loc: Loc) -> tuple[str, int, int]:
    """Path, line and column of `loc` in a document."""
    line, column = doc.position(loc)
    return doc.path, line, column


def question_translations(
    doc: Document,
    base: Loc,
    questions: dict[str, AnyQuestion],
    texts: dict[str, QuestionText],
    lang: str,
) -> list[Problem]:
    """Problems in the translated questions of a lesson or pool."""
    found = []
    for qid, text in texts.items():
        loc = (*base, qid)
        source = questions.get(qid)
        if source is None:
            found.append(
                doc.problem(
                    loc,
                    f'no question "{qid}" in the English source ({id_hint(qid, questions)})',
                    key=True,
                )
            )
            continue
        count = len(source.options) if isinstance(source, SingleChoice | SeveralCorrect) else 0
        if text.options is not None and len(text.options) != count:
            found.append(
                doc.problem(
                    (*loc, "options"),
                    f"{len(text.options)} options here but"
                    f" {count} in the English source (translate each option,"
                    " in the same order)",
                )
            )
            continue
        for floc, value, original, field in _translated_question_fields(source, text, loc):
            found.extend(_compare(doc, floc, value, original, field, lang))
    return found


def missing_text(doc: Document, what: list[str], lang: str) -> list[Problem]:
    """One warning listing what a translation leaves in English."""
    if not what:
        return []
    shown = ", ".join(what[:5]) + (f" and {len(what) - 5} more" if len(what) > 5 else "")
    return [
        Problem(
            *at(doc, ()),
            f"missing {lang} text for {shown} (translate it; until then learners see English)",
            "warning",
        )
    ]


def picture_text_problems(picture: Picture | None, words: PictureText) -> list[str]:
    """What a picture's translated words do not fit (their number, their kind)."""
    if picture is None:
        return ["this step has no picture in English (remove `picture` here)"]
    found = []
    points = len(picture.chart.points) if picture.chart else 0
    if words.labels is not None and len(words.labels) > points:
        found.append(
            f"{len(words.labels)} labels for a chart of {points} points (give one per point)"
        )
    posts = len(picture.posts or ())
    if words.posts is not None and len(words.posts) > posts:
        found.append(f"{len(words.posts)} posts for a picture of {posts} (one per post)")
    return found


def lesson_translation_problems(
    item: Parsed[LessonTranslation], lang: str, source: Lesson
) -> list[Problem]:
    """Every problem of one lesson translation, against its English source."""
    tr, doc = item.model, item.doc
    found = []
    steps = {step.id: step for step in source.steps}
    for step_id, text in tr.steps.items():
        step = steps.get(step_id)
        if step is None:
            found.append(
                doc.problem(
                    ("steps", step_id),
                    f'no step "{step_id}" in the English source ({id_hint(step_id, steps)})',
                    key=True,
                )
            )
            continue
        if text.text:
            kind = STEP if step.picture is None else CAPTION
            found.extend(
                _compare(doc, ("steps", step_id, "text"), text.text, step.text, kind, lang)
            )
        if text.picture is not None:
            found.extend(
                doc.problem(("steps", step_id, "picture"), f"{message} [{lang}]")
                for message in picture_text_problems(step.picture, text.picture)
            )
        if text.button:
            found.extend(
                _compare(
                    doc,
                    ("steps", step_id, "button"),
                    text.button,
                    step.button or "",
                    BUTTON,
                    lang,
                )
            )
    if tr.takeaway:
        found.extend(_compare(doc, ("takeaway",), tr.takeaway, source.takeaway, TAKEAWAY, lang))
    for loc, value, field in ((("title",), tr.title, TITLE), (("summary",), tr.summary, SUMMARY)):
        if value:
            found.extend(doc.problem(loc, f"{m} [{lang}]") for m in check_text(value, field))
    questions = {q.id: q for q in source.questions}
    found.extend(question_translations(doc, ("questions",), questions, tr.questions, lang))
    missing = [k for k in ("title", "summary", "takeaway") if getattr(tr, k) is None]
    missing += [f"steps.{s.id}" for s in source.steps if s.id not in tr.steps]
    missing += [f"questions.{q.id}" for q in source.questions if q.id not in tr.questions]
    found.extend(missing_text(doc, missing, lang))
    return found
