"""Callback data: what a button means, packed into Telegram's 64 bytes.

Every payload starts with a one-letter verb; fields are separated by `:`. Lesson ids are
at most 32 characters (the bank's checker enforces it), and a test proves the longest
payload stays within the limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from bot.bank.limits import CALLBACK_DATA_BYTES
from bot.bank.themes import THEMES, Theme
from bot.telegram import actions as a
from bot.telegram import class_actions as ca
from bot.telegram import review_actions as r
from bot.telegram.class_callbacks import decode_class, encode_class

POST_KINDS = frozenset({"t", "l", "p", "f"})  # a text, a link, a photo, a forward
PACT_VERBS = frozenset({"take", "withdraw", "badge-name", "badge-plain"})


# Each action's verb; its fields follow in order, each after a `:` (see `_field`).
VERBS: dict[type[a.Action], str] = {
    a.Go: "g", a.Choose: "c", a.Toggle: "t", a.Check: "k", a.StartLesson: "l",
    a.ChallengeFriend: "x", a.Sources: "i", a.Notices: "n", a.SetLanguage: "v",
    a.OpenTheme: "h", a.Topics: "m", a.Resume: "r", a.PostStep: "s", a.Pact: "p",
    r.Review: "j", r.ReviewPick: "q", r.ReviewTick: "T", r.ReviewCheck: "Q",
    r.ReviewSure: "f", r.ReviewNext: "w", a.OptIn: "a", a.LocalHour: "u", a.LocalDay: "d",
    a.RemindAt: "y", a.Reminders: "o", a.WeeklyGoal: "e", a.QuietHours: "b",
    a.Forget: "E", a.KeepData: "K", a.ShowClassReport: "rep",
    # The MIL check: start it, sort one of its posts; a teacher opens it for a class.
    a.StartCheck: "z", a.SortPost: "z", a.OpenPostCheck: "z",
    a.RoundTheme: "rt", a.RoundNames: "rn",  # a class's group rounds: theme, names shown
}  # fmt: skip


def _field(value: object) -> str:
    """One field as the callback data carries it: a switch as 0 or 1, a theme as its
    index, anything else as written."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Theme):
        return str(THEMES.index(value))
    return str(value)


def encode(action: a.Action) -> str:
    """The callback data for an action."""
    if isinstance(action, ca.ClassAction):
        data = encode_class(action)
    else:
        fields = [_field(getattr(action, field.name)) for field in dataclasses.fields(action)]
        data = ":".join([VERBS[type(action)], *fields])
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
    if verb == "T" and numbers[2] >= 2**MAX_OPTIONS:  # no tick left is a mask too
        return False
    if verb == "Q" and not 0 < numbers[2] < 2**MAX_OPTIONS:
        return False
    if verb == "t" and numbers[2] >= MAX_OPTIONS:
        return False
    if verb == "f" and numbers[2] > 2:  # three levels of confidence
        return False
    if verb in "uyb" and max(numbers) >= 24:  # hours of the day
        return False
    return not (verb in "qwTQ" and numbers[1] > MAX_POSITION)


# verb -> how many numbers it carries
_ARITY = {"g": 2, "c": 3, "t": 3, "k": 2, "v": 1, "q": 3, "f": 3, "w": 2, "u": 1, "d": 1,
          "y": 1, "e": 1, "b": 2, "E": 1, "T": 3, "Q": 3}  # fmt: skip
_NUMBERED: dict[str, Callable[..., a.Action]] = {
    "g": a.Go, "c": a.Choose, "t": a.Toggle, "k": a.Check, "v": a.SetLanguage, "q": r.ReviewPick,
    "f": r.ReviewSure, "w": r.ReviewNext, "u": a.LocalHour, "d": a.LocalDay, "y": a.RemindAt,
    "e": a.WeeklyGoal, "b": a.QuietHours, "E": a.Forget, "T": r.ReviewTick, "Q": r.ReviewCheck,
}  # fmt: skip
_NAMED: dict[str, Callable[[str], a.Action]] = {
    "l": a.StartLesson, "x": a.ChallengeFriend, "i": a.Sources,
}  # fmt: skip
_SWITCHES: dict[str, Callable[[bool], a.Action]] = {
    "n": a.Notices, "a": a.OptIn, "o": a.Reminders, "j": r.Review,
}  # fmt: skip


def decode(data: str) -> a.Action | None:
    """The action behind callback data, or None for anything malformed, out of range or
    unknown (the tap then gets a polite "out of date")."""
    if len(data.encode()) > CALLBACK_DATA_BYTES:
        return None
    verb, colon, rest = data.partition(":")
    parts = rest.split(":") if rest else []
    try:
        if verb.startswith("C"):  # the classroom's
            return decode_class(verb, rest.split(":") if colon else [], _number)
        if verb in _ARITY:
            numbers = [_number(part) for part in parts]
            if len(numbers) != _ARITY[verb] or not _in_range(verb, numbers):
                return None
            return _NUMBERED[verb](*numbers)
        if verb == "z" and len(parts) == 3 and parts[2] in ("0", "1"):
            return a.SortPost(_number(parts[0]), _number(parts[1]), parts[2] == "1")
        if verb == "rep" and len(parts) == 1:
            return a.ShowClassReport(_number(parts[0]))
        if verb == "z" and len(parts) == 1:
            return a.OpenPostCheck(_number(parts[0]))
        if verb == "h" and len(parts) == 1:
            index = _number(parts[0])
            return a.OpenTheme(THEMES[index]) if index < len(THEMES) else None
        if verb == "s" and len(parts) == 3 and parts[0] in POST_KINDS:
            return a.PostStep(parts[0], _number(parts[1]), _number(parts[2]))
        if verb == "rt" and len(parts) == 2 and _number(parts[1]) < len(THEMES):
            return a.RoundTheme(_number(parts[0]), THEMES[_number(parts[1])])
        if verb == "rn" and len(parts) == 2 and parts[1] in ("0", "1"):
            return a.RoundNames(_number(parts[0]), parts[1] == "1")
    except ValueError:
        return None
    if verb in _NAMED and len(parts) == 1 and parts[0]:
        return _NAMED[verb](parts[0])
    if verb in _SWITCHES and parts in (["0"], ["1"]):
        return _SWITCHES[verb](parts[0] == "1")
    if verb == "p" and len(parts) == 1 and parts[0] in PACT_VERBS:
        return a.Pact(parts[0])
    if verb == "m" and not parts:
        return a.Topics()
    if verb == "r" and not parts:
        return a.Resume()
    if verb == "z" and not parts:
        return a.StartCheck()
    if verb == "K" and not parts:
        return a.KeepData()
    return None
