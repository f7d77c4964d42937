"""Callback data: what a button means, packed into Telegram's 64 bytes.

Every payload starts with a one-letter verb; fields are separated by `:`. Lesson ids are
at most 32 characters (the bank's checker enforces it), and a test proves the longest
payload stays within the limit.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.bank.limits import CALLBACK_DATA_BYTES
from bot.bank.themes import THEMES
from bot.telegram.actions import (
    Action,
    ChallengeFriend,
    Check,
    Choose,
    Go,
    LocalDay,
    LocalHour,
    Notices,
    OpenTheme,
    OptIn,
    Pact,
    PostStep,
    QuietHours,
    RemindAt,
    Reminders,
    Resume,
    Review,
    ReviewNext,
    ReviewPick,
    ReviewSure,
    SetLanguage,
    SortPost,
    Sources,
    StartCheck,
    StartLesson,
    Toggle,
    Topics,
    WeeklyGoal,
)

POST_KINDS = frozenset({"t", "l", "p", "f"})  # a text, a link, a photo, a forward
PACT_VERBS = frozenset({"take", "withdraw", "badge-name", "badge-plain"})


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
        case Sources(lesson_id):
            data = f"i:{lesson_id}"
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
        case PostStep(kind, step, mask):
            data = f"s:{kind}:{step}:{mask}"
        case Pact(verb):
            data = f"p:{verb}"
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
        case StartCheck():
            data = "z"
        case SortPost(run_id, position, manipulative):
            data = f"z:{run_id}:{position}:{int(manipulative)}"  # sort a post of the MIL check
    if len(data.encode()) > CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data over {CALLBACK_DATA_BYTES} bytes: {data!r}")
    return data


# Ranges a real button never leaves: a lesson has far fewer cards, a question at most
# Telegram's 12 poll options, and database ids fit in 63 bits.
MAX_ID = 2**63 - 1
MAX_POSITION = 255
MAX_OPTIONS = 12


def _number(part: str) -> int:
    """A plain decimal number: ASCII digits only (no sign, spaces, `_` or other scripts'
    digits, all of which `int` would take), within 63 bits."""
    if not (part.isascii() and part.isdigit()) or len(part) > 19 or int(part) > MAX_ID:
        raise ValueError(part)
    return int(part)


def _in_range(verb: str, numbers: list[int]) -> bool:
    if verb in "gctk" and numbers[1] > MAX_POSITION:
        return False
    if verb == "c" and not 0 < numbers[2] < 2**MAX_OPTIONS:
        return False
    if verb == "t" and numbers[2] >= MAX_OPTIONS:
        return False
    if verb == "f" and numbers[2] > 2:  # three levels of confidence
        return False
    if verb in "uyb" and max(numbers) >= 24:  # hours of the day
        return False
    return not (verb in "qw" and numbers[1] > MAX_POSITION)


# verb -> how many numbers it carries
_ARITY = {"g": 2, "c": 3, "t": 3, "k": 2, "v": 1, "q": 3, "f": 3, "w": 2, "u": 1, "d": 1,
          "y": 1, "e": 1, "b": 2}  # fmt: skip
_NUMBERED: dict[str, Callable[..., Action]] = {
    "g": Go, "c": Choose, "t": Toggle, "k": Check, "v": SetLanguage, "q": ReviewPick,
    "f": ReviewSure, "w": ReviewNext, "u": LocalHour, "d": LocalDay, "y": RemindAt,
    "e": WeeklyGoal, "b": QuietHours,
}  # fmt: skip
_NAMED: dict[str, Callable[[str], Action]] = {
    "l": StartLesson, "x": ChallengeFriend, "i": Sources,
}  # fmt: skip
_SWITCHES: dict[str, Callable[[bool], Action]] = {
    "n": Notices, "a": OptIn, "o": Reminders, "j": Review,
}  # fmt: skip


def decode(data: str) -> Action | None:
    """The action behind callback data, or None for anything malformed, out of range or
    unknown (the tap then gets a polite "out of date")."""
    if len(data.encode()) > CALLBACK_DATA_BYTES:
        return None
    verb, _, rest = data.partition(":")
    parts = rest.split(":") if rest else []
    try:
        if verb in _ARITY:
            numbers = [_number(part) for part in parts]
            if len(numbers) != _ARITY[verb] or not _in_range(verb, numbers):
                return None
            return _NUMBERED[verb](*numbers)
        if verb == "z" and len(parts) == 3 and parts[2] in ("0", "1"):
            return SortPost(_number(parts[0]), _number(parts[1]), parts[2] == "1")
        if verb == "h" and len(parts) == 1:
            index = _number(parts[0])
            return OpenTheme(THEMES[index]) if index < len(THEMES) else None
        if verb == "s" and len(parts) == 3 and parts[0] in POST_KINDS:
            return PostStep(parts[0], _number(parts[1]), _number(parts[2]))
    except ValueError:
        return None
    if verb in _NAMED and len(parts) == 1 and parts[0]:
        return _NAMED[verb](parts[0])
    if verb in _SWITCHES and parts in (["0"], ["1"]):
        return _SWITCHES[verb](parts[0] == "1")
    if verb == "p" and len(parts) == 1 and parts[0] in PACT_VERBS:
        return Pact(parts[0])
    if verb == "m" and not parts:
        return Topics()
    if verb == "r" and not parts:
        return Resume()
    if verb == "z" and not parts:
        return StartCheck()
    return None
