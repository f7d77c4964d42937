"""The loaded lesson bank: lessons by theme, quiz pools, and text in each language."""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter

from bot.bank.content import (
    AnyQuestion,
    Lesson,
    LessonTranslation,
    Option,
    PoolTranslation,
    QuestionText,
    QuizPool,
    SeveralCorrect,
    SingleChoice,
    Step,
)
from bot.bank.cues import NO_CUES, CueBook
from bot.bank.mil_check import CheckTranslation, MilCheck, localize_check
from bot.bank.pictures import localize_picture
from bot.bank.themes import THEMES, Theme
from bot.bank.transliterate import to_latin_deep

SOURCE_LANGUAGE = "en"
T = TypeVar("T", LessonTranslation, PoolTranslation, CheckTranslation)
# Languages whose lessons are derived from another's: Serbian Latin from Serbian Cyrillic.
DERIVED = {"sr-Latn": "sr"}


def _localize_question(question: AnyQuestion, text: QuestionText | None) -> AnyQuestion:
    if text is None:
        return question
    update: dict[str, Any] = {
        key: value
        for key, value in (
            ("prompt", text.prompt),
            ("explanation", text.explanation),
            ("why", text.why),
        )
        if value is not None
    }
    if (
        isinstance(question, SingleChoice | SeveralCorrect)
        and text.options
        and len(text.options) == len(question.options)
    ):
        update["options"] = [
            Option(text=label, correct=option.correct)
            for label, option in zip(text.options, question.options, strict=True)
        ]
    return dataclasses.replace(question, **update)


def localize_lesson(lesson: Lesson, translation: LessonTranslation | None) -> Lesson:
    """The lesson with the translation's text where it has some, English elsewhere."""
    if translation is None:
        return lesson
    steps: list[Step] = []
    for step in lesson.steps:
        text = translation.steps.get(step.id)
        if text is None:
            steps.append(step)
            continue
        picture = step.picture and localize_picture(step.picture, text.picture)
        steps.append(
            dataclasses.replace(
                step,
                text=text.text or step.text,
                button=text.button or step.button,
                picture=picture,
            )
        )
    questions = [_localize_question(q, translation.questions.get(q.id)) for q in lesson.questions]
    return dataclasses.replace(
        lesson,
        title=translation.title or lesson.title,
        summary=translation.summary or lesson.summary,
        takeaway=translation.takeaway or lesson.takeaway,
        steps=steps,
        questions=questions,
    )


def localize_question(
    question: AnyQuestion, translation: PoolTranslation | LessonTranslation | None
) -> AnyQuestion:
    """A question with its text in the translation's language, where there is one."""
    if translation is None:
        return question
    return _localize_question(question, translation.questions.get(question.id))


