"""Load the lesson bank from YAML files, keeping every valid file and every problem found.

A broken file never takes the others down: the caller gets the valid lessons and the list
of problems, and decides (the bot logs them and serves the rest; the checker prints them
and fails).
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from bot.bank.bank import Bank
from bot.bank.check.cross_file import cross_check
from bot.bank.check.cues import load_cues
from bot.bank.check.documents import Document, Loc, read_document
from bot.bank.check.parallel import PARALLEL_FROM, FastFile, can_share, read_all
from bot.bank.check.parsed import Parsed
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
from bot.bank.check.validation import problems_from
from bot.bank.content import (
    LESSON,
    LESSON_TRANSLATION,
    POOL_TRANSLATION,
    QUIZ_POOL,
    Lesson,
    LessonTranslation,
    PoolTranslation,
    QuizPool,
)

_TRANSLATION_NAME = re.compile(r"^(?P<id>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Z][a-z]{3})?)$")
_SCHEMA_LINE = "# yaml-language-server: $schema="

M = TypeVar("M")
_ADAPTERS: dict[type, TypeAdapter[Any]] = {
    Lesson: LESSON,
    QuizPool: QUIZ_POOL,
    LessonTranslation: LESSON_TRANSLATION,
    PoolTranslation: POOL_TRANSLATION,
}


@dataclass
class LoadResult:
    """What loading found: the bank of valid content, and every problem."""

    bank: Bank
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self.problems if p.severity == "warning"]


class _Namer:
    """How files are named in problems: relative to `root` when they are inside it."""

    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root is not None else None
        # each folder's name relative to the root ("" for the root, None when outside it),
        # worked out once, not for every file again
        self._folders: dict[Path, str | None] = {}

    def __call__(self, path: Path) -> str:
        if self.root is None:
            return str(path)
        if path.is_symlink():
            return self._relative(path.resolve()) or str(path)
        folder = path.parent
        if folder not in self._folders:
            self._folders[folder] = self._relative(folder.resolve())
        relative = self._folders[folder]
        if relative is None:
            return str(path)
        return f"{relative}/{path.name}" if relative else path.name

    def _relative(self, where: Path) -> str | None:
        assert self.root is not None
        try:
            relative = str(where.relative_to(self.root))
        except ValueError:
            return None
        return "" if relative == "." else relative


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading makes millions of small objects and no reference cycles to collect, and the
    collector would walk the growing heap again and again: half the time of a big bank."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(
    path: Path,
    model: type[M],
    display: str,
    problems: list[Problem],
    schema: str,
    fast: FastFile | None = None,
) -> Parsed[M] | None:
    adapter = _ADAPTERS[model]
    doc: Document | None
    if fast is not None:
        try:
            parsed: M = adapter.validate_python(fast.data)
        except ValidationError:  # PyYAML's reading says what is wrong, and where
            pass
        else:
            doc = Document(display, None, path, fast.first_line)
            _schema_line(doc, problems, schema)
            return Parsed(parsed, doc)
    doc, found = read_document(path, display)
    problems.extend(found)
    if doc is None:
        return None
    _schema_line(doc, problems, schema)
    try:
        parsed = adapter.validate_python(doc.data)
    except ValidationError as error:
        problems.extend(problems_from(error, model, doc))
        return None
    doc.data = None  # the model holds the content now; the document is kept for positions
    return Parsed(parsed, doc)


def _schema_line(doc: Document, problems: list[Problem], schema: str) -> None:
    if not doc.first_line.startswith(_SCHEMA_LINE):
        problems.append(
            Problem(
                doc.path,
                1,
                1,
                f"no schema line (start the file with `{_SCHEMA_LINE}"
                f"{schema}` so editors check it as you type)",
                "warning",
            )
        )


def _text_problems(doc: Document, fields: Iterable[tuple[Loc, str, Field]]) -> list[Problem]:
    return [
        doc.problem(loc, message)
        for loc, text, kind in fields
        for message in check_text(text, kind)
    ]


def _lesson_problems(item: Parsed[Lesson], folder: str | None, stem: str) -> list[Problem]:
    lesson, doc = item.model, item.doc
    found = [] if lesson_fits(lesson) else _text_problems(doc, lesson_fields(lesson))
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


def _pool_problems(item: Parsed[QuizPool], stem: str) -> list[Problem]:
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


@dataclass
class _Files:
    lessons: list[tuple[Path, str | None]] = field(default_factory=list)
    lesson_translations: list[tuple[Path, str]] = field(default_factory=list)
    pools: list[Path] = field(default_factory=list)
    pool_translations: list[tuple[Path, str]] = field(default_factory=list)


def _path_order(path: Path) -> tuple[str, ...]:
    """The order of `sorted(paths)` on POSIX, without `Path.__lt__`'s cost per comparison."""
    return path.parts


def _discover(lessons_dir: Path, quizzes_dir: Path) -> _Files:
    files = _Files()
    for path in sorted(lessons_dir.rglob("*.y*ml"), key=_path_order):
        folder = path.parent.name if path.parent != lessons_dir else None
        match = _TRANSLATION_NAME.match(path.stem)
        if match:
            files.lesson_translations.append((path, match["lang"]))
        else:
            files.lessons.append((path, folder))
    for path in sorted(quizzes_dir.rglob("*.y*ml"), key=_path_order):
        match = _TRANSLATION_NAME.match(path.stem)
        if match:
            files.pool_translations.append((path, match["lang"]))
        else:
            files.pools.append(path)
    return files


