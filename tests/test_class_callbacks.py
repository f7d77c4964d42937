"""The classroom's buttons: packed and read back, within 64 bytes, and nothing else read."""

from __future__ import annotations

import pytest

from bot.bank.themes import Theme
from bot.telegram.callbacks import MAX_ID, decode, encode
from bot.telegram.class_actions import (
    ClassAction,
    ClassMenu,
    DeclineClass,
    JoinClass,
    LeaveClass,
    NewClass,
    PickDue,
    PickLessons,
    SetDue,
    StayInClass,
    TeachMenu,
)


@pytest.mark.parametrize(
    "action",
    [
        NewClass(),
        TeachMenu(),
        *(
            ClassMenu(7, verb)
            for verb in ("card", "rename", "relink", "close", "close-yes", "keep")
        ),
        ClassMenu(MAX_ID, "lessons"),
        PickLessons(3, Theme.CRITICAL_THINKING, 0),
        PickLessons(3, Theme.SUSTAINABILITY, 0b101),
        PickDue(MAX_ID, Theme.SUSTAINABILITY, 2**12 - 1),
        SetDue(MAX_ID, Theme.SUSTAINABILITY, 2**12 - 1, 2),  # the longest one
        SetDue(1, Theme.LITERACY, 1, 0),
        JoinClass("Ab-_0123456z"),
        DeclineClass(),
        LeaveClass(9, False),
        LeaveClass(9, True),
        StayInClass(),
    ],
)
def test_a_class_action_survives_its_button(action: ClassAction) -> None:
    data = encode(action)
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data",
    [
        "C:",
        "C:dance:1",
        "C:card",
        "C:card:-1",
        "C:card:1:2",
        "Cp:1:7:0",  # no eighth theme
        "Cp:1:0:4096",  # a mask past twelve lessons
        "Cd:1:0:0",  # nothing picked
        "Cw:1:0:1:3",  # no fourth due day
        "Cw:1:0:0:1",
        "Cj:short",
        "Cj:Ab-_0123456z:1",
        "Cj:Ab+_0123456z",
        "Cq:1:2",
        "Cn:1",
        "Cm:x",
        "Cx",
    ],
)
def test_a_malformed_class_button_is_not_read(data: str) -> None:
    assert decode(data) is None