@dataclass(frozen=True)
class Bank:
    """Every valid lesson and pool, in teaching order, with their translations."""

    lessons: Mapping[str, Lesson]
    pools: Mapping[str, QuizPool]
    lesson_translations: Mapping[tuple[str, str], LessonTranslation] = field(default_factory=dict)
    pool_translations: Mapping[tuple[str, str], PoolTranslation] = field(default_factory=dict)
    # The folder of each lesson whose pictures are files: their paths are relative to it.
    folders: Mapping[str, Path] = field(default_factory=dict)
    # The rules the post check looks for (cues/cues.yaml); none unless loaded.
    cues: CueBook = NO_CUES
    # The MIL check (pre and post), by id, and its translations by (check id, language).
    checks: Mapping[str, MilCheck] = field(default_factory=dict)
    check_translations: Mapping[tuple[str, str], CheckTranslation] = field(default_factory=dict)
    # Lessons as learners see them, built once per (lesson, language) rather than per card.
    _cache: dict[tuple[str, str, str], object] = field(
        default_factory=dict, repr=False, compare=False
    )

    @cached_property
    def by_theme(self) -> Mapping[Theme, tuple[Lesson, ...]]:
        """Lessons of each theme by their `order`, moved after their prerequisites if need be."""
        result: dict[Theme, list[Lesson]] = {theme: [] for theme in THEMES}
        lessons = list(self.lessons.values())
        last = max((lesson.order or 0 for lesson in lessons), default=0) + 1
        rank = {lesson.id: (lesson.order or last, i) for i, lesson in enumerate(lessons)}
        waiting = {
            lesson.id: {p for p in lesson.prerequisites if p in self.lessons} for lesson in lessons
        }
        unlocks: dict[str, list[str]] = {}
        for lesson_id, needs in waiting.items():
            for need in needs:
                unlocks.setdefault(need, []).append(lesson_id)
        ready = [(rank[i], i) for i, needs in waiting.items() if not needs]
        heapq.heapify(ready)
        placed: set[str] = set()
        while len(placed) < len(lessons):
            if not ready:  # only in a prerequisite cycle, which the checker reports
                rest = min((rank[i], i) for i in waiting if i not in placed)
                ready.append(rest)
            _, lesson_id = heapq.heappop(ready)
            if lesson_id in placed:
                continue
            placed.add(lesson_id)
            lesson = self.lessons[lesson_id]
            result[lesson.theme].append(lesson)
            for other in unlocks.get(lesson_id, ()):
                waiting[other].discard(lesson_id)
                if not waiting[other] and other not in placed:
                    heapq.heappush(ready, (rank[other], other))
        return {theme: tuple(lessons) for theme, lessons in result.items()}

    @cached_property
    def languages(self) -> frozenset[str]:
        """Every language some lesson is translated into, and the source language."""
        written = {SOURCE_LANGUAGE, *(lang for _, lang in self.lesson_translations)}
        return frozenset(written | {d for d, source in DERIVED.items() if source in written})

    def _text(self, table: Mapping[tuple[str, str], T], key: str, language: str) -> T | None:
        """A translation from `table`, or one derived from its source script (sr-Latn)."""
        found = table.get((key, language))
        if found is None and language in DERIVED:
            source = table.get((key, DERIVED[language]))
            if source is not None:
                cache_key = (type(source).__name__, key, language)
                if cache_key not in self._cache:
                    self._cache[cache_key] = _derive(source, language)
                found = cast(T, self._cache[cache_key])
        return found

    def _lesson_text(self, lesson_id: str, language: str) -> LessonTranslation | None:
        return self._text(self.lesson_translations, lesson_id, language)

    def _pool_text(self, pool_id: str, language: str) -> PoolTranslation | None:
        return self._text(self.pool_translations, pool_id, language)

    @cached_property
    def review_items(self) -> Mapping[str, tuple[AnyQuestion, ...]]:
        """Pool questions that practise each lesson, by lesson id."""
        items: dict[str, list[AnyQuestion]] = {}
        for pool in self.pools.values():
            for question in pool.questions:
                if question.lesson:
                    items.setdefault(question.lesson, []).append(question)
        return {lesson: tuple(questions) for lesson, questions in items.items()}

    def lesson(self, lesson_id: str, language: str = SOURCE_LANGUAGE) -> Lesson:
        """A lesson in `language`, falling back to English text where none is translated."""
        key = ("lesson", lesson_id, language)
        if key not in self._cache:
            self._cache[key] = localize_lesson(
                self.lessons[lesson_id], self._lesson_text(lesson_id, language)
            )
        return cast(Lesson, self._cache[key])

    def has_translation(self, lesson_id: str, language: str) -> bool:
        """Whether the lesson has any text in `language` (English always counts)."""
        return language == SOURCE_LANGUAGE or self._lesson_text(lesson_id, language) is not None

    @cached_property
    def _pool_items(self) -> Mapping[str, tuple[str, AnyQuestion]]:
        return {q.id: (pool.id, q) for pool in self.pools.values() for q in pool.questions}

    @property
    def questions(self) -> Mapping[str, tuple[str, AnyQuestion]]:
        """Every pool question by id, with its pool's id."""
        return self._pool_items

    def review_question(self, question_id: str, language: str = SOURCE_LANGUAGE) -> AnyQuestion:
        """A pool question by id, in `language` where translated; KeyError if unknown."""
        pool_id, question = self._pool_items[question_id]
        return localize_question(question, self._pool_text(pool_id, language))

    def mil_check(self, check_id: str, language: str = SOURCE_LANGUAGE) -> MilCheck | None:
        """A MIL check in `language` where translated, English elsewhere; None if unknown."""
        check = self.checks.get(check_id)
        if check is None:
            return None
        key = ("check", check_id, language)
        if key not in self._cache:
            text = self.check_translations.get((check_id, language))
            if text is None and language in DERIVED:
                source = self.check_translations.get((check_id, DERIVED[language]))
                text = source and _derive(source, language)
            self._cache[key] = localize_check(check, text)
        return cast(MilCheck, self._cache[key])


def _derive(source: T, language: str) -> T:
    data: dict[str, Any] = to_latin_deep(dataclasses.asdict(source))
    data.update(translation_of=source.translation_of, language=language)
    return TypeAdapter(type(source)).validate_python(data)
