"""The teacher's report on one class: who joined, who finished the set lessons, accuracy
per theme, the items the class got wrong most, and the MIL check before and after.

Plain values from plain values: the members (first names, in the order they joined), the
class's set lessons, and their work as the store reads it. Every lesson figure counts a
learner's first answer to each question; a retake never hides what a class found hard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.bank.bank import Bank
from bot.bank.themes import THEMES, Theme
from bot.learning.class_checks import CheckComparison, compare_checks
from bot.learning.class_items import ItemStat, hardest, item_stats
from bot.learning.class_records import Assignment
from bot.learning.class_work import ClassWork
from bot.learning.mil_check import CHECK_ID
from bot.learning.records import Tally


class Joined(Protocol):
    """A member of a class, as the report needs them."""

    @property
    def learner_id(self) -> int: ...

    @property
    def first_name(self) -> str: ...


@dataclass(frozen=True)
class ThemeScore:
    """One theme across the class."""

    theme: Theme
    lessons: int  # lessons the theme has
    finished: int  # (member, lesson) pairs finished
    members: int
    correct: int
    answered: int

    @property
    def done_share(self) -> float:
        """Share of the theme's lessons the class has finished, all members together."""
        possible = self.lessons * self.members
        return self.finished / possible if possible else 0.0

    @property
    def accuracy(self) -> float | None:
        """Share of right answers, or None before any answer."""
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class LessonRow:
    """One member and one lesson they worked on or were set: a row of the CSV export."""

    first_name: str
    lesson_id: str
    theme: Theme
    assigned: bool
    finished: bool
    correct: int
    answered: int


@dataclass(frozen=True)
class ClassReport:
    """Everything `/class` shows about one class."""

    name: str
    members: tuple[str, ...]
    assigned: tuple[str, ...]
    due_on: date | None  # set whenever `assigned` is not empty
    finished_set: tuple[str, ...]  # members who finished every set lesson
    themes: tuple[ThemeScore, ...]
    hardest: tuple[ItemStat, ...]
    check: CheckComparison
    rows: tuple[LessonRow, ...]


def _manipulative(bank: Bank) -> dict[str, bool]:
    check = bank.checks.get(CHECK_ID)
    if check is None:
        return {}
    return {item.id: item.manipulative for form in check.forms for item in form.items}


def _themes(bank: Bank, work: ClassWork, members: int) -> tuple[ThemeScore, ...]:
    theme_of = {lesson.id: lesson.theme for lesson in bank.lessons.values()}
    finished: dict[Theme, int] = defaultdict(int)
    for _, lesson_id in work.finished:
        if lesson_id in theme_of:
            finished[theme_of[lesson_id]] += 1
    right: dict[Theme, int] = defaultdict(int)
    answered: dict[Theme, int] = defaultdict(int)
    for answer in work.answers:
        if answer.lesson_id in theme_of:
            answered[theme_of[answer.lesson_id]] += 1
            right[theme_of[answer.lesson_id]] += answer.correct
    return tuple(
        ThemeScore(
            theme,
            len(bank.by_theme[theme]),
            finished[theme],
            members,
            right[theme],
            answered[theme],
        )
        for theme in THEMES
    )


def _rows(
    bank: Bank, work: ClassWork, members: Sequence[Joined], assigned: tuple[str, ...]
) -> tuple[LessonRow, ...]:
    order = [lesson.id for theme in THEMES for lesson in bank.by_theme[theme]]
    tallies: dict[tuple[int, str], Tally] = {}
    for a in work.answers:
        was = tallies.get((a.learner_id, a.lesson_id), Tally(0, 0))
        tallies[a.learner_id, a.lesson_id] = Tally(was.correct + a.correct, was.total + 1)
    worked: dict[int, set[str]] = defaultdict(set)
    for learner, lesson in (*tallies, *work.finished):
        worked[learner].add(lesson)
    rows = []
    for member in members:
        me = member.learner_id
        for lesson_id in (i for i in order if i in worked[me] or i in assigned):
            tally = tallies.get((me, lesson_id), Tally(0, 0))
            rows.append(
                LessonRow(
                    member.first_name,
                    lesson_id,
                    bank.lessons[lesson_id].theme,
                    lesson_id in assigned,
                    (me, lesson_id) in work.finished,
                    tally.correct,
                    tally.total,
                )
            )
    return tuple(rows)


def build_class_report(
    bank: Bank,
    name: str,
    members: Sequence[Joined],
    work: ClassWork,
    assignment: Assignment | None = None,
) -> ClassReport:
    """The report on a class from its members' work (which the store read for exactly
    these members: a learner who left is in neither) and the lessons it set, if any."""
    lessons = assignment.lesson_ids if assignment else ()
    assigned = tuple(lesson for lesson in lessons if lesson in bank.lessons)
    finished_set = tuple(
        m.first_name
        for m in members
        if assigned and all((m.learner_id, lesson) in work.finished for lesson in assigned)
    )
    return ClassReport(
        name=name,
        members=tuple(m.first_name for m in members),
        assigned=assigned,
        due_on=assignment.due_on if assignment else None,
        finished_set=finished_set,
        themes=_themes(bank, work, len(members)),
        hardest=hardest(item_stats(bank, work.answers)),
        check=compare_checks(work.sortings, _manipulative(bank)),
        rows=_rows(bank, work, members, assigned),
    )
