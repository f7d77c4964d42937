"""A group round: five quiz polls from a theme's pool, one after another, then one summary.

Plain values in and out: which items a round asks, what a round should do next at a given
time, and the summary of the class members' votes (names only when the class shows them).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bank import limits
from bot.bank.bank import Bank
from bot.bank.content import SingleChoice
from bot.bank.themes import THEMES, Theme
from bot.learning.grading import correct_options
from bot.learning.review import ItemIndex
from bot.learning.round_records import GroupRound, RoundAnswer, RoundPoll

ROUND_SIZE = 5
POLL_SECONDS = 45  # how long each poll stays open, unless the settings say otherwise
POLL_SECONDS_RANGE = (10, 600)  # Telegram allows 5 s to a month; a lesson needs neither end
# A round whose last poll closed longer ago than this (the bot was down) is summarised
# with the polls it asked, instead of going on after the class has moved on.
RESUME_WITHIN = timedelta(minutes=5)


def fits_a_poll(question: SingleChoice) -> bool:
    """Whether Telegram takes the item as a quiz poll (the checker keeps pools within)."""
    return (
        len(question.prompt.strip()) <= limits.POLL_QUESTION
        and limits.POLL_OPTIONS_MIN <= len(question.options) <= limits.POLL_OPTIONS_MAX
        and all(len(o.text) <= limits.POLL_OPTION for o in question.options)
        and len(question.explanation.strip()) <= limits.QUIZ_EXPLANATION
        and len(correct_options(question)) == 1
    )


def items_by_theme(bank: Bank) -> dict[Theme, tuple[str, ...]]:
    """Each theme's single-choice pool items that fit a quiz poll (themes without any are
    left out), in the canonical order of the themes."""
    index = ItemIndex.of(bank)
    found: dict[Theme, list[str]] = {}
    for technique, items in index.by_technique.items():
        theme = index.theme_of.get(technique)
        if theme is None:
            continue
        for item_id in items:
            question = bank.questions[item_id][1]
            if isinstance(question, SingleChoice) and fits_a_poll(question):
                found.setdefault(theme, []).append(item_id)
    return {t: tuple(dict.fromkeys(found[t])) for t in THEMES if t in found}


def theme_items(bank: Bank, theme: Theme) -> tuple[str, ...]:
    """The single-choice pool items of a theme's techniques that fit a quiz poll."""
    return items_by_theme(bank).get(theme, ())


def themes_with_items(bank: Bank) -> tuple[Theme, ...]:
    """The themes a round can be played on, in their canonical order."""
    return tuple(items_by_theme(bank))


def numbered(position: int, total: int, prompt: str) -> str:
    """A poll's question with its place in the round ("2/5 · ..."), if it still fits."""
    question = f"{position + 1}/{total} · {prompt}"
    return question if len(question) <= limits.POLL_QUESTION else prompt


def pick_items(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """Up to five different items, in a random order."""
    return tuple(rng.sample(list(items), min(ROUND_SIZE, len(items))))


@dataclass(frozen=True)
class Wait:
    """A poll is still open."""


@dataclass(frozen=True)
class AskNext:
    """Send the poll at `position`."""

    position: int


@dataclass(frozen=True)
class Summarise:
    """Every poll closed (or the round went stale): time for the summary."""


Move = Wait | AskNext | Summarise


def next_move(
    found: GroupRound, polls: Sequence[RoundPoll], now: datetime, within: timedelta = RESUME_WITHIN
) -> Move:
    """What a round does at `now`, given the polls it sent so far."""
    if not polls:
        return AskNext(0) if found.item_ids else Summarise()
    last = polls[-1]
    if now < last.closes_at:
        return Wait()
    if len(polls) < len(found.item_ids) and now - last.closes_at <= within:
        return AskNext(len(polls))
    return Summarise()


@dataclass(frozen=True)
class QuestionResult:
    """How the class did on one poll: right answers of the members who voted."""

    position: int
    item_id: str
    right: int
    answered: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """A finished round: one result per poll asked; names only if the class shows them."""

    round: GroupRound
    results: tuple[QuestionResult, ...]
    names_shown: bool


def summarise(
    found: GroupRound,
    polls: Sequence[RoundPoll],
    answers: Sequence[RoundAnswer],
    members: Mapping[int, str],
    names_shown: bool,
) -> Summary:
    """Count each poll's votes by class members (anyone else's are not counted)."""
    results = []
    for poll in polls:
        votes = [a for a in answers if a.poll_id == poll.poll_id and a.learner_id in members]
        right = [a for a in votes if a.option == poll.correct_option]
        names = tuple(sorted(members[a.learner_id] for a in right)) if names_shown else ()
        results.append(QuestionResult(poll.position, poll.item_id, len(right), len(votes), names))
    return Summary(found, tuple(results), names_shown)
