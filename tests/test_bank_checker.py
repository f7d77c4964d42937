"""The bank checker, case by case: each broken file in the corpus makes exactly one line.

Every folder under `bank_corpus/broken/` is a tiny bank with one mistake in it; the table
below says where the checker must point and what it must say. `bank_corpus/valid/` is the
same bank without mistakes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.bank.check.checker import check_bank
from bot.bank.check.loader import load_bank
from bot.cli import main
from tests.checker_cases import CASES, LESSON

CORPUS = Path(__file__).resolve().parent / "bank_corpus"
VALID = CORPUS / "valid"
BROKEN = CORPUS / "broken"
REPO = CORPUS.parent.parent
TIME = re.compile(r"in \d+\.\d\d s")


def _check(
    case: Path, *, strict: bool = False, languages: list[str] | None = None
) -> tuple[int, list[str]]:
    """The checker's exit code and lines, with the time it took masked."""
    outcome = check_bank(
        case / "lessons", case / "quizzes", root=case, strict=strict, languages=languages
    )
    return outcome.exit_code, [TIME.sub("in 0.00 s", line) for line in outcome.lines]


def _file_count(case: Path) -> int:
    return len(list(case.rglob("*.yaml")))


def test_the_corpus_has_a_row_for_every_case() -> None:
    assert sorted(path.name for path in BROKEN.iterdir()) == sorted(CASES)
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_broken_case_gives_exactly_its_one_problem(case: str) -> None:
    folder = BROKEN / case
    result = load_bank(folder / "lessons", folder / "quizzes", root=folder)
    assert result.problems == [CASES[case].problem]


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_checker_prints_it_and_fails_on_errors_only(case: str) -> None:
    expected, folder = CASES[case], BROKEN / case
    files = _file_count(folder)
    code, lines = _check(folder)
    if expected.severity == "error":
        assert (code, lines) == (
            1,
            [
                str(expected.problem),
                f"1 error, 0 warnings in {files} files; fix the errors above and run again.",
            ],
        )
    else:
        assert (code, lines[0], lines[-1]) == (
            0,
            str(expected.problem),
            f"checked {files} files in 0.00 s: 0 errors, 1 warning.",
        )


SUMMARY = """\
theme              lessons questions review      en      pt
critical-thinking        2         4      6       2       1
creativity               0         0      0       0       0
literacy                 0         0      0       0       0
intercultural            0         0      0       0       0
citizenship              0         0      0       0       0
knowledge                0         0      0       0       0
sustainability           0         0      0       0       0
total                    2         4      6       2       1
(language columns: lessons with text in that language)"""


def test_the_valid_bank_passes_with_the_summary() -> None:
    assert _check(VALID) == (0, [SUMMARY, "checked 5 files in 0.00 s: 0 errors, 0 warnings."])


def test_strict_turns_a_warning_into_an_error() -> None:
    assert _check(BROKEN / "translation-markup-differs", strict=True) == (
        1,
        [
            "lessons/critical-thinking/emotion-check.pt.yaml:11:11: markup differs from the"
            " English source (English has <b> </b>, this has no tags; use the same tags) [pt]",
            "1 error, 0 warnings in 3 files; fix the errors above and run again.",
        ],
    )


def test_language_leaves_out_warnings_about_other_languages() -> None:
    code, lines = _check(BROKEN / "translation-missing-text", strict=True, languages=["en"])
    assert (code, lines[-1]) == (0, "checked 3 files in 0.00 s: 0 errors, 0 warnings.")


def test_a_broken_file_never_takes_the_valid_ones_down(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    folder = tmp_path / "lessons" / "critical-thinking"
    for case, name in [
        ("yaml-syntax-error", "broken-syntax"),
        ("not-utf8", "old-encoding"),
        ("empty-file", "not-yet"),
        ("unknown-theme", "misspelt-theme"),
    ]:
        shutil.copy(BROKEN / case / LESSON, folder / f"{name}.yaml")
    result = load_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path)
    assert [str(p) for p in result.problems] == [
        "lessons/critical-thinking/broken-syntax.yaml:5:13: YAML syntax error: mapping values"
        " are not allowed in this context (check indentation, and put quotes around text that"
        " contains ': ' or starts with a symbol)",
        "lessons/critical-thinking/misspelt-theme.yaml:3:8: unknown theme"
        ' "critical-thinkng" (did you mean "critical-thinking"?)',
        "lessons/critical-thinking/not-yet.yaml:1:1: file is empty"
        " (write its content, or delete the file)",
        "lessons/critical-thinking/old-encoding.yaml:22:19: file is not UTF-8"
        " (byte 0x92 cannot be read; save the file with UTF-8 encoding)",
    ]
    assert list(result.bank.lessons) == ["either-or-trap", "emotion-check"]
    assert list(result.bank.pools) == ["critical-thinking-review"]
    assert list(result.bank.lesson_translations) == [("emotion-check", "pt")]
    assert list(result.bank.pool_translations) == [("critical-thinking-review", "pt")]


def test_the_command_line_prints_the_same_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BROKEN / "unknown-key-in-step")
    code = main(["lessons", "check", "--lessons-dir", "lessons", "--quizzes-dir", "quizzes"])
    assert (code, capsys.readouterr().out) == (
        1,
        "lessons/critical-thinking/emotion-check.yaml:13:5:"
        ' unknown key "buton" (did you mean "button"?)\n'
        "1 error, 0 warnings in 2 files; fix the errors above and run again.\n",
    )


