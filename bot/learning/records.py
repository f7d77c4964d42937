"""What the core remembers about a learner: plain records the stores save and load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Learner:
    """A learner as the core knows them: an id from the chat platform and a language."""

    id: int
    language: str
    first_seen: datetime
    last_seen: datetime
    challenge_notices: bool = True
    # Kept only while the learner is in a class: the name its teacher sees.
    first_name: str | None = None
    # What the learner's next text message answers (a class's name), and since when.
    awaiting: str | None = None
    awaiting_since: datetime | None = None


@dataclass(frozen=True)
class Answer:
    """One answer to one question in one attempt."""

    question_id: str
    position: int
    choice: str
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class Attempt:
    """One run through a lesson; `position` is the card on screen (steps, then questions)."""

    id: int
    learner_id: int
    lesson_id: str
    started_at: datetime
    position: int = 0
    finished_at: datetime | None = None
    answers: tuple[Answer, ...] = field(default=())
    # Options ticked so far on a several-answer question, before the learner checks.
    selection: frozenset[int] = frozenset()
    # Set when the attempt plays a friend's challenge instead of a lesson.
    challenge_code: str | None = None

    @property
    def score(self) -> int:
        """Questions answered right."""
        return sum(answer.correct for answer in self.answers)

    def answered(self, position: int) -> Answer | None:
        """The answer given at `position`, if any."""
        return next((a for a in self.answers if a.position == position), None)


@dataclass(frozen=True)
class PollRef:
    """Which attempt and position a quiz poll sent to a learner belongs to."""

    learner_id: int
    attempt_id: int
    position: int


@dataclass(frozen=True)
class Challenge:
    """A set of questions one learner sends to friends; `code` is its secret address."""

    code: str
    challenger_id: int
    challenger_name: str
    lesson_id: str
    question_ids: tuple[str, ...]
    challenger_score: int
    challenger_total: int
    created_at: datetime
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        """Whether the challenge can no longer be taken."""
        return now >= self.expires_at


@dataclass(frozen=True)
class Tally:
    """Right answers out of all answers, for one lesson."""

    correct: int
    total: int


@dataclass(frozen=True)
class PeerRecord:
    """A learner's record as a peer educator."""

    friends_challenged: int
    friends_who_went_on: int
