"""Buttons of the post check, the pact, /forgetme and the class report: packed, read back,
nothing else read."""

from __future__ import annotations

import pytest

from bot.telegram.actions import Forget, KeepData, Pact, PostStep, ShowClassReport
from bot.telegram.callbacks import decode, encode


@pytest.mark.parametrize(
    "action",
    [
        PostStep("t", 1, 0),
        PostStep("l", 3, 31),
        PostStep("p", 2, (1 << 40) - 1),  # a mask for forty rules still fits
        PostStep("f", 0, 5),
        Pact("take"),
        Pact("withdraw"),
        Pact("badge-name"),
        Pact("badge-plain"),
        Forget(1772443800),
        Forget(2**63 - 1),
        KeepData(),
        ShowClassReport(1),
        ShowClassReport(2**63 - 1),
    ],
)
def test_an_action_survives_its_button(
    action: PostStep | Pact | Forget | KeepData | ShowClassReport,
) -> None:
    data = encode(action)
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data",
    [
        "s:x:1:0",
        "s:t:1",
        "s:t:-1:0",
        "s:t:1:-2",
        "s:t:a:0",
        "p:",
        "p:dance",
        "p:take:1",
        "E",
        "E:",
        "E:-1",
        "E:1:2",
        "E:2e9",
        "K:1",
        "k",
        *("rep:", "rep:-1", "rep:1:2", "rep:x", "rep:9223372036854775808", "rep:١"),
    ],
)
def test_a_malformed_button_is_not_read(data: str) -> None:
    assert decode(data) is None
