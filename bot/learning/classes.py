"""The classroom's rules: join codes and links, class names, due dates, and what a
learner's classes set them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bot.bank.content import Lesson
from bot.learning.class_records import Classroom

# secrets.token_urlsafe(9): 12 characters of the URL-safe alphabet, 72 random bits.
CODE_LENGTH = 12
CODE = re.compile(rf"^[A-Za-z0-9_-]{{{CODE_LENGTH}}}$")
PAYLOAD_PREFIX = "class-"
NAME_LIMIT = 64
# A teacher who asked to name a class and then went elsewhere: their text is a text again.
NAMING_TIME = timedelta(minutes=15)
NEW_CLASS = "class-new"
RENAME_PREFIX = "class-rename:"
# "by Friday", "in a week", "in two weeks"
DueChoice = Literal[0, 1, 2]
DUE_CHOICES: tuple[DueChoice, ...] = (0, 1, 2)


def code_from_payload(payload: str) -> str | None:
    """The join code in a /start payload, or None if the payload is not a class link."""
    code = payload.removeprefix(PAYLOAD_PREFIX)
    if payload.startswith(PAYLOAD_PREFIX) and CODE.fullmatch(code):
        return code
    return None


def payload_for(code: str) -> str:
    """The /start payload of a class's join link."""
    return PAYLOAD_PREFIX + code


NameProblem = Literal["empty", "long"]


@dataclass(frozen=True)
class NameRefused:
    """A class name that cannot be used, and why."""

    problem: NameProblem


def clean_name(text: str) -> str | NameRefused:
    """A class name as typed (spaces trimmed, on one line), or what is wrong with it."""
    name = " ".join(text.split())
    if not name:
        return NameRefused("empty")
    if len(name) > NAME_LIMIT:
        return NameRefused("long")
    return name


def due_on(choice: DueChoice, today: date) -> date:
    """The day a set of lessons is due: the coming Friday (today, on a Friday), or in one
    or two weeks."""
    if choice == 0:
        return today + timedelta(days=(4 - today.weekday()) % 7)
    return today + timedelta(weeks=choice)


def awaiting_name(awaiting: str | None, since: datetime | None, now: datetime) -> int | None:
    """What a text message names: 0 for a new class, a class id for a renaming, None when
    the learner was not asked (or asked too long ago)."""
    if awaiting is None or since is None or now - since > NAMING_TIME:
        return None
    if awaiting == NEW_CLASS:
        return 0
    number = awaiting.removeprefix(RENAME_PREFIX)
    if awaiting.startswith(RENAME_PREFIX) and number.isascii() and number.isdigit():
        return int(number)
    return None


ClassProblem = Literal["malformed", "unknown", "closed", "own"]


@dataclass(frozen=True)
class ClassUnavailable:
    """A join link that leads nowhere, and why."""

    problem: ClassProblem


@dataclass(frozen=True)
class Invitation:
    """A learner opened a class's join link; `member` if they are in it already."""

    classroom: Classroom
    member: bool


@dataclass(frozen=True)
class Joined:
    """A learner joined a class (`new`), or was in it already."""

    classroom: Classroom
    new: bool


@dataclass(frozen=True)
class SetLessons:
    """What one of the learner's classes set them: the lessons, how many are done, the
    next one to take, and the day they are due."""

    classroom: Classroom
    lessons: tuple[Lesson, ...]
    done: int
    next_lesson: Lesson | None
    due_on: date


@dataclass(frozen=True)
class Named:
    """A class just made (`new`) or renamed."""

    classroom: Classroom
    new: bool
