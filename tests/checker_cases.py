"""The broken cases of tests/bank_corpus/broken: each folder, and the one problem it gives."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank.check.problems import Problem, Severity

LESSON = "lessons/critical-thinking/emotion-check.yaml"
POOL = "quizzes/critical-thinking-review.yaml"
TRANSLATION = "lessons/critical-thinking/emotion-check.pt.yaml"


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
