"""Finding the bank's files: lessons in theme folders, pools, and their translations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CHECKS_FOLDER = "checks"
TRANSLATION_NAME = re.compile(r"^(?P<id>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Z][a-z]{3})?)$")


@dataclass
class BankFiles:
    """The bank's files by kind, each in path order; translations with their language."""

    lessons: list[tuple[Path, str | None]] = field(default_factory=list)
    lesson_translations: list[tuple[Path, str]] = field(default_factory=list)
    pools: list[Path] = field(default_factory=list)
    pool_translations: list[tuple[Path, str]] = field(default_factory=list)
    # the MIL check's forms, in `quizzes/checks/`
    checks: list[Path] = field(default_factory=list)
    check_translations: list[tuple[Path, str]] = field(default_factory=list)


def _path_order(path: Path) -> tuple[str, ...]:
    """The order of `sorted(paths)` on POSIX, without `Path.__lt__`'s cost per comparison."""
    return path.parts


def discover(lessons_dir: Path, quizzes_dir: Path) -> BankFiles:
    """Every YAML file under the two folders, sorted into its kind."""
    files = BankFiles()
    for path in sorted(lessons_dir.rglob("*.y*ml"), key=_path_order):
        folder = path.parent.name if path.parent != lessons_dir else None
        match = TRANSLATION_NAME.match(path.stem)
        if match:
            files.lesson_translations.append((path, match["lang"]))
        else:
            files.lessons.append((path, folder))
    checks_dir = quizzes_dir / CHECKS_FOLDER
    for path in sorted(quizzes_dir.rglob("*.y*ml"), key=_path_order):
        match = TRANSLATION_NAME.match(path.stem)
        if path.parent == checks_dir:
            if match:
                files.check_translations.append((path, match["lang"]))
            else:
                files.checks.append(path)
        elif match:
            files.pool_translations.append((path, match["lang"]))
        else:
            files.pools.append(path)
    return files
