"""Menus the adapters render, decided in the core: what to list, and in which language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.learning.cards import Card
from bot.learning.classes import SetLessons
from bot.learning.progress import LessonStatus, ThemeEntry
from bot.learning.records import Learner


@dataclass(frozen=True)
class Topics:
    """The seven themes with the learner's progress; `in_english` when the learner's
    language has no lessons of its own, so the menu can say the lessons are in English."""

    entries: tuple[ThemeEntry, ...]
    in_english: bool
    # What the learner's classes set them, shown first.
    set_lessons: tuple[SetLessons, ...] = ()


@dataclass(frozen=True)
class ThemeMenu:
    """One theme's lessons in order, each marked done, next, open or locked."""

    theme: Theme
    lessons: tuple[tuple[Lesson, LessonStatus], ...]
    in_english: bool


@dataclass(frozen=True)
class LanguageChange:
    """The learner after a change of language; `lessons_translated` when the lessons
    speak it too (else only the menus do)."""

    learner: Learner
    lessons_translated: bool


@dataclass(frozen=True)
class Meeting:
    """Who the learner is, whether this is their first visit, and where they left off."""

    learner: Learner
    new: bool
    resume: Card | None
    first_lesson: Lesson | None