def load_bank(
    lessons_dir: Path,
    quizzes_dir: Path,
    *,
    root: Path | None = None,
    share: bool | None = None,
    cues_file: Path | None = None,
) -> LoadResult:
    """Load and check every file; the bank keeps what passed, problems list the rest.

    `share`: read a big bank with a second process (None: when it is big and that is safe).
    `cues_file`: the post check's cue rules, checked against the lessons they point to.
    """
    name_of = _Namer(root)
    with _gc_paused():
        result = _load(lessons_dir, quizzes_dir, name_of, share)
    if cues_file is not None and result.bank.lessons:
        book, found = load_cues(cues_file, result.bank.lessons.keys(), name_of(cues_file))
        result.bank = dataclasses.replace(result.bank, cues=book)
        result.problems = sorted([*result.problems, *found])
        result.files += 1
    return result


_LESSON_SCHEMA = "../../schemas/lesson.schema.json"
_POOL_SCHEMA = "../schemas/quiz-pool.schema.json"
_LESSON_TRANSLATION_SCHEMA = "../../schemas/lesson-translation.schema.json"
_POOL_TRANSLATION_SCHEMA = "../schemas/quiz-pool-translation.schema.json"


def _load(lessons_dir: Path, quizzes_dir: Path, name_of: _Namer, share: bool | None) -> LoadResult:
    files = _discover(lessons_dir, quizzes_dir)
    problems = [
        Problem(name_of(folder), 1, 1, f"no such folder (check the path to the {what})")
        for folder, what in ((lessons_dir, "lesson bank"), (quizzes_dir, "quiz pools"))
        if not folder.is_dir()
    ]
    if problems:  # everything else would only repeat it, as references that lead nowhere
        return LoadResult(Bank(lessons={}, pools={}), problems, 0)
    # Files are read in any order (a big bank by two processes), each kind into its own
    # slots, so the bank and the "first defined in" of duplicate ids keep the files' order.
    paths = [
        *(path for path, _ in files.lessons),
        *files.pools,
        *(path for path, _ in files.lesson_translations),
        *(path for path, _ in files.pool_translations),
    ]
    first_pool = len(files.lessons)
    first_lt = first_pool + len(files.pools)
    first_pt = first_lt + len(files.lesson_translations)
    lessons: list[Parsed[Lesson] | None] = [None] * len(files.lessons)
    pools: list[Parsed[QuizPool] | None] = [None] * len(files.pools)
    lesson_tr: list[tuple[Parsed[LessonTranslation], str] | None]
    lesson_tr = [None] * len(files.lesson_translations)
    pool_tr: list[tuple[Parsed[PoolTranslation], str] | None]
    pool_tr = [None] * len(files.pool_translations)
    broken: set[str] = set()
    if share is None:
        share = len(paths) >= PARALLEL_FROM and can_share()
    for index, fast in read_all(paths, share=share):
        path = paths[index]
        if index < first_pool:
            folder = files.lessons[index][1]
            item = _parse(path, Lesson, name_of(path), problems, _LESSON_SCHEMA, fast)
            if item is None:
                _note_broken_id(path, broken)
                continue
            own = _lesson_problems(item, folder, path.stem)
            problems.extend(own)
            if any(p.severity == "error" for p in own):
                broken.add(item.model.id)
                continue
            lessons[index] = item
        elif index < first_lt:
            item_pool = _parse(path, QuizPool, name_of(path), problems, _POOL_SCHEMA, fast)
            if item_pool is None:
                _note_broken_id(path, broken)
                continue
            own = _pool_problems(item_pool, path.stem)
            problems.extend(own)
            if any(p.severity == "error" for p in own):
                broken.add(item_pool.model.id)
                continue
            pools[index - first_pool] = item_pool
        elif index < first_pt:
            lang = files.lesson_translations[index - first_lt][1]
            item_lt = _parse(
                path,
                LessonTranslation,
                name_of(path),
                problems,
                _LESSON_TRANSLATION_SCHEMA,
                fast,
            )
            if item_lt is not None:
                lesson_tr[index - first_lt] = (item_lt, lang)
        else:
            lang = files.pool_translations[index - first_pt][1]
            item_pt = _parse(
                path, PoolTranslation, name_of(path), problems, _POOL_TRANSLATION_SCHEMA, fast
            )
            if item_pt is not None:
                pool_tr[index - first_pt] = (item_pt, lang)
    bank, more = cross_check(
        [item for item in lessons if item is not None],
        [item for item in pools if item is not None],
        [item for item in lesson_tr if item is not None],
        [item for item in pool_tr if item is not None],
        broken,
    )
    problems.extend(more)
    return LoadResult(bank, sorted(problems), len(paths))


def _note_broken_id(path: Path, broken: set[str]) -> None:
    """Remember the id a broken file meant to define, so references to it are not errors too."""
    broken.add(path.stem.split(".")[0])
