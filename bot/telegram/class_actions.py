"""What a classroom button means: the teacher's class card and lesson picker, a learner's
join and leave. `bot.telegram.callbacks` packs them like every other action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.bank.themes import Theme

# What a teacher does with one class from its card ("close-yes" confirms closing, "keep"
# thinks better of it).
ClassVerb = Literal["card", "rename", "relink", "close", "close-yes", "keep", "lessons"]
CLASS_VERBS: frozenset[str] = frozenset(
    {"card", "rename", "relink", "close", "close-yes", "keep", "lessons"}
)


@dataclass(frozen=True)
class NewClass:
    """Make a new class: ask for its name."""


@dataclass(frozen=True)
class TeachMenu:
    """Show the teacher's classes."""


@dataclass(frozen=True)
class ClassMenu:
    """Do `verb` with one of the teacher's classes."""

    class_id: int
    verb: ClassVerb


@dataclass(frozen=True)
class PickLessons:
    """Show a theme's lessons for the class to set, those in `mask` ticked."""

    class_id: int
    theme: Theme
    mask: int


@dataclass(frozen=True)
class PickDue:
    """Ask by when the picked lessons are due."""

    class_id: int
    theme: Theme
    mask: int


@dataclass(frozen=True)
class SetDue:
    """Set the picked lessons for the class, due by choice `due` (see `classes.due_on`)."""

    class_id: int
    theme: Theme
    mask: int
    due: int


@dataclass(frozen=True)
class JoinClass:
    """Join the class whose join code is `code`."""

    code: str


@dataclass(frozen=True)
class DeclineClass:
    """Say no to a class's invitation."""


@dataclass(frozen=True)
class LeaveClass:
    """Leave a class (`confirmed`: after the learner said yes)."""

    class_id: int
    confirmed: bool


@dataclass(frozen=True)
class StayInClass:
    """Stay in a class after all (the answer to "Leave?")."""


ClassAction = (
    NewClass | TeachMenu | ClassMenu | PickLessons | PickDue | SetDue | JoinClass
    | DeclineClass | LeaveClass | StayInClass
)  # fmt: skip
