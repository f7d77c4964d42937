"""What a button means: one small record per kind of tap. `bot.telegram.callbacks` packs
them into Telegram's 64 bytes of callback data and reads them back."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank.themes import Theme
from bot.telegram.class_actions import ClassAction
from bot.telegram.review_actions import ReviewAction


@dataclass(frozen=True)
class Go:
    """Move past the card at `position` of an attempt."""

    attempt_id: int
    position: int


@dataclass(frozen=True)
class Choose:
    """Submit the options in `mask` for the question at `position`."""

    attempt_id: int
    position: int
    mask: int


@dataclass(frozen=True)
class Toggle:
    """Tick or untick option `option` of a several-answer question."""

    attempt_id: int
    position: int
    option: int


@dataclass(frozen=True)
class Check:
    """Submit the options ticked so far on a several-answer question."""

    attempt_id: int
    position: int


@dataclass(frozen=True)
class StartLesson:
    """Start (or retake) a lesson."""

    lesson_id: str


@dataclass(frozen=True)
class OpenTheme:
    """Show a theme's lessons."""

    theme: Theme


@dataclass(frozen=True)
class ChallengeFriend:
    """Make a challenge on a lesson the learner finished."""

    lesson_id: str


@dataclass(frozen=True)
class Notices:
    """Turn messages about friends' challenge results on or off."""

    on: bool


@dataclass(frozen=True)
class SetLanguage:
    """Speak another language; `index` points into the interface's language list."""

    index: int


@dataclass(frozen=True)
class Sources:
    """Show where a lesson's facts come from, with links and licences."""

    lesson_id: str


@dataclass(frozen=True)
class PostStep:
    """Show step `step` of the check of a post: its kind and the rules it showed (a mask);
    the post itself is never kept, so everything the next step needs travels here."""

    kind: str
    step: int
    mask: int


@dataclass(frozen=True)
class Pact:
    """Take the pledge (`take`), withdraw it, or make the badge (`badge`: with the name)."""

    verb: str


@dataclass(frozen=True)
class Topics:
    """Show the seven themes."""


@dataclass(frozen=True)
class Resume:
    """Show the card the learner is on."""


@dataclass(frozen=True)
class OptIn:
    """Answer the question whether reminders would help."""

    yes: bool


@dataclass(frozen=True)
class LocalHour:
    """The hour it is for the learner right now (their clock)."""

    hour: int


@dataclass(frozen=True)
class LocalDay:
    """The learner's UTC offset, once they said which day it is (minutes + 720)."""

    shifted_offset: int


@dataclass(frozen=True)
class RemindAt:
    """Reminders at this local hour."""

    hour: int


@dataclass(frozen=True)
class Reminders:
    """Turn reminders on (asks the time) or off."""

    on: bool


@dataclass(frozen=True)
class QuietHours:
    """Pick quiet hours, local time: no reminder from `start` until `end`."""

    start: int
    end: int


@dataclass(frozen=True)
class WeeklyGoal:
    """Pick a weekly goal: days a week."""

    days: int


@dataclass(frozen=True)
class StartCheck:
    """Start (or go on with) the MIL check that is due."""


@dataclass(frozen=True)
class SortPost:
    """Sort the post at `position` of a check run: manipulative (True) or trustworthy."""

    run_id: int
    position: int
    manipulative: bool


@dataclass(frozen=True)
class Forget:
    """Erase everything stored about the learner (`/forgetme`, confirmed). `since` is when
    the learner first came (`privacy.first_came`): a button left from before they started afresh
    erases nothing."""

    since: int


@dataclass(frozen=True)
class KeepData:
    """Keep the data after all (`/forgetme`, declined)."""


@dataclass(frozen=True)
class ShowClassReport:
    """Send the teacher the report on one of their classes."""

    class_id: int


@dataclass(frozen=True)
class OpenPostCheck:
    """A teacher opens the post MIL check for their class."""

    class_id: int


@dataclass(frozen=True)
class RoundTheme:
    """The teacher picks the theme of a group round for their class."""

    class_id: int
    theme: Theme


@dataclass(frozen=True)
class RoundNames:
    """Turn learners' names in the class's group round summaries on or off."""

    class_id: int
    on: bool


Action = (
    Go
    | Choose
    | Toggle
    | Check
    | StartLesson
    | ChallengeFriend
    | Sources
    | Notices
    | SetLanguage
    | OpenTheme
    | Topics
    | Resume
    | PostStep
    | Pact
    | OptIn
    | LocalHour
    | LocalDay
    | RemindAt
    | Reminders
    | WeeklyGoal
    | QuietHours
    | StartCheck
    | SortPost
    | Forget
    | KeepData
    | OpenPostCheck
    | RoundTheme
    | RoundNames
    | ReviewAction
    | ClassAction
    | ShowClassReport
)
