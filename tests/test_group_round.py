"""The group round's core: the items a theme offers, what a round does at a given time,
the summary of members' votes; and its buttons, packed and read back."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.bank.bank import Bank
from bot.bank.content import SingleChoice
from bot.bank.themes import THEMES, Theme
from bot.learning.group_round import (
    AskNext,
    Summarise,
    Wait,
    next_move,
    numbered,
    pick_items,
    summarise,
    theme_items,
    themes_with_items,
)
from bot.learning.round_records import GroupRound, RoundAnswer, RoundPoll
from bot.telegram.actions import RoundNames, RoundTheme
from bot.telegram.callbacks import decode, encode

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ROUND = GroupRound(1, 7, -100, "literacy", ("a", "b", "c"), NOW)


def _poll(position: int, closes: datetime, correct: int = 1) -> RoundPoll:
    return RoundPoll(f"p{position}", 1, position, "abc"[position], correct, closes)


def test_a_theme_offers_single_choice_pool_items_that_fit_a_poll(bank: Bank) -> None:
    items = theme_items(bank, Theme.LITERACY)
    assert len(items) >= 5
    for item_id in items:
        question = bank.questions[item_id][1]
        assert isinstance(question, SingleChoice)
        lesson = bank.lessons[question.lesson or ""]
        assert lesson.theme is Theme.LITERACY
    assert themes_with_items(bank) == THEMES  # every theme can be played
    picked = pick_items(items, random.Random(3))
    assert len(picked) == len(set(picked)) == 5 and set(picked) <= set(items)


def test_a_poll_says_its_place_in_the_round_while_it_fits() -> None:
    assert numbered(1, 5, "Which post is an ad?") == "2/5 · Which post is an ad?"
    assert numbered(0, 5, "q" * 295) == "q" * 295  # 300 characters at most


def test_a_round_asks_waits_and_sums_up_as_its_polls_close() -> None:
    assert next_move(ROUND, [], NOW) == AskNext(0)
    first = _poll(0, NOW + timedelta(seconds=45))
    assert next_move(ROUND, [first], NOW + timedelta(seconds=44)) == Wait()
    assert next_move(ROUND, [first], NOW + timedelta(seconds=45)) == AskNext(1)
    # The bot was away longer than five minutes after the poll closed: sum up what was asked.
    assert next_move(ROUND, [first], NOW + timedelta(minutes=5, seconds=46)) == Summarise()
    polls = [first, _poll(1, NOW + timedelta(seconds=90)), _poll(2, NOW + timedelta(seconds=135))]
    assert next_move(ROUND, polls, NOW + timedelta(seconds=134)) == Wait()
    assert next_move(ROUND, polls, NOW + timedelta(seconds=135)) == Summarise()


def test_the_summary_counts_members_only_and_names_them_only_if_shown() -> None:
    polls = [_poll(0, NOW, correct=1), _poll(1, NOW, correct=0)]
    members = {1: "Amina", 2: "Ben"}
    votes = [RoundAnswer("p0", 1, 1, NOW), RoundAnswer("p0", 2, 0, NOW),
             RoundAnswer("p0", 9, 1, NOW), RoundAnswer("p1", 2, 0, NOW)]  # fmt: skip
    hidden = summarise(ROUND, polls, votes, members, names_shown=False)
    assert [(r.right, r.answered, r.names) for r in hidden.results] == [(1, 2, ()), (1, 1, ())]
    shown = summarise(ROUND, polls, votes, members, names_shown=True)
    assert [r.names for r in shown.results] == [("Amina",), ("Ben",)]


@pytest.mark.parametrize(
    "action",
    [
        RoundTheme(12, Theme.LITERACY),
        RoundTheme(2**63 - 1, Theme.SUSTAINABILITY),
        RoundNames(5, True),
        RoundNames(5, False),
    ],
)
def test_a_round_button_survives_its_callback_data(action: RoundTheme | RoundNames) -> None:
    data = encode(action)
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data", ["rt:1:7", "rt:1", "rt:x:1", "rt:-1:0", "rn:1:2", "rn:1", "rx:1:1"]
)
def test_a_malformed_round_button_is_not_read(data: str) -> None:
    assert decode(data) is None
