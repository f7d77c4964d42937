"""What a class's report is built from: its members' lesson answers, finished lessons and
MIL check sortings, as the store reads them for a list of learners."""

from __future__ import annotations

from dataclasses import dataclass

from bot.learning.check_records import Phase


@dataclass(frozen=True)
class FirstAnswer:
    """A learner's first answer to a lesson question: what they knew before a retake
    showed them the key (challenge runs are not lessons)."""

    learner_id: int
    lesson_id: str
    question_id: str
    choice: str  # as `grading.encode_choice` wrote it: "2", or "0,3"
    correct: bool


@dataclass(frozen=True)
class CheckSorting:
    """How a learner sorted one post of a finished run at the MIL check."""

    learner_id: int
    run_id: int
    phase: Phase
    item_id: str
    said_manipulative: bool


@dataclass(frozen=True)
class ClassWork:
    """Everything the store holds that a teacher's report may show, for some learners."""

    answers: tuple[FirstAnswer, ...] = ()
    finished: frozenset[tuple[int, str]] = frozenset()  # (learner, lesson) finished
    sortings: tuple[CheckSorting, ...] = ()
