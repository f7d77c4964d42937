"""What the learner sees next, as plain values the renderers turn into messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.bank.content import AnyQuestion, Lesson, Step
from bot.learning.records import Answer, Challenge


@dataclass(frozen=True)
class StepCard:
    """A lesson step; its button moves on to the next card."""

    lesson: Lesson
    step: Step
    number: int
    attempt_id: int
    position: int
    # where the step's picture file is, when it has one
    picture_folder: Path | None = None

    @property
    def last_step(self) -> bool:
        """Whether the questions come next."""
        return self.number == len(self.lesson.steps)


@dataclass(frozen=True)
class QuestionCard:
    """A practice question, not yet answered."""

    lesson: Lesson
    question: AnyQuestion
    number: int
    count: int
    attempt_id: int
    position: int
    selection: frozenset[int] = frozenset()
    challenge: Challenge | None = None


@dataclass(frozen=True)
class Feedback:
    """The verdict on an answer, with the explanation, and a button to go on."""

    lesson: Lesson
    question: AnyQuestion
    answer: Answer
    number: int
    count: int
    attempt_id: int
    position: int
    challenge: Challenge | None = None

    @property
    def last(self) -> bool:
        """Whether this was the lesson's last question."""
        return self.number == self.count

    @property
    def correct(self) -> bool:
        """Whether the answer was right."""
        return self.answer.correct


@dataclass(frozen=True)
class EndCard:
    """The end of a lesson: score, takeaway, and where to go next."""

    lesson: Lesson
    score: int
    total: int
    next_lesson: Lesson | None
    attempt_id: int


@dataclass(frozen=True)
class ChallengeResult:
    """A friend finished: their score beside the challenger's, and the lesson to take."""

    challenge: Challenge
    lesson: Lesson
    score: int
    total: int
    attempt_id: int
    notify_challenger: bool
    challenger_language: str
    # the lesson in the challenger's language, for the notice they get
    challenger_lesson: Lesson | None = None


Card = StepCard | QuestionCard | Feedback | EndCard | ChallengeResult

StaleReason = Literal["moved-on", "answer-first", "old-lesson", "already-answered"]


@dataclass(frozen=True)
class Stale:
    """A button from an earlier moment; `current` is where the learner really is."""

    reason: StaleReason
    current: Card | None


@dataclass(frozen=True)
class Locked:
    """A lesson that waits for others to be done first."""

    lesson: Lesson
    missing: tuple[Lesson, ...]
