"""The bank checker, case by case: each broken file in the corpus makes exactly one line.

Every folder under `bank_corpus/broken/` is a tiny bank with one mistake in it; the table
below says where the checker must point and what it must say. `bank_corpus/valid/` is the
same bank without mistakes.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.bank.check.checker import check_bank
from bot.bank.check.loader import load_bank
from bot.bank.check.problems import Problem, Severity
from bot.cli import main

CORPUS = Path(__file__).resolve().parent / "bank_corpus"
VALID = CORPUS / "valid"
BROKEN = CORPUS / "broken"
REPO = CORPUS.parent.parent
LESSON = "lessons/critical-thinking/emotion-check.yaml"
POOL = "quizzes/critical-thinking-review.yaml"
TRANSLATION = "lessons/critical-thinking/emotion-check.pt.yaml"
TIME = re.compile(r"in \d+\.\d\d s")


@dataclass(frozen=True)
class Expected:
    """The one problem a broken case must produce."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    @property
    def problem(self) -> Problem:
        return Problem(self.path, self.line, self.column, self.message, self.severity)


CASES: dict[str, Expected] = {
    "comment-only-file": Expected(
        LESSON,
        1,
        1,
        "file has only comments (write its content below them, or delete the file)",
    ),
    "control-character": Expected(
        LESSON,
        15,
        83,
        "invisible control character U+000B in the text (delete it; it often "
        "comes along when text is pasted from another program)",
    ),
    "duplicate-key": Expected(
        LESSON, 7, 1, 'duplicate key "title" (it is already set on line 4; keep one of them)'
    ),
    "duplicate-lesson-id": Expected(
        LESSON,
        2,
        5,
        'duplicate lesson id "emotion-check" (also used in '
        "lessons/creativity/emotion-check.yaml:2; ids must be unique and are "
        "never reused, so pick a new one)",
    ),
    "duplicate-question-id": Expected(
        POOL,
        6,
        9,
        'duplicate question id "ec-headline" (also used in '
        "lessons/critical-thinking/emotion-check.yaml:17; ids must be unique and "
        "are never reused, so pick a new one)",
    ),
    "duplicate-step-id": Expected(
        LESSON, 14, 9, 'step id "hook" is used twice in this lesson (give each step its own id)'
    ),
    "empty-file": Expected(LESSON, 1, 1, "file is empty (write its content, or delete the file)"),
    "explanation-too-long": Expected(
        LESSON,
        25,
        18,
        "explanation is 220 characters long (Telegram allows at most 200 here; shorten it by 20)",
    ),
    "explanation-with-three-line-breaks": Expected(
        LESSON,
        25,
        18,
        "explanation has 3 line breaks (Telegram allows at most 2 in a quiz "
        "explanation; join the lines)",
    ),
    "file-name-mismatch": Expected(
        "lessons/critical-thinking/emotions.yaml",
        2,
        5,
        'the file is named "emotions.yaml" but the lesson id is "emotion-check" '
        "(rename the file to emotion-check.yaml)",
    ),
    "id-too-long": Expected(
        "lessons/critical-thinking/emotion-check-before-you-share-it.yaml",
        2,
        5,
        'id "emotion-check-before-you-share-it" is 33 characters long (shorten it '
        "to at most 32: ids end up in button data, which Telegram caps at 64 "
        "bytes)",
    ),
    "id-with-uppercase": Expected(
        LESSON,
        2,
        5,
        '"Emotion-Check" is not a valid id (use lowercase letters, digits and '
        'single hyphens: "emotion-check")',
    ),
    "lesson-with-one-question": Expected(
        LESSON,
        17,
        3,
        "a lesson needs 2-4 practice questions, this one has 1 (write another one)",
    ),
    "link-without-https": Expected(
        LESSON,
        39,
        10,
        '"url" must be a full https:// link, not '
        '"http://hapgood.us/2019/06/19/sift-the-four-moves/" (write the address '
        "starting with https://)",
    ),
    "missing-required-key": Expected(
        LESSON, 2, 1, 'missing key "takeaway" (add `takeaway:` at the top level)'
    ),
    "multiple-all-correct": Expected(
        LESSON,
        30,
        7,
        "every option is marked correct (leave at least one wrong option, or ask "
        "a true-false question)",
    ),
    "no-schema-line": Expected(
        LESSON,
        1,
        1,
        "no schema line (start the file with `# yaml-language-server: "
        "$schema=../../schemas/lesson.schema.json` so editors check it as you "
        "type)",
        "warning",
    ),
    "not-utf8": Expected(
        LESSON,
        22,
        19,
        "file is not UTF-8 (byte 0x92 cannot be read; save the file with UTF-8 encoding)",
    ),
    "number-in-quotes": Expected(
        LESSON, 6, 10, '"minutes" should be a whole number, not text (remove the quotes)'
    ),
    "option-too-long": Expected(
        LESSON,
        21,
        15,
        "quiz poll option is 109 characters long (Telegram allows at most 100 "
        "here; shorten it by 9)",
    ),
    "poll-question-too-long": Expected(
        LESSON,
        19,
        13,
        "quiz poll question is 321 characters long (Telegram allows at most 300 "
        "here; shorten it by 21)",
    ),
    "pool-item-unknown-lesson": Expected(
        POOL, 31, 13, 'lesson "emotion-chek" does not exist (did you mean "emotion-check"?)'
    ),
    "prerequisite-cycle": Expected(
        LESSON,
        9,
        17,
        "prerequisite cycle: either-or-trap -> emotion-check -> either-or-trap (a "
        "lesson cannot require itself; remove one of these prerequisites)",
    ),
    "question-with-13-options": Expected(
        LESSON, 21, 7, "a question can have at most 12 options, this one has 13 (remove 1)"
    ),
    "question-with-one-option": Expected(
        LESSON, 21, 7, "a question needs at least 2 options, this one has 1 (add another option)"
    ),
    "review-item-repeats-lesson-question": Expected(
        POOL,
        9,
        13,
        'repeats question "ec-headline" of lesson "emotion-check" word for word '
        "(write a fresh example: review items test the technique, not memory)",
    ),
    "single-with-two-correct-options": Expected(
        LESSON,
        21,
        7,
        "a single-choice question has 2 correct options (keep one `correct: "
        "true`, or use `kind: multiple`)",
    ),
    "single-without-correct-option": Expected(
        LESSON, 21, 7, "no option is marked correct (add `correct: true` under the right option)"
    ),
    "caption-too-long": Expected(
        LESSON,
        15,
        11,
        "step text under a picture is 1000 characters long (a photo's caption holds 1024"
        " characters and the bot adds up to 96 of its own; shorten it by 72)",
    ),
    "picture-file-missing": Expected(
        LESSON,
        19,
        13,
        'no picture file "images/two-posts.png" beside the lesson (add it, or fix the path)',
    ),
    "picture-of-two-kinds": Expected(
        LESSON,
        17,
        7,
        "a picture is a chart, posts or a file: give exactly one of the three",
    ),
    "step-too-long": Expected(
        LESSON,
        15,
        11,
        "step text is 4124 characters long (a Telegram message holds 4096 "
        "characters and the bot adds up to 96 of its own; shorten it by 124)",
    ),
    "tag-in-plain-field": Expected(
        LESSON,
        4,
        8,
        'tag "<b>" is not allowed here (this text is shown as plain text; remove the tag)',
    ),
    "text-where-list-needed": Expected(
        LESSON,
        8,
        13,
        '"techniques" should be a list, not text (write each item on its own line '
        "starting with `- `, or in brackets: [a, b])",
    ),
    "translation-markup-differs": Expected(
        TRANSLATION,
        11,
        11,
        "markup differs from the English source (English has <b> </b>, this has "
        "no tags; use the same tags) [pt]",
        "warning",
    ),
    "translation-missing-text": Expected(
        TRANSLATION,
        2,
        1,
        "missing pt text for takeaway (translate it; until then learners see English)",
        "warning",
    ),
    "translation-of-unknown-lesson": Expected(
        "lessons/critical-thinking/emotion-checks.pt.yaml",
        2,
        17,
        'no lesson "emotion-checks" to translate (did you mean "emotion-check"?)',
    ),
    "translation-unknown-step-id": Expected(
        TRANSLATION,
        12,
        3,
        'no step "example" in the English source (remove it, or use one of: hook, technique)',
    ),
    "translation-wrong-option-count": Expected(
        TRANSLATION,
        16,
        7,
        "2 options here but 3 in the English source (translate each option, in the same order)",
    ),
    "unclosed-bold-tag": Expected(LESSON, 15, 11, "<b> is never closed (add </b>)"),
    "unknown-key-in-option": Expected(
        LESSON, 23, 9, 'unknown key "corect" (did you mean "correct"?)'
    ),
    "unknown-key-in-step": Expected(LESSON, 13, 5, 'unknown key "buton" (did you mean "button"?)'),
    "unknown-key-top-level": Expected(
        LESSON, 8, 1, 'unknown key "ai-literacy" (did you mean "ai_literacy"?)'
    ),
    "unknown-prerequisite": Expected(
        "lessons/critical-thinking/either-or-trap.yaml",
        9,
        17,
        'prerequisite "emotion-chek" is not a lesson in the bank (did you mean "emotion-check"?)',
    ),
    "unknown-question-kind": Expected(
        LESSON, 18, 11, 'unknown question kind "choice" (use single, true-false or multiple)'
    ),
    "unknown-review-pool": Expected(
        LESSON,
        9,
        14,
        'review pool "critical-thinking-revue" does not exist (did you mean '
        '"critical-thinking-review"?)',
    ),
    "unknown-theme": Expected(
        LESSON, 3, 8, 'unknown theme "critical-thinkng" (did you mean "critical-thinking"?)'
    ),
    "wrong-theme-folder": Expected(
        "lessons/literacy/emotion-check.yaml",
        3,
        8,
        'this lesson is in the folder "literacy" but its theme is '
        '"critical-thinking" (move the file or fix the theme)',
    ),
    "yaml-syntax-error": Expected(
        LESSON,
        5,
        13,
        "YAML syntax error: mapping values are not allowed in this context (check "
        "indentation, and put quotes around text that contains ': ' or starts "
        "with a symbol)",
    ),
}


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
