"""The teacher's report as plain values: item analysis, pre/post check and the report
itself, against worked numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest

from bot.bank.bank import Bank
from bot.bank.themes import Theme
from bot.learning.class_checks import CheckComparison, PhaseScores, compare_checks
from bot.learning.class_csv import csv_document
from bot.learning.class_items import ItemStat, hardest, item_stats
from bot.learning.class_records import Assignment
from bot.learning.class_report import LessonRow, build_class_report
from bot.learning.class_work import CheckSorting, ClassWork, FirstAnswer
from bot.learning.memory_store import MemoryStore
from bot.learning.records import Learner
from bot.learning.tutor import Tutor

EC = "emotion-check"  # ec-headline: single, option 1 right; ec-fine-news: true-false, true;
# ec-pause: several, options 0, 1 and 3 right


@dataclass(frozen=True)
class Member:
    learner_id: int
    first_name: str


def _answers(question: str, *choices: tuple[str, bool]) -> list[FirstAnswer]:
    return [FirstAnswer(n, EC, question, c, ok) for n, (c, ok) in enumerate(choices, start=1)]


WORK = [
    # 5 learners on the headline: 2 chose option 0, 2 the right option 1, 1 option 2.
    *_answers("ec-headline", ("1", True), ("0", False), ("0", False), ("2", False), ("1", True)),
    # 3 on the several-answer question: one right, two ticked the rushing option 2.
    *_answers("ec-pause", ("0,1,3", True), ("0,2", False), ("1,2,3", False)),
    # 5 on the true-false one (0 is "true", the key): one said false.
    *_answers("ec-fine-news", ("0", True), ("0", True), ("1", False), ("0", True), ("0", True)),
]


def test_item_analysis_counts_each_option(bank: Bank) -> None:
    stats = {stat.question_id: stat for stat in item_stats(bank, WORK)}
    headline = stats["ec-headline"]
    assert headline == ItemStat(EC, "ec-headline", 5, 3, (2, 2, 1), frozenset({1}))
    assert headline.wrong_share == pytest.approx(0.6)
    assert [headline.share(i) for i in range(3)] == pytest.approx([0.4, 0.4, 0.2])
    pause = stats["ec-pause"]
    # Ticks, not learners: each of the four options was ticked by two of the three.
    assert pause == ItemStat(EC, "ec-pause", 3, 2, (2, 2, 2, 2), frozenset({0, 1, 3}))
    assert pause.share(2) == pytest.approx(2 / 3)
    assert stats["ec-fine-news"] == ItemStat(EC, "ec-fine-news", 5, 1, (4, 1), frozenset({0}))


def test_the_hardest_items_are_those_most_learners_got_wrong(bank: Bank) -> None:
    # A fourth item with 2 wrong out of 4 (a half): after ec-pause's 2 out of 3.
    more = WORK + _answers("eot-spot", ("0", False), ("1", False), ("2", True), ("2", True))
    more = [
        FirstAnswer(a.learner_id, "either-or-trap", a.question_id, a.choice, a.correct)
        if a.question_id == "eot-spot"
        else a
        for a in more
    ]
    ranked = hardest(item_stats(bank, more))
    assert [s.question_id for s in ranked] == ["ec-headline", "ec-pause", "eot-spot"]
    assert [s.question_id for s in hardest(item_stats(bank, more), 5)][-1] == "ec-fine-news"
    everyone_right = _answers("ec-headline", ("1", True), ("1", True))
    assert hardest(item_stats(bank, everyone_right)) == ()


def test_answers_to_questions_the_bank_no_longer_has_are_left_out(bank: Bank) -> None:
    gone = [
        FirstAnswer(1, "retired-lesson", "q", "0", False),
        FirstAnswer(1, EC, "retired-question", "0", False),
    ]
    assert item_stats(bank, gone) == []


KIND = {"t1": True, "t2": True, "r1": False, "r2": False}  # two tricks, two real posts
Z = 0.9674215661017014  # z(2.5 / 3): the corrected rate of 2 out of 2 (and −z for 0 of 2)


def _run(learner: int, run: int, phase: str, *said: bool) -> list[CheckSorting]:
    return [
        CheckSorting(learner, run, phase, item, s)  # type: ignore[arg-type]
        for item, s in zip(KIND, said, strict=True)
    ]


def test_the_check_compares_mean_d_prime_and_c_before_and_after() -> None:
    sortings = [
        *_run(1, 10, "pre", True, True, False, False),  # perfect: d′ = 2z, c = 0
        *_run(2, 11, "pre", True, True, True, True),  # all fake: d′ = 0, c = −z
        *_run(1, 12, "pre", False, False, True, True),  # a second pre run: not counted
        *_run(1, 13, "post", True, True, False, False),  # perfect again
        *_run(3, 14, "post", False, False, False, False),  # all trusted: d′ = 0, c = +z
        CheckSorting(3, 14, "post", "retired-item", True),  # no longer in the bank
    ]
    result = compare_checks(sortings, KIND)
    assert result.pre.takers == 2 and result.post.takers == 2 and result.both == 1
    assert result.pre.d_prime == pytest.approx(Z)  # (2z + 0) / 2
    assert result.pre.c == pytest.approx(-Z / 2)  # (0 − z) / 2
    assert result.post.d_prime == pytest.approx(Z)
    assert result.post.c == pytest.approx(Z / 2)
    assert compare_checks([], KIND) == CheckComparison(
        PhaseScores(0, None, None), PhaseScores(0, None, None), 0
    )


def test_the_report_names_members_and_who_finished_the_set_lessons(bank: Bank) -> None:
    members = [Member(1, "Amina"), Member(2, "Ben")]
    work = ClassWork(
        answers=(
            FirstAnswer(1, EC, "ec-headline", "1", True),
            FirstAnswer(1, EC, "ec-pause", "0,2", False),
            FirstAnswer(2, EC, "ec-headline", "0", False),
        ),
        finished=frozenset({(1, EC), (1, "either-or-trap"), (2, EC)}),
    )
    set_lessons = (EC, "either-or-trap", "no-such-lesson")
    assignment = Assignment(9, set_lessons, date(2026, 12, 7), datetime(2026, 12, 4, tzinfo=UTC))
    report = build_class_report(bank, "7B", members, work, assignment)
    assert report.members == ("Amina", "Ben")
    assert report.assigned == (EC, "either-or-trap")
    assert report.finished_set == ("Amina",)
    critical = report.themes[0]
    assert critical.theme is Theme.CRITICAL_THINKING
    lessons = len(bank.by_theme[Theme.CRITICAL_THINKING])
    assert (critical.finished, critical.lessons, critical.members) == (3, lessons, 2)
    assert critical.done_share == pytest.approx(3 / (2 * lessons))
    assert critical.accuracy == pytest.approx(1 / 3)
    assert report.themes[1].accuracy is None and report.themes[1].done_share == 0
    # One wrong answer each: 1 of 1 on ec-pause comes before 1 of 2 on the headline.
    assert [s.question_id for s in report.hardest] == ["ec-pause", "ec-headline"]
    theme = Theme.CRITICAL_THINKING
    assert report.rows == (
        LessonRow("Amina", EC, theme, assigned=True, finished=True, correct=1, answered=2),
        LessonRow("Amina", "either-or-trap", theme, True, True, 0, 0),
        LessonRow("Ben", EC, theme, True, True, 0, 1),
        LessonRow("Ben", "either-or-trap", theme, True, False, 0, 0),
    )


def test_with_no_set_lessons_nobody_has_finished_them(bank: Bank) -> None:
    work = ClassWork(finished=frozenset({(1, EC)}))
    report = build_class_report(bank, "7B", [Member(1, "Amina")], work)
    assert report.finished_set == () and report.assigned == ()
    assert report.rows == (LessonRow("Amina", EC, Theme.CRITICAL_THINKING, False, True, 0, 0),)


def test_the_csv_quotes_what_a_spreadsheet_would_run() -> None:
    rows: list[list[str | int]] = [
        ['=HYPERLINK("http://x")', 3],
        ["+1", 0],
        ["-2", 1],
        ["@SUM(A1)", 2],
        ['Amina, "Mina"', 4],
        ["Ольга", 5],
    ]
    document = csv_document(["First name", "Right"], rows)
    assert document.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(document.decode("utf-8-sig"))))
    assert parsed == [
        ["First name", "Right"],
        ['\'=HYPERLINK("http://x")', "3"],
        ["'+1", "0"],
        ["'-2", "1"],
        ["'@SUM(A1)", "2"],
        ['Amina, "Mina"', "4"],
        ["Ольга", "5"],
    ]


async def test_only_the_teacher_of_an_open_class_gets_its_report(bank: Bank) -> None:
    store = MemoryStore()
    now = datetime(2026, 12, 4, tzinfo=UTC)
    for learner, name in ((1, None), (2, "Amina"), (3, None)):
        await store.save_learner(Learner(learner, "en", now, now, first_name=name))
    made = await store.classes.create_class(1, "7B", "abcdefghijkl", now)
    await store.classes.join(made.id, 2, now)
    desk = Tutor(bank, store).class_reports
    assert [c.name for c in await desk.classes(1)] == ["7B"]
    assert await desk.classes(3) == []
    report = await desk.report(1, made.id)
    assert report is not None and report.members == ("Amina",)
    assert await desk.report(3, made.id) is None  # someone else's class
    assert await desk.report(1, made.id + 1) is None  # no such class
    await store.classes.update_class(replace(made, closed_at=now))
    assert await desk.report(1, made.id) is None  # closed
