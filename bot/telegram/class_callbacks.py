"""The classroom's callback data: verbs starting with "C", fields separated by `:`."""

from __future__ import annotations

from collections.abc import Callable

from bot.bank.themes import THEMES
from bot.learning.classes import CODE, DUE_CHOICES
from bot.telegram import class_actions as c

# A theme has well under twelve lessons: a mask of them stays small.
MAX_MASK = 2**12 - 1


def encode_class(action: c.ClassAction) -> str:
    """The callback data for a classroom action."""
    match action:
        case c.NewClass():
            return "C"
        case c.TeachMenu():
            return "Cm"
        case c.ClassMenu(class_id, verb):
            return f"C:{verb}:{class_id}"
        case c.PickLessons(class_id, theme, mask):
            return f"Cp:{class_id}:{THEMES.index(theme)}:{mask}"
        case c.PickDue(class_id, theme, mask):
            return f"Cd:{class_id}:{THEMES.index(theme)}:{mask}"
        case c.SetDue(class_id, theme, mask, due):
            return f"Cw:{class_id}:{THEMES.index(theme)}:{mask}:{due}"
        case c.JoinClass(code):
            return f"Cj:{code}"
        case c.DeclineClass():
            return "Cn"
        case c.LeaveClass(class_id, confirmed):
            return f"Cq:{class_id}:{int(confirmed)}"
        case c.StayInClass():
            return "Cs"


def decode_class(verb: str, parts: list[str], read: Callable[[str], int]) -> c.ClassAction | None:
    """The classroom action behind a verb and its fields, or None; `read` reads a plain
    decimal field (raising ValueError for anything else)."""
    if verb == "C":
        if not parts:
            return c.NewClass()
        if len(parts) == 2 and parts[0] in c.CLASS_VERBS:
            return c.ClassMenu(read(parts[1]), parts[0])  # type: ignore[arg-type]
        return None
    if verb == "Cj" and len(parts) == 1 and CODE.fullmatch(parts[0]):
        return c.JoinClass(parts[0])
    simple: dict[str, Callable[[], c.ClassAction]] = {
        "Cm": c.TeachMenu, "Cn": c.DeclineClass, "Cs": c.StayInClass,
    }  # fmt: skip
    if verb in simple and not parts:
        return simple[verb]()
    if verb == "Cq" and len(parts) == 2 and parts[1] in ("0", "1"):
        return c.LeaveClass(read(parts[0]), parts[1] == "1")
    sizes = {"Cp": 3, "Cd": 3, "Cw": 4}
    if verb not in sizes or len(parts) != sizes[verb]:
        return None
    numbers = [read(part) for part in parts]
    if numbers[1] >= len(THEMES) or numbers[2] > MAX_MASK:
        return None
    theme = THEMES[numbers[1]]
    if verb == "Cp":
        return c.PickLessons(numbers[0], theme, numbers[2])
    if not numbers[2]:
        return None  # no lesson picked: nothing to set
    if verb == "Cd":
        return c.PickDue(numbers[0], theme, numbers[2])
    return (
        c.SetDue(numbers[0], theme, numbers[2], numbers[3]) if numbers[3] in DUE_CHOICES else None
    )
