"""The bank's item-writing rules: length, true/false balance and near-duplicates."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bot.bank.check.checker import check_bank
from bot.bank.check.discovery import discover
from bot.bank.check.documents import read_document
from bot.bank.check.fairness import fairness_problems, longest_is_right
from bot.bank.check.parsed import Parsed
from bot.bank.content import LESSON, QUIZ_POOL, SingleChoice

VALID = Path(__file__).resolve().parent / "bank_corpus" / "valid"
POOL = "quizzes/critical-thinking-review.yaml"


# Distinct words, so that generated items are not near-duplicates of each other.
WORDS = [
    "apple",
    "bridge",
    "candle",
    "dolphin",
    "engine",
    "forest",
    "garden",
    "harbor",
    "island",
    "jungle",
    "kettle",
    "lemon",
    "meadow",
    "needle",
    "orchard",
    "pepper",
    "quilt",
    "river",
    "saddle",
    "tunnel",
    "umbrella",
    "valley",
    "window",
    "yarrow",
    "zebra",
    "anchor",
    "basket",
    "cactus",
    "desert",
    "ember",
    "falcon",
    "glacier",
    "hammer",
    "igloo",
    "jacket",
    "koala",
    "lantern",
    "marble",
    "nectar",
    "oyster",
    "parrot",
    "quarry",
    "rocket",
    "salmon",
    "tulip",
    "velvet",
    "walnut",
]


def _words(n: int, count: int = 5) -> str:
    return " ".join(WORDS[(n * count + i) % len(WORDS)] for i in range(count))


def _single(n: int, right_is_longest: bool) -> dict[str, object]:
    right = _words(n + 20, 6 if right_is_longest else 2)
    return {
        "id": f"fair-single-{n}",
        "lesson": "emotion-check",
        "kind": "single",
        "prompt": f"{_words(n)}?",
        "options": [
            {"text": _words(n + 40, 3)},
            {"text": right, "correct": True},
            {"text": _words(n + 60, 3)},
        ],
        "explanation": "Why this one.",
    }


def _true_false(n: int, answer: bool) -> dict[str, object]:
    return {
        "id": f"fair-tf-{n}",
        "lesson": "emotion-check",
        "kind": "true-false",
        "prompt": f"{_words(n + 80, 6)}.",
        "answer": answer,
        "explanation": "Why this one.",
    }


def _bank(tmp_path: Path, questions: list[dict[str, object]]) -> list[str]:
    """The fairness warnings of the valid corpus with `questions` added to its pool."""
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    pool_path = tmp_path / POOL
    pool = yaml.safe_load(pool_path.read_text(encoding="utf-8"))
    pool["questions"] += questions
    pool_path.write_text(yaml.safe_dump(pool, allow_unicode=True, sort_keys=False))
    files = discover(tmp_path / "lessons", tmp_path / "quizzes")
    lessons, pools = [], []
    for path, _ in files.lessons:
        doc, _problems = read_document(path, str(path.relative_to(tmp_path)))
        assert doc is not None
        lessons.append(Parsed(LESSON.validate_python(doc.data), doc))
    for path in files.pools:
        doc, _problems = read_document(path, str(path.relative_to(tmp_path)))
        assert doc is not None
        pools.append(Parsed(QUIZ_POOL.validate_python(doc.data), doc))
    found = []
    for doc, loc, message in fairness_problems(lessons, pools):
        line, column = doc.position(loc)
        found.append(f"{doc.path}:{line}:{column}: {message}")
    return found


def test_the_longest_option_is_measured_as_a_reader_sees_it() -> None:
    question = SingleChoice(
        id="q",
        prompt="Which?",
        kind="single",
        options=[
            {"text": "<b>short</b>", "correct": True},  # type: ignore[list-item]
            {"text": "long"},  # type: ignore[list-item]
        ],
        explanation="x",
    )
    assert longest_is_right(question)


def test_a_theme_whose_right_answers_are_mostly_the_longest_is_warned(tmp_path: Path) -> None:
    # the corpus has 4 single items, each with the longest option right
    singles = [_single(n, right_is_longest=n < 4) for n in range(6)]
    found = _bank(tmp_path, singles)
    assert len(found) == 1
    assert found[0].startswith("lessons/critical-thinking/")
    assert (
        "critical-thinking: the right answer is the longest option in 8 of 10 single-choice"
        " items (80%; keep it to a third or fewer, so length gives nothing away" in found[0]
    )
    assert (
        "here and in ec-headline, ctr-emo-1, ctr-eot-2, fair-single-0, fair-single-1," in found[0]
    )
    assert found[0].endswith("fair-single-2 and 1 more)")


def test_a_third_or_fewer_is_fair(tmp_path: Path) -> None:
    # 4 of 12: a third
    singles = [_single(n, right_is_longest=False) for n in range(8)]
    assert _bank(tmp_path, singles) == []


def test_true_false_keys_that_lean_one_way_are_warned(tmp_path: Path) -> None:
    # the corpus has 4 true/false items, 2 of them true
    judged = [_true_false(n, answer=n != 0) for n in range(6)]
    found = _bank(tmp_path, judged)
    assert len(found) == 1
    assert (
        "critical-thinking: 7 of 10 true/false items are true (70%; keep between 35% and 65%,"
        ' so "true" is no safe guess: rewrite some items whose answer is true, such as' in found[0]
    )
    balanced = [_true_false(n, answer=n % 2 == 0) for n in range(6)]
    assert _bank(tmp_path / "again", balanced) == []


def test_a_near_duplicate_anywhere_in_the_bank_is_warned(tmp_path: Path) -> None:
    lesson = yaml.safe_load((VALID / "lessons/critical-thinking/emotion-check.yaml").read_text())
    first = lesson["questions"][0]
    copy = dict(first, id="ctr-copy", lesson="emotion-check")
    copy["prompt"] = first["prompt"].rstrip("?") + " now?"
    found = _bank(tmp_path, [copy])
    assert len(found) == 1
    assert found[0].startswith(f"{POOL}:")
    assert f'nearly the same item as "{first["id"]}" (lessons/critical-thinking/' in found[0]
    assert "test the technique on a different example" in found[0]


def test_the_checker_reports_them_as_warnings_and_strict_fails(tmp_path: Path) -> None:
    judged = [_true_false(n, answer=n != 0) for n in range(6)]
    _bank(tmp_path, judged)  # writes the bank
    relaxed = check_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path)
    strict = check_bank(tmp_path / "lessons", tmp_path / "quizzes", root=tmp_path, strict=True)
    warnings = [line for line in relaxed.lines if ": warning: critical-thinking: 7 of 10" in line]
    assert len(warnings) == 1
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
