"""Peer challenges: a learner sends a friend a few review questions on what they studied."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot.bank.bank import Bank
from bot.bank.content import Lesson
from bot.learning.cards import Card
from bot.learning.records import Challenge

# 16 characters of the URL-safe alphabet carry 96 random bits, and fit Telegram's
# start parameter (1-64 characters of A-Za-z0-9_-).
CODE_LENGTH = 16
CODE = re.compile(rf"^[A-Za-z0-9_-]{{{CODE_LENGTH}}}$")
PAYLOAD_PREFIX = "c"
LIFETIME = timedelta(days=30)
DAILY_CAP = 10
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


@dataclass(frozen=True)
class ChallengeReady:
    """A new challenge, ready to share."""

    challenge: Challenge
    lesson: Lesson


RefusalReason = Literal["no-lesson", "daily-cap"]


@dataclass(frozen=True)
class ChallengeRefused:
    """Why no challenge was made; `suggestion` is a lesson to take first."""

    reason: RefusalReason
    suggestion: Lesson | None = None


@dataclass(frozen=True)
class ChallengeOpened:
    """A friend opened a challenge: who sent it, and the first question."""

    challenge: Challenge
    lesson: Lesson
    first: Card


UnavailableReason = Literal["malformed", "unknown", "expired", "own", "taken"]


@dataclass(frozen=True)
class ChallengeUnavailable:
    """A challenge link that cannot be played, and why."""

    reason: UnavailableReason


def code_from_payload(payload: str) -> str | None:
    """The challenge code in a /start payload, or None if it is not one."""
    if payload.startswith(PAYLOAD_PREFIX) and CODE.fullmatch(payload[len(PAYLOAD_PREFIX) :]):
        return payload[len(PAYLOAD_PREFIX) :]
    return None


def payload_for(code: str) -> str:
    """The /start payload of a challenge link."""
    return PAYLOAD_PREFIX + code


def pick_questions(
    bank: Bank, lesson_id: str, done: frozenset[str], rng: random.Random
) -> tuple[str, ...]:
    """3-5 review items on the lesson, topped up from other finished lessons if need be.

    Review items live in the quiz pools and never repeat a lesson's own practice
    questions (the bank's checker enforces it), so a friend who later takes the lesson
    meets fresh questions there.
    """
    own = list(bank.review_items.get(lesson_id, ()))
    rng.shuffle(own)
    chosen = own[:MAX_QUESTIONS]
    if len(chosen) < MIN_QUESTIONS:
        others = [q for lid in sorted(done - {lesson_id}) for q in bank.review_items.get(lid, ())]
        rng.shuffle(others)
        chosen += others[: MIN_QUESTIONS - len(chosen)]
    return tuple(q.id for q in chosen)
