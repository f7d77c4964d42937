"""Load the lesson bank from YAML files, keeping every valid file and every problem found.

A broken file never takes the others down: the caller gets the valid lessons and the list
of problems, and decides (the bot logs them and serves the rest; the checker prints them
and fails).
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from bot.bank.bank import Bank
from bot.bank.check.check_files import load_checks
from bot.bank.check.cross_file import cross_check
from bot.bank.check.cues import load_cues
from bot.bank.check.discovery import discover
from bot.bank.check.documents import Document, read_document
from bot.bank.check.file_checks import lesson_problems, pool_problems
from bot.bank.check.parallel import PARALLEL_FROM, FastFile, can_share, read_all
from bot.bank.check.parsed import Parsed
from bot.bank.check.problems import Problem
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

_SCHEMA_LINE = "# yaml-language-server: $schema="

M = TypeVar("M")


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


@dataclass(frozen=True)
class _Kind:
    """One kind of bank file: its model, the schema its first line names, and its own
    checks (lessons and pools, whose ids other files refer to)."""

    model: type
    adapter: TypeAdapter[Any]
    schema: str
    own_problems: Callable[[Parsed[Any], str | None, str], list[Problem]] | None = None


_LESSON = _Kind(
    Lesson,
    LESSON,
    "../../schemas/lesson.schema.json",
    lambda item, folder, stem: lesson_problems(item, folder, stem),
)
_POOL = _Kind(
    QuizPool,
    QUIZ_POOL,
    "../schemas/quiz-pool.schema.json",
    lambda item, _, stem: pool_problems(item, stem),
)
_LESSON_TRANSLATION = _Kind(
    LessonTranslation, LESSON_TRANSLATION, "../../schemas/lesson-translation.schema.json"
)
_POOL_TRANSLATION = _Kind(
    PoolTranslation, POOL_TRANSLATION, "../schemas/quiz-pool-translation.schema.json"
)


def _parse(
    path: Path,
    kind: _Kind,
    display: str,
    problems: list[Problem],
    fast: FastFile | None = None,
) -> Parsed[Any] | None:
    adapter = kind.adapter
    doc: Document | None
    if fast is not None:
        try:
            parsed = adapter.validate_python(fast.data)
        except ValidationError:  # PyYAML's reading says what is wrong, and where
            pass
        else:
            doc = Document(display, None, path, fast.first_line)
            _schema_line(doc, problems, kind.schema)
            return Parsed(parsed, doc)
    doc, found = read_document(path, display)
    problems.extend(found)
    if doc is None:
        return None
    _schema_line(doc, problems, kind.schema)
    try:
        parsed = adapter.validate_python(doc.data)
    except ValidationError as error:
        problems.extend(problems_from(error, kind.model, doc))
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


def load_bank(
    lessons_dir: Path,
    quizzes_dir: Path,
    *,
    root: Path | None = None,
    share: bool | None = None,
    fairness: bool = False,
    cues_file: Path | None = None,
) -> LoadResult:
    """Load and check every file; the bank keeps what passed, problems list the rest.

    `share`: read a big bank with a second process (None: when it is big and that is safe).
    `fairness`: also measure the item-writing rules across the bank (the checker does; the
    bot, which serves the bank as it is, need not).
    `cues_file`: the post check's cue rules, checked against the lessons they point to.
    """
    name_of = _Namer(root)
    with _gc_paused():
        result = _load(lessons_dir, quizzes_dir, name_of, share, fairness)
    if cues_file is not None and result.bank.lessons:
        book, found = load_cues(cues_file, result.bank.lessons.keys(), name_of(cues_file))
        result.bank = dataclasses.replace(result.bank, cues=book)
        result.problems = sorted([*result.problems, *found])
        result.files += 1
    return result


def _load(
    lessons_dir: Path, quizzes_dir: Path, name_of: _Namer, share: bool | None, fairness: bool
) -> LoadResult:
    files = discover(lessons_dir, quizzes_dir)
    problems = [
        Problem(name_of(folder), 1, 1, f"no such folder (check the path to the {what})")
        for folder, what in ((lessons_dir, "lesson bank"), (quizzes_dir, "quiz pools"))
        if not folder.is_dir()
    ]
    if problems:  # everything else would only repeat it, as references that lead nowhere
        return LoadResult(Bank(lessons={}, pools={}), problems, 0)
    # Files are read in any order (a big bank by two processes) into their own slots, so
    # the bank and the "first defined in" of duplicate ids keep the files' order.
    jobs: list[tuple[Path, _Kind, str | None]] = [
        *((path, _LESSON, folder) for path, folder in files.lessons),
        *((path, _POOL, None) for path in files.pools),
        *((path, _LESSON_TRANSLATION, lang) for path, lang in files.lesson_translations),
        *((path, _POOL_TRANSLATION, lang) for path, lang in files.pool_translations),
    ]
    paths = [path for path, _, _ in jobs]
    if share is None:
        share = len(paths) >= PARALLEL_FROM and can_share()
    slots, broken = _read_jobs(jobs, name_of, problems, share)

    def of(kind: _Kind) -> list[Any]:
        return [slots[i] for i, job in enumerate(jobs) if job[1] is kind and slots[i]]

    def with_language(kind: _Kind) -> list[Any]:
        return [(slots[i], job[2]) for i, job in enumerate(jobs) if job[1] is kind and slots[i]]

    bank, more = cross_check(
        of(_LESSON),
        of(_POOL),
        with_language(_LESSON_TRANSLATION),
        with_language(_POOL_TRANSLATION),
        broken,
        fairness=fairness,
    )
    problems.extend(more)
    taught = frozenset(t for lesson in bank.lessons.values() for t in lesson.techniques)
    checks, check_texts, more = load_checks(
        files.checks, files.check_translations, taught, name_of
    )
    problems.extend(more)
    bank = dataclasses.replace(bank, checks=checks, check_translations=check_texts)
    files_read = len(paths) + len(files.checks) + len(files.check_translations)
    return LoadResult(bank, sorted(problems), files_read)


def _read_jobs(
    jobs: list[tuple[Path, _Kind, str | None]],
    name_of: _Namer,
    problems: list[Problem],
    share: bool,
) -> tuple[list[Parsed[Any] | None], set[str]]:
    """Each file in its slot (None if it could not be used), and the ids of broken ones."""
    slots: list[Parsed[Any] | None] = [None] * len(jobs)
    broken: set[str] = set()
    for index, fast in read_all([path for path, _, _ in jobs], share=share):
        path, kind, extra = jobs[index]
        item = _parse(path, kind, name_of(path), problems, fast)
        if kind.own_problems is None:
            slots[index] = item
            continue
        if item is None:
            # the id the file meant to define: references to it are not errors too
            broken.add(path.stem.split(".")[0])
            continue
        own = kind.own_problems(item, extra, path.stem)
        problems.extend(own)
        if any(p.severity == "error" for p in own):
            broken.add(item.model.id)
        else:
            slots[index] = item
    return slots, broken
