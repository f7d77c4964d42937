"""Callback data: what a button means, packed into Telegram's 64 bytes.

Every payload starts with a one-letter verb; fields are separated by `:`. Lesson ids are
at most 32 characters (the bank's checker enforces it), and a test proves the longest
payload stays within the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank.limits import CALLBACK_DATA_BYTES
from bot.bank.themes import THEMES, Theme


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
class Topics:
    """Show the seven themes."""


@dataclass(frozen=True)
class Resume:
    """Show the card the learner is on."""


@dataclass(frozen=True)
class Review:
    """Start a review round (or a bonus round of items not seen yet)."""

    bonus: bool


@dataclass(frozen=True)
class ReviewPick:
    """Answer the review item at `position` of a round with option `option`."""

    round_id: int
    position: int
    option: int


@dataclass(frozen=True)
class ReviewSure:
    """Say how sure the learner was of a review answer (0 guessed, 1 fairly, 2 certain)."""

    round_id: int
    position: int
    level: int


@dataclass(frozen=True)
class ReviewNext:
    """Move past a review verdict."""

    round_id: int
    position: int


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


Action = (
    Go
    | Choose
    | Toggle
    | Check
    | StartLesson
    | ChallengeFriend
    | Notices
    | SetLanguage
    | OpenTheme
    | Topics
    | Resume
    | Review
    | ReviewPick
    | ReviewSure
    | ReviewNext
    | OptIn
    | LocalHour
    | LocalDay
    | RemindAt
    | Reminders
    | WeeklyGoal
    | QuietHours
)


def encode(action: Action) -> str:
    """The callback data for an action."""
    match action:
        case Go(attempt, position):
            data = f"g:{attempt}:{position}"
        case Choose(attempt, position, mask):
            data = f"c:{attempt}:{position}:{mask}"
        case Toggle(attempt, position, option):
            data = f"t:{attempt}:{position}:{option}"
        case Check(attempt, position):
            data = f"k:{attempt}:{position}"
        case StartLesson(lesson_id):
            data = f"l:{lesson_id}"
        case ChallengeFriend(lesson_id):
            data = f"x:{lesson_id}"
        case Notices(on):
            data = f"n:{int(on)}"
        case SetLanguage(index):
            data = f"v:{index}"
        case OpenTheme(theme):
            data = f"h:{THEMES.index(theme)}"
        case Topics():
            data = "m"
        case Resume():
            data = "r"
        case Review(bonus):
            data = f"j:{int(bonus)}"
        case ReviewPick(round_id, position, option):
            data = f"q:{round_id}:{position}:{option}"
        case ReviewSure(round_id, position, level):
            data = f"f:{round_id}:{position}:{level}"
        case ReviewNext(round_id, position):
            data = f"w:{round_id}:{position}"
        case OptIn(yes):
            data = f"a:{int(yes)}"
        case LocalHour(hour):
            data = f"u:{hour}"
        case LocalDay(shifted):
            data = f"d:{shifted}"
        case RemindAt(hour):
            data = f"y:{hour}"
        case Reminders(on):
            data = f"o:{int(on)}"
        case WeeklyGoal(days):
            data = f"e:{days}"
        case QuietHours(start, end):
            data = f"b:{start}:{end}"
    if len(data.encode()) > CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data over {CALLBACK_DATA_BYTES} bytes: {data!r}")
    return data


def decode(data: str) -> Action | None:
    """The action behind callback data, or None for anything malformed or unknown."""
    verb, _, rest = data.partition(":")
    parts = rest.split(":") if rest else []
    try:
        numbers = [int(part) for part in parts] if verb in "gctkvqfwudyeb" else []
        if any(n < 0 for n in numbers):
            return None
        if verb == "g" and len(numbers) == 2:
            return Go(numbers[0], numbers[1])
        if verb == "c" and len(numbers) == 3:
            return Choose(numbers[0], numbers[1], numbers[2])
        if verb == "t" and len(numbers) == 3:
            return Toggle(numbers[0], numbers[1], numbers[2])
        if verb == "k" and len(numbers) == 2:
            return Check(numbers[0], numbers[1])
        if verb == "q" and len(numbers) == 3:
            return ReviewPick(numbers[0], numbers[1], numbers[2])
        if verb == "f" and len(numbers) == 3 and numbers[2] <= 2:
            return ReviewSure(numbers[0], numbers[1], numbers[2])
        if verb == "w" and len(numbers) == 2:
            return ReviewNext(numbers[0], numbers[1])
        if verb == "u" and len(numbers) == 1 and numbers[0] < 24:
            return LocalHour(numbers[0])
        if verb == "d" and len(numbers) == 1:
            return LocalDay(numbers[0])
        if verb == "y" and len(numbers) == 1 and numbers[0] < 24:
            return RemindAt(numbers[0])
        if verb == "b" and len(numbers) == 2 and max(numbers) < 24:
            return QuietHours(numbers[0], numbers[1])
        if verb == "e" and len(numbers) == 1:
            return WeeklyGoal(numbers[0])
        if verb == "a" and parts in (["0"], ["1"]):
            return OptIn(parts[0] == "1")
        if verb == "o" and parts in (["0"], ["1"]):
            return Reminders(parts[0] == "1")
        if verb == "j" and parts in (["0"], ["1"]):
            return Review(parts[0] == "1")
        if verb == "v" and len(numbers) == 1:
            return SetLanguage(numbers[0])
        if verb == "l" and len(parts) == 1 and parts[0]:
            return StartLesson(parts[0])
        if verb == "x" and len(parts) == 1 and parts[0]:
            return ChallengeFriend(parts[0])
        if verb == "n" and parts in (["0"], ["1"]):
            return Notices(parts[0] == "1")
        if verb == "h" and len(parts) == 1:
            return OpenTheme(THEMES[int(parts[0])])
    except (ValueError, IndexError):
        return None
    if verb == "m" and not parts:
        return Topics()
    if verb == "r" and not parts:
        return Resume()
    return None
