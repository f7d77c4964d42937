"""Spaced review: one FSRS schedule per learner and technique, and which items to ask.

The scheduler is py-fsrs. Every time comes in as an argument (its `Card()` would read the
wall clock), fuzzing is off (it draws from the global `random`), and there are no
minute-long learning steps: a learner comes back on another day, not in ten minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

from bot.bank.bank import Bank
from bot.bank.themes import Theme

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
# A technique met in a lesson is first due 16 hours later: by the next morning whatever
# the hour of the lesson, so the next day's reminder finds it waiting ("come back tomorrow").
FIRST_REVIEW = timedelta(hours=16)
ROUND_MIN, ROUND_MAX = 3, 5
BONUS_SIZE = 3


class Confidence(IntEnum):
    """How sure the learner says they were, one tap after answering."""

    GUESSED = 0
    FAIRLY_SURE = 1
    CERTAIN = 2


def rating(correct: bool, confidence: Confidence) -> Rating:
    """The FSRS rating for an answer and the confidence said with it.

    A guess says nothing about memory, right or wrong: Hard. A wrong answer the learner was
    sure of is a misconception: Again, so it comes back soonest. Right and certain: Easy.
    """
    if confidence is Confidence.GUESSED:
        return Rating.Hard
    if not correct:
        return Rating.Again
    return Rating.Easy if confidence is Confidence.CERTAIN else Rating.Good


@dataclass(frozen=True)
class TechniqueCard:
    """One learner's schedule for one technique (the FSRS card's fields, as plain values)."""

    learner_id: int
    technique: str
    due: datetime
    state: int = int(State.Learning)
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None

    def to_fsrs(self) -> Card:
        """The py-fsrs card (its id is not ours to keep; a constant avoids the clock)."""
        return Card(0, State(self.state), self.step, self.stability, self.difficulty,
                    self.due, self.last_review)  # fmt: skip

    def retention(self, now: datetime) -> float:
        """The chance the learner still recalls the technique at `now` (0 before a review)."""
        return float(SCHEDULER.get_card_retrievability(self.to_fsrs(), now))


def new_card(learner_id: int, technique: str, now: datetime) -> TechniqueCard:
    """A technique just met in a lesson: first due by the next morning."""
    return TechniqueCard(learner_id, technique, now + FIRST_REVIEW)


def review(card: TechniqueCard, grade: Rating, now: datetime) -> TechniqueCard:
    """The card after one review at `now`; the input is left as it was."""
    done, _ = SCHEDULER.review_card(card.to_fsrs(), grade, now)
    return replace(
        card,
        due=done.due,
        state=int(done.state),
        step=done.step,
        stability=done.stability,
        difficulty=done.difficulty,
        last_review=done.last_review,
    )


@dataclass(frozen=True)
class ItemIndex:
    """Which pool items practise which techniques, without the lessons' own questions."""

    by_technique: Mapping[str, tuple[str, ...]]
    techniques_of: Mapping[str, tuple[str, ...]]
    theme_of: Mapping[str, Theme] = field(default_factory=dict)

    @classmethod
    def of(cls, bank: Bank) -> ItemIndex:
        """Index the bank's pools by technique (an item practises its lesson's techniques)."""
        by_technique: dict[str, list[str]] = {}
        techniques_of: dict[str, tuple[str, ...]] = {}
        theme_of: dict[str, Theme] = {}
        for lesson_id, items in bank.review_items.items():
            lesson = bank.lessons.get(lesson_id)
            if lesson is None:
                continue
            # Never an item the learner already answered in the lesson's own practice.
            practised = {q.id for q in lesson.questions} | {
                q.prompt.strip() for q in lesson.questions
            }
            for technique in lesson.techniques:
                theme_of.setdefault(technique, lesson.theme)
            for item in items:
                if {item.id, item.prompt.strip()} & practised:
                    continue
                techniques_of[item.id] = tuple(lesson.techniques)
                for technique in lesson.techniques:
                    by_technique.setdefault(technique, []).append(item.id)
        return cls({k: tuple(v) for k, v in by_technique.items()}, techniques_of, theme_of)


def _ordered(items: Iterable[str], seen: Mapping[str, datetime], rng: random.Random) -> list[str]:
    """Unseen items first (in a random order), then the ones seen longest ago."""
    pool = list(dict.fromkeys(items))
    unseen = [item for item in pool if item not in seen]
    rng.shuffle(unseen)
    return unseen + sorted((i for i in pool if i in seen), key=lambda i: seen[i])


def pick_round(
    due: Iterable[str],
    index: ItemIndex,
    seen: Mapping[str, datetime],
    last_item: str | None,
    rng: random.Random,
) -> tuple[str, ...]:
    """3-5 items from the due techniques (most overdue first), one technique after another.

    Unseen items come first; no item twice, and never the item answered last as the first.
    """
    techniques = [t for t in due if index.by_technique.get(t)]
    size = min(ROUND_MAX, max(ROUND_MIN, len(techniques)))
    queues = [_ordered(index.by_technique[t], seen, rng) for t in techniques]
    picked: list[str] = []
    while len(picked) < size and any(queues):
        for queue in queues:
            while queue and queue[0] in picked:
                queue.pop(0)
            if queue and len(picked) < size:
                picked.append(queue.pop(0))
    if len(picked) > 1 and picked[0] == last_item:
        picked.append(picked.pop(0))
    return tuple(picked)


def pick_bonus(
    met: Iterable[str],
    index: ItemIndex,
    seen: Mapping[str, datetime],
    last_item: str | None,
    rng: random.Random,
) -> tuple[str, ...]:
    """A short bonus round: items of techniques met so far that the learner has not seen."""
    items = [i for t in met for i in index.by_technique.get(t, ()) if i not in seen]
    picked = _ordered(items, seen, rng)[:BONUS_SIZE]
    if len(picked) > 1 and picked[0] == last_item:
        picked.append(picked.pop(0))
    return tuple(picked)


def due_techniques(cards: Iterable[TechniqueCard], now: datetime) -> tuple[str, ...]:
    """Techniques due at `now`, most overdue first."""
    return tuple(c.technique for c in sorted(cards, key=lambda c: c.due) if c.due <= now)


def retention_by_theme(
    cards: Iterable[TechniqueCard], index: ItemIndex, now: datetime
) -> dict[Theme, float]:
    """Mean recall chance of the reviewed techniques of each theme."""
    sums: dict[Theme, list[float]] = {}
    for card in cards:
        theme = index.theme_of.get(card.technique)
        if theme is not None and card.last_review is not None:
            sums.setdefault(theme, []).append(card.retention(now))
    return {theme: sum(values) / len(values) for theme, values in sums.items()}
