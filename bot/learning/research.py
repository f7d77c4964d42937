"""The research export's rules: pseudonymous ids, coarse dates, and small cells suppressed.

Nothing here reads a database or writes a file: the export command feeds plain values in
and writes the rows it gets back. The rules, as the README's "Research export" states them:

- A learner is `HMAC-SHA256(secret, "learner:<id>")`, a class `HMAC-SHA256(secret,
  "class:<id>")`, each cut to 16 hex digits: stable for one secret, unlinkable to the
  Telegram id without it.
- Dates are days (UTC); when a learner first came is only their cohort week (its Monday).
- A learner-level row belongs to a group: (class, interface language, cohort week). A group
  with fewer than `MIN_LEARNERS` distinct learners among the export's rows is left out, all
  its rows. A learner in two classes has their rows once per class; one in none, once with
  an empty class.
- An aggregate row (per lesson question or check item) counted over fewer than
  `MIN_LEARNERS` distinct learners keeps its ids but has its counts blanked and says
  `suppressed`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from bot.learning.detection import Tally, scores

MIN_LEARNERS = 5
SECRET_LENGTH = 32
PSEUDONYM_LENGTH = 16
NO_CLASS = ""

CHECK_COLUMNS = (
    "learner",
    "class",
    "language",
    "cohort_week",
    "phase",
    "form",
    "started_on",
    "finished_on",
    "hits",
    "misses",
    "false_alarms",
    "correct_rejections",
    "d_prime",
    "c",
)
ANSWER_COLUMNS = (
    "learner",
    "class",
    "language",
    "cohort_week",
    "lesson_id",
    "attempt",
    "question_id",
    "position",
    "choice",
    "correct",
    "answered_on",
)
ITEM_COLUMNS = (
    "source",
    "unit",
    "phase",
    "item_id",
    "learners",
    "answers",
    "correct_share",
    "suppressed",
)

Group = tuple[str, str, date]  # class pseudonym (or NO_CLASS), language, cohort week
Row = tuple[str, ...]


def secret_problem(secret: str | None) -> str | None:
    """Why `secret` cannot key the pseudonyms, in one line; None when it can."""
    how = "make one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"
    if not secret:
        return f"RESEARCH_SECRET: not set; the research export needs it ({how})"
    if len(secret) < SECRET_LENGTH:
        return f"RESEARCH_SECRET: shorter than {SECRET_LENGTH} characters ({how})"
    return None


class Pseudonyms:
    """Keyed, one-way ids: the same id and secret always give the same pseudonym."""

    def __init__(self, secret: str) -> None:
        assert secret_problem(secret) is None
        self._key = secret.encode("utf-8")
        # An export meets the same learner row after row, and a few classes throughout.
        self._of = lru_cache(maxsize=4096)(self._digest)

    def _digest(self, kind: str, value: int) -> str:
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:PSEUDONYM_LENGTH]

    def learner(self, learner_id: int) -> str:
        """A learner's pseudonym."""
        return self._of("learner", learner_id)

    def classroom(self, class_id: int) -> str:
        """A class's pseudonym."""
        return self._of("class", class_id)


def cohort_week(first_seen: datetime) -> date:
    """The Monday of the (ISO) week a learner first came."""
    day = first_seen.date()
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Profile:
    """What the export may say of a learner besides their work: language, cohort, classes."""

    language: str
    first_seen: datetime
    classes: tuple[int, ...] = ()

    def groups(self, names: Pseudonyms) -> list[Group]:
        """The learner's groups: one per class they are in, or one with no class."""
        classes = [names.classroom(c) for c in self.classes] or [NO_CLASS]
        return [(c, self.language, cohort_week(self.first_seen)) for c in classes]


def kept_groups(
    learners: Iterable[int], profiles: Mapping[int, Profile], names: Pseudonyms
) -> frozenset[Group]:
    """The groups with at least `MIN_LEARNERS` of `learners` (the learners with rows)."""
    counts: dict[Group, set[int]] = {}
    for learner in learners:
        profile = profiles.get(learner)
        for group in profile.groups(names) if profile else []:
            counts.setdefault(group, set()).add(learner)
    return frozenset(g for g, members in counts.items() if len(members) >= MIN_LEARNERS)


def _prefixes(
    learner: int, profile: Profile, names: Pseudonyms, kept: frozenset[Group]
) -> list[Row]:
    return [
        (names.learner(learner), group[0], group[1], group[2].isoformat())
        for group in profile.groups(names)
        if group in kept
    ]


@dataclass(frozen=True)
class CheckFacts:
    """One finished run of the MIL check, as the export reads it."""

    learner: int
    phase: str
    form: str
    started_at: datetime
    finished_at: datetime
    tally: Tally


def check_rows(
    facts: CheckFacts, profile: Profile, names: Pseudonyms, kept: frozenset[Group]
) -> list[Row]:
    """The rows of one run: one per group of the learner that is kept."""
    result = scores(facts.tally)
    t = facts.tally
    work = (
        facts.phase,
        facts.form,
        facts.started_at.date().isoformat(),
        facts.finished_at.date().isoformat(),
        *(str(n) for n in (t.hits, t.misses, t.false_alarms, t.correct_rejections)),
        f"{result.d_prime:.3f}",
        f"{result.c:.3f}",
    )
    return [(*prefix, *work) for prefix in _prefixes(facts.learner, profile, names, kept)]


@dataclass(frozen=True)
class AnswerFacts:
    """One lesson answer: `attempt` is 1 for the learner's first run through the lesson;
    `choice` is the options picked, by index (never text the learner typed)."""

    learner: int
    lesson_id: str
    attempt: int
    question_id: str
    position: int
    choice: str
    correct: bool
    answered_at: datetime


def answer_rows(
    facts: AnswerFacts, profile: Profile, names: Pseudonyms, kept: frozenset[Group]
) -> list[Row]:
    """The rows of one answer: one per group of the learner that is kept."""
    work = (
        facts.lesson_id,
        str(facts.attempt),
        facts.question_id,
        str(facts.position),
        facts.choice,
        "1" if facts.correct else "0",
        facts.answered_at.date().isoformat(),
    )
    return [(*prefix, *work) for prefix in _prefixes(facts.learner, profile, names, kept)]


ItemKey = tuple[str, str, str, str]  # source ("lesson" or "check"), unit, phase, item id


@dataclass
class ItemCells:
    """Answers counted per lesson question and check item, then written with the small
    cells suppressed."""

    learners: dict[ItemKey, set[int]] = field(default_factory=dict)
    answers: dict[ItemKey, int] = field(default_factory=dict)
    correct: dict[ItemKey, int] = field(default_factory=dict)

    def add(self, key: ItemKey, learner: int, correct: bool) -> None:
        """Count one answer to the item at `key`."""
        self.learners.setdefault(key, set()).add(learner)
        self.answers[key] = self.answers.get(key, 0) + 1
        self.correct[key] = self.correct.get(key, 0) + correct

    def rows(self) -> list[Row]:
        """One row per item, sorted; counts of fewer than `MIN_LEARNERS` learners blanked."""
        result: list[Row] = []
        for key in sorted(self.answers):
            learners = len(self.learners[key])
            if learners < MIN_LEARNERS:
                result.append((*key, "", "", "", "yes"))
                continue
            share = self.correct[key] / self.answers[key]
            result.append((*key, str(learners), str(self.answers[key]), f"{share:.3f}", ""))
        return result
