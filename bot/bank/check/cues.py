"""Reading and checking the cue rules (`cues/cues.yaml`), with problems as file:line:column.

A rule with an error is left out and the others are kept, as with lessons: every pattern
must compile, every language with patterns needs its two test sentences, the sentence that
must match must be found by the rule (in any language's patterns, as the bot applies them)
and the one that must not, must not.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from pydantic import ValidationError

from bot.bank.check.documents import Document, Loc, read_document
from bot.bank.check.problems import Problem
from bot.bank.check.validation import problems_from
from bot.bank.cues import CUE_FILE, CUE_LANGUAGES, FLAGS, NO_CUES, CueBook, CueFile, CueRule

SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/cues.schema.json"


def load_cues(
    path: Path, lesson_ids: Collection[str], display: str | None = None
) -> tuple[CueBook, list[Problem]]:
    """The valid rules of a cue file, and every problem in it."""
    name = display or str(path)
    if not path.is_file():
        return NO_CUES, [Problem(name, 1, 1, "no such file (check the path to the cue rules)")]
    doc, problems = read_document(path, name)
    if doc is None:
        return NO_CUES, problems
    if not doc.first_line.startswith(SCHEMA_LINE.split("=")[0]):
        problems.append(
            Problem(name, 1, 1, f"no schema line (start the file with `{SCHEMA_LINE}`)", "warning")
        )
    try:
        parsed = CUE_FILE.validate_python(doc.data)
    except ValidationError as error:
        return NO_CUES, problems + problems_from(error, CueFile, doc)
    kept = []
    seen: set[str] = set()
    for i, rule in enumerate(parsed.rules):
        found = rule_problems(rule, ("rules", i), doc, lesson_ids)
        if rule.id in seen:
            found.append(
                doc.problem(
                    ("rules", i, "id"),
                    f'rule id "{rule.id}" is used twice (give each rule its own id)',
                )
            )
        seen.add(rule.id)
        problems += found
        if not any(p.severity == "error" for p in found):
            kept.append(rule)
    return CueBook.of(kept), problems


def _compile_problems(rule: CueRule, at: Loc, doc: Document) -> list[Problem]:
    found = []
    for key, table in (("patterns", rule.patterns), ("unless", rule.unless)):
        for language, patterns in table.items():
            for j, pattern in enumerate(patterns):
                try:
                    re.compile(pattern, FLAGS)
                except re.error as error:
                    found.append(
                        doc.problem(
                            (*at, key, language, j),
                            f"this pattern is not a valid regular expression: {error}"
                            " (check brackets and backslashes; in single quotes a"
                            " backslash is written once)",
                        )
                    )
    return found


def rule_problems(
    rule: CueRule, at: Loc, doc: Document, lesson_ids: Collection[str]
) -> list[Problem]:
    """What is wrong with one rule (errors), and which cue languages it lacks (warnings)."""
    found = _compile_problems(rule, at, doc)
    if rule.lesson not in lesson_ids:
        found.append(
            doc.problem(
                (*at, "lesson"),
                f'no lesson "{rule.lesson}" in the bank (use the id of the lesson that'
                " teaches this technique)",
            )
        )
    for language in rule.patterns.keys() - rule.examples.keys():
        found.append(
            doc.problem(
                (*at, "patterns", language),
                f"patterns in {language} but no test sentences (add examples: {language}:"
                " {match: ..., no_match: ...})",
                key=True,
            )
        )
    for language in sorted(set(CUE_LANGUAGES) - rule.patterns.keys()):
        problem = doc.problem((*at, "patterns"), f"no patterns in {language} (add some)")
        found.append(problem.as_warning())
    if found:
        return found
    for language, example in rule.examples.items():
        if not rule.finds(example.match):
            found.append(
                doc.problem(
                    (*at, "examples", language, "match"),
                    "the rule does not find this sentence, which it must (widen a pattern)",
                )
            )
        if rule.finds(example.no_match):
            found.append(
                doc.problem(
                    (*at, "examples", language, "no_match"),
                    "the rule finds this sentence, which it must not (narrow the patterns"
                    " or add an `unless` pattern)",
                )
            )
    return found
