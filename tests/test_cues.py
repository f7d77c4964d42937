"""The cue rules on their own test sentences, in every language they cover, and the checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.bank import Bank
from bot.bank.check.checker import check_bank
from bot.bank.check.cues import load_cues
from bot.bank.cues import CUE_LANGUAGES, Technique
from bot.learning.post_check import Post, PostKind, check_post, cues_of

REPO = Path(__file__).resolve().parent.parent
CUES = REPO / "cues" / "cues.yaml"


def _cases() -> list[tuple[str, str]]:
    book, _ = load_cues(CUES, _lesson_ids())
    return [(rule.id, language) for rule in book.rules for language in rule.examples]


def _lesson_ids() -> set[str]:
    return {path.stem for path in (REPO / "lessons").rglob("*.yaml") if "." not in path.stem}


@pytest.mark.parametrize(("rule_id", "language"), _cases())
def test_each_rule_finds_its_sentence_and_not_the_other(
    bank: Bank, rule_id: str, language: str
) -> None:
    rule = bank.cues.by_id[rule_id]
    assert rule.finds(rule.examples[language].match)
    assert not rule.finds(rule.examples[language].no_match)


def test_the_shipped_rules_are_clean_and_cover_every_cue_language(bank: Bank) -> None:
    book, problems = load_cues(CUES, set(bank.lessons), "cues/cues.yaml")
    assert problems == []
    assert {rule.technique for rule in book.rules} == set(Technique)
    for rule in book.rules:
        assert set(CUE_LANGUAGES) <= set(rule.examples), rule.id


def test_no_rule_finds_another_rules_calm_sentence(bank: Bank) -> None:
    rules = bank.cues.rules
    found = [
        (rule.id, other.id, language)
        for rule in rules
        for other in rules
        for language, example in other.examples.items()
        if rule.finds(example.no_match)
    ]
    assert found == []


def test_what_counts_as_a_post_to_check(bank: Bank) -> None:
    book = bank.cues
    assert check_post(Post("hi there"), book) is None
    assert check_post(Post("ok thanks!"), book) is None
    assert check_post(Post("hi", forwarded=True), book) == check_post(
        Post("yo", forwarded=True), book
    )
    assert check_post(Post("look", has_link=True), book).kind is PostKind.LINK  # type: ignore[union-attr]
    photo = check_post(Post("", has_photo=True, has_link=True), book)
    assert photo is not None and photo.kind is PostKind.PHOTO
    assert [c.technique for c in cues_of(photo.mask, book, set(bank.lessons))] == [
        Technique.RECYCLED_IMAGE
    ]
    long_calm = check_post(Post("the bus to school leaves at eight from the main square"), book)
    assert long_calm is not None and long_calm.mask == 0
    short_cue = check_post(Post("СРОЧНО! Перешлите всем"), book)
    assert short_cue is not None
    assert [c.technique for c in cues_of(short_cue.mask, book, set(bank.lessons))] == [
        Technique.URGENCY
    ]


def test_a_cue_whose_lesson_left_the_bank_is_not_named(bank: Bank) -> None:
    check = check_post(Post("Experts say so", forwarded=True), bank.cues)
    assert check is not None
    assert cues_of(check.mask, bank.cues, set()) == ()


def test_the_checker_reports_broken_rules_with_line_and_column(tmp_path: Path) -> None:
    text = CUES.read_text(encoding="utf-8")
    broken = (
        text.replace("lesson: emotion-check", "lesson: no-such-lesson")
        .replace("'(шок\\w*|", "'(шок\\w*[|", 1)
        .replace('match: "Share this before it\'s deleted!"', 'match: "Please share"')
        .replace("technique: unnamed-expert", "technique: hype")
    )
    cues = tmp_path / "cues.yaml"
    cues.write_text(broken, encoding="utf-8")
    outcome = check_bank(REPO / "lessons", REPO / "quizzes", cues_file=cues, root=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.lines[:-1] == [
        'cues.yaml:71:16: unknown technique "hype" (use one of: emotional-language, urgency,'
        " unsourced-numbers, unnamed-expert, recycled-image)",
    ]
    cues.write_text(broken.replace("technique: hype", "technique: unnamed-expert"), "utf-8")
    outcome = check_bank(REPO / "lessons", REPO / "quizzes", cues_file=cues, root=tmp_path)
    assert outcome.lines[:-1] == [
        'cues.yaml:10:13: no lesson "no-such-lesson" in the bank (use the id of the lesson'
        " that teaches this technique)",
        "cues.yaml:14:12: this pattern is not a valid regular expression: unterminated"
        " character set at position 7 (check brackets and backslashes; in single quotes a"
        " backslash is written once)",
        "cues.yaml:37:19: the rule does not find this sentence, which it must (widen a pattern)",
    ]
