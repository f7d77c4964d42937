"""The learner's progress report: per theme, lessons done and accuracy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.bank.bank import Bank
from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.records import PeerRecord, Tally

NO_PEERS = PeerRecord(0, 0)
LessonStatus = Literal["done", "next", "open", "locked"]


@dataclass(frozen=True)
class ThemeEntry:
    """One theme's progress."""

    theme: Theme
    done: int
    total: int
    correct: int
    answered: int

    @property
    def accuracy(self) -> float | None:
        """Share of right answers, or None before any answer."""
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class ProgressReport:
    """Everything `/progress` shows."""

    themes: tuple[ThemeEntry, ...]
    days_active: int
    peers: PeerRecord = NO_PEERS

    @property
    def lessons_done(self) -> int:
        """Lessons finished across all themes."""
        return sum(entry.done for entry in self.themes)


def build_report(
    bank: Bank,
    done: frozenset[str],
    tallies: Mapping[str, Tally],
    days_active: int,
    peers: PeerRecord = NO_PEERS,
) -> ProgressReport:
    """Sum up progress per theme from finished lessons and answer tallies."""
    entries = []
    for theme in Theme:
        lessons = bank.by_theme[theme]
        ids = {lesson.id for lesson in lessons}
        entries.append(
            ThemeEntry(
                theme,
                done=len(ids & done),
                total=len(lessons),
                correct=sum(t.correct for lid, t in tallies.items() if lid in ids),
                answered=sum(t.total for lid, t in tallies.items() if lid in ids),
            )
        )
    return ProgressReport(tuple(entries), days_active, peers)


def lesson_statuses(
    bank: Bank, theme: Theme, done: frozenset[str], language: str
) -> list[tuple[Lesson, LessonStatus]]:
    """A theme's lessons in order, each done, next (the first one open), open or locked."""
    entries: list[tuple[Lesson, LessonStatus]] = []
    suggested = False
    for lesson in bank.by_theme[theme]:
        status: LessonStatus
        if lesson.id in done:
            status = "done"
        elif any(p not in done for p in lesson.prerequisites):
            status = "locked"
        elif not suggested:
            status, suggested = "next", True
        else:
            status = "open"
        entries.append((bank.lesson(lesson.id, language), status))
    return entries
