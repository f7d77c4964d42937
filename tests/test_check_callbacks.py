"""The MIL check's button data: round trips, Telegram's 64 bytes, and malformed data."""

from __future__ import annotations

from bot.bank.limits import CALLBACK_DATA_BYTES
from bot.telegram.actions import OpenPostCheck, SortPost, StartCheck
from bot.telegram.callbacks import decode, encode


def test_the_check_buttons_round_trip_within_the_limit() -> None:
    for action in (
        StartCheck(),
        SortPost(7, 0, True),
        SortPost(2**63 - 1, 15, False),
        OpenPostCheck(3),
        OpenPostCheck(2**63 - 1),
    ):
        data = encode(action)
        assert decode(data) == action
        assert len(data.encode()) <= CALLBACK_DATA_BYTES


def test_malformed_sort_data_is_refused() -> None:
    for data in ("z:1:2", "z:1:2:2", "z:1:-2:1", "z:x:2:1", "z:-1", "z:1a", f"z:{2**63}"):
        assert decode(data) is None, data
