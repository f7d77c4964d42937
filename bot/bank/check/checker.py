"""`milclicks lessons check`: every problem in the bank, in one run."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from bot.bank.check.loader import load_bank
from bot.bank.check.problems import Problem
from bot.bank.check.report import summary

_LANG_IN_NAME = re.compile(r"\.([a-z]{2,3}(?:-[A-Z][a-z]{3})?)\.ya?ml$")


@dataclass(frozen=True)
class CheckOutcome:
    """What the checker prints and its exit code."""

    lines: list[str]
    exit_code: int


def _language_of(problem: Problem) -> str:
    match = _LANG_IN_NAME.search(problem.path)
    return match.group(1) if match else "en"


def _selected(problem: Problem, paths: list[Path], root: Path) -> bool:
    if not paths:
        return True
    where = (root / problem.path).resolve()
    # a missing bank folder concerns every file asked about
    return not where.exists() or any(where == p or p in where.parents for p in paths)


def check_bank(
    lessons_dir: Path,
    quizzes_dir: Path,
    *,
    paths: list[Path] | None = None,
    strict: bool = False,
    languages: list[str] | None = None,
    root: Path | None = None,
    cues_file: Path | None = None,
) -> CheckOutcome:
    """Check the bank; report problems in `paths` (all when empty) and a summary when clean."""
    started = time.perf_counter()
    root = root or Path.cwd()
    result = load_bank(lessons_dir, quizzes_dir, root=root, fairness=True, cues_file=cues_file)
    chosen = [p.resolve() for p in paths or []]
    problems = [p for p in result.problems if _selected(p, chosen, root)]
    problems += [
        Problem(str(path), 1, 1, "no such file or folder (check the path)")
        for path in paths or []
        if not path.exists()
    ]
    if languages:
        problems = [p for p in problems if p.severity == "error" or _language_of(p) in languages]
    if strict:
        problems = [p.as_error() for p in problems]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    elapsed = time.perf_counter() - started
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if errors:
        lines.append(f"{counts} in {result.files} files; fix the errors above and run again.")
        return CheckOutcome(lines, 1)
    langs = sorted(result.bank.languages if not languages else set(languages))
    lines.append(summary(result.bank, langs))
    lines.append(f"checked {result.files} files in {elapsed:.2f} s: {counts}.")
    return CheckOutcome(lines, 0)