def test_a_path_or_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    outcome = check_bank(
        VALID / "lessons",
        tmp_path / "quizzes",
        root=tmp_path,
        paths=[VALID / "lessons" / "typo.yaml"],
    )
    assert (outcome.exit_code, outcome.lines) == (
        1,
        [
            "quizzes:1:1: no such folder (check the path to the quiz pools)",
            f"{VALID / 'lessons' / 'typo.yaml'}:1:1: no such file or folder (check the path)",
            "2 errors, 0 warnings in 0 files; fix the errors above and run again.",
        ],
    )


def test_the_real_bank_passes_strict_in_english() -> None:
    outcome = check_bank(
        REPO / "lessons", REPO / "quizzes", root=REPO, strict=True, languages=["en"]
    )
    assert outcome.exit_code == 0, "\n".join(outcome.lines)
    assert outcome.lines[-1].endswith(": 0 errors, 0 warnings.")


def _chain_lesson(n: int) -> str:
    requires = f"prerequisites: [step-{n - 1}]\n" if n else ""
    return f"""\
# yaml-language-server: $schema=../../schemas/lesson.schema.json
id: step-{n}
theme: literacy
title: Step {n}
summary: One more step.
minutes: 3
techniques: [reading]
{requires}review_pool: steps-review
steps:
  - id: only
    text: Step {n} of a long course.
questions:
  - id: step-{n}-a
    kind: true-false
    prompt: Is this step {n}?
    answer: true
    explanation: It is.
  - id: step-{n}-b
    kind: true-false
    prompt: Is this step {n + 1}?
    answer: false
    explanation: It is not.
takeaway: Keep going.
sources:
  - title: The course
    url: https://example.org/course
    licence: CC BY 4.0
"""


def test_a_prerequisite_chain_deeper_than_the_recursion_limit_loads(tmp_path: Path) -> None:
    folder = tmp_path / "lessons" / "literacy"
    folder.mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "steps-review.yaml").write_text(
        "id: steps-review\ntitle: Steps\nquestions:\n  - id: any\n    kind: true-false\n"
        "    prompt: Ready?\n    answer: true\n    explanation: Yes.\n",
        encoding="utf-8",
    )
    depth = 1200
    for n in range(depth):
        (folder / f"step-{n}.yaml").write_text(_chain_lesson(n), encoding="utf-8")
    # step-600 also requires the last one, which needs every step before it: a cycle
    middle = folder / "step-600.yaml"
    middle.write_text(
        middle.read_text(encoding="utf-8").replace("[step-599]", "[step-599, step-1199]"),
        encoding="utf-8",
    )
    result = load_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path)
    # files are walked in name order, so the walk enters the cycle at step-1000
    assert [str(p) for p in result.errors] == [
        "lessons/literacy/step-1001.yaml:8:17: prerequisite cycle: step-1000 -> step-999"
        " -> step-998 -> (596 more) -> step-1001 -> step-1000 (a lesson cannot require"
        " itself; remove one of these prerequisites)"
    ]
    assert sorted(result.bank.lessons) == sorted(f"step-{n}" for n in range(600))


SCALARS = """\
words: [yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE]
switches: [on, On, ON, off, Off, OFF, y, n, yess, nope, Ja]
nothing: [~, null, Null, NULL, nil]
empty:
numbers: [0, -1, +1, 017, 0o17, 0x1F, 0b101, 1_000, '1', 1:30, 190:20:30]
decimals: [1.5, .5, -.5, 1e3, 1.0e+3, .inf, -.Inf, 1.2.3, 6.8523015e+5]
dates: [2024-01-31, 2024-01-31 10:00:00, 2024-01-31T10:00:00Z, 2024-1-31]
text: [plain words, "double quoted", 'single quoted', 'yes', "1", -, +, ., 0-1]
"""


def test_plain_values_read_as_pyyaml_reads_them(tmp_path: Path) -> None:
    """The lean resolver that makes loading fast must not change what a value means."""
    from bot.bank.check.documents import read_document

    path = tmp_path / "values.yaml"
    path.write_text(SCALARS, encoding="utf-8")
    doc, problems = read_document(path, "values.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == yaml.safe_load(SCALARS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: x\ntitle: 2024-02-30\n",
            '2:8: "2024-02-30" cannot be read as a date (put it in quotes if it is text)',
        ),
        ("id: !lesson x\n", '1:5: the tag "!lesson" is not supported (remove it)'),
        ("id: !!binary eA==\n", '1:5: the tag "!!binary" is not supported (remove it)'),
        (
            "base: &b {a: 1}\nother:\n  <<: *b\n",
            '3:3: "<<" merge keys are not supported (write the keys out in full)',
        ),
        ("? [a, b]\n: c\n", "1:3: a key must be a plain word (write it like `title:`)"),
        (
            "- id: x\n",
            "1:1: the file must hold keys, not a list or a single value"
            " (write it like `id: my-lesson`)",
        ),
        (
            "a: &x [*x]\n",
            "1:1: the content refers to itself through an alias (write it out in full,"
            " without `&name` and `*name`)",
        ),
        (
            "a: b\x00c\n",
            "1:5: invisible control character U+0000 in the text (delete it; it often comes"
            " along when text is pasted from another program)",
        ),
    ],
)
def test_yaml_that_cannot_be_read_is_a_problem_not_a_crash(
    tmp_path: Path, text: str, expected: str
) -> None:
    from bot.bank.check.documents import read_document

    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = read_document(path, "odd.yaml")
    assert (doc, [str(p) for p in problems]) == (None, [f"odd.yaml:{expected}"])
