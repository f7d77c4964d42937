"""What review remembers and shows: rounds, answers with confidence, and the cards seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.bank.content import AnyQuestion, Lesson
from bot.bank.themes import Theme
from bot.learning.review import Confidence


@dataclass(frozen=True)
class ReviewAnswer:
    """One review answer; `confidence` is None until the learner says how sure they were."""

    question_id: str
    position: int
    choice: str
    correct: bool
    answered_at: datetime
    confidence: Confidence | None = None


@dataclass(frozen=True)
class ReviewRound:
    """A round of review items; `position` is the item on screen."""

    id: int
    learner_id: int
    question_ids: tuple[str, ...]
    started_at: datetime
    bonus: bool = False
    position: int = 0
    finished_at: datetime | None = None
    answers: tuple[ReviewAnswer, ...] = field(default=())

    def answered(self, position: int) -> ReviewAnswer | None:
        """The answer given at `position`, if any."""
        return next((a for a in self.answers if a.position == position), None)

    @property
    def score(self) -> int:
        """Items answered right."""
        return sum(a.correct for a in self.answers)


@dataclass(frozen=True)
class ReviewQuestion:
    """An item to answer: one tap, or ticks and a check for a several-answer item."""

    round_id: int
    position: int
    number: int
    count: int
    question: AnyQuestion
    bonus: bool
    selection: frozenset[int] = frozenset()


@dataclass(frozen=True)
class HowSure:
    """The answer is in; the learner says how sure they were before seeing the verdict."""

    round_id: int
    position: int
    question: AnyQuestion
    choice: frozenset[int]
    count: int
    bonus: bool


@dataclass(frozen=True)
class ReviewVerdict:
    """Right or not, why, and what the confidence means for when the item comes back."""

    round_id: int
    position: int
    question: AnyQuestion
    correct: bool
    confidence: Confidence
    last: bool


@dataclass(frozen=True)
class ReviewDone:
    """The end of a round: the score, and when the next review is due."""

    score: int
    count: int
    next_due: datetime | None
    next_lesson: Lesson | None


@dataclass(frozen=True)
class NothingDue:
    """No technique is due: when the next one is, and whether a bonus round is on offer."""

    next_due: datetime | None
    bonus_available: bool


@dataclass(frozen=True)
class NoLessonYet:
    """Review starts after a first lesson: this is the one to take."""

    first_lesson: Lesson | None


ReviewStaleReason = Literal["moved-on", "already-answered", "old-round"]


@dataclass(frozen=True)
class ReviewStale:
    """A review button from an earlier moment."""

    reason: ReviewStaleReason


@dataclass(frozen=True)
class ReviewStatus:
    """What `/progress` shows of review: due now, the next time, retention per theme."""

    due: int
    next_due: datetime | None
    retention: dict[Theme, float]
