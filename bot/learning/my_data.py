"""A learner's own data, as the stores keep it, and as a document a person can read.

`LearnerData` gathers every record that names the learner (the stores fill it, see
`ProgressStore.learner_data`); `document` turns it into plain values under plain-English
keys, times in ISO 8601 (UTC), ready for JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.learning.check_records import CheckAnswer, CheckRun
from bot.learning.class_data import ClassroomData, sections
from bot.learning.pact import Pact
from bot.learning.records import Attempt, Challenge, Learner, PeerRecord
from bot.learning.review import TechniqueCard
from bot.learning.review_records import ReviewRound
from bot.learning.rhythm import Rhythm

FILE_NAME = "milclicks-my-data.json"


@dataclass(frozen=True)
class SentPoll:
    """A quiz poll the bot sent the learner, and the question it stood for."""

    poll_id: str
    attempt_id: int
    position: int
    sent_at: datetime


@dataclass(frozen=True)
class QueuedMessage:
    """A message the bot sent (or meant to send) on its own: a reminder, a notice."""

    kind: str
    text: str
    due_at: datetime
    sent_at: datetime | None
    outcome: str | None


@dataclass(frozen=True)
class HandledUpdate:
    """A message or tap from the learner, by Telegram's number only (never its text)."""

    update_id: int
    received_at: datetime
    done: bool


@dataclass(frozen=True)
class LearnerData:
    """Everything stored that names one learner."""

    learner: Learner | None
    days_active: tuple[date, ...] = ()
    attempts: tuple[Attempt, ...] = ()
    polls: tuple[SentPoll, ...] = ()
    challenges_made: tuple[Challenge, ...] = ()
    forgotten_friends: PeerRecord | None = None
    review_cards: tuple[TechniqueCard, ...] = ()
    review_rounds: tuple[ReviewRound, ...] = ()
    rhythm: Rhythm | None = None
    pact: Pact | None = None
    check_runs: tuple[tuple[CheckRun, tuple[CheckAnswer, ...]], ...] = ()
    messages: tuple[QueuedMessage, ...] = ()
    updates: tuple[HandledUpdate, ...] = ()
    classroom: ClassroomData = field(default_factory=ClassroomData)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _record(**fields: Any) -> dict[str, Any]:
    return {key.replace("_", " "): _plain(value) for key, value in fields.items()}


def _you(learner: Learner | None) -> dict[str, Any] | None:
    if learner is None:
        return None
    return _record(
        telegram_id=learner.id,
        language=learner.language,
        first_came=learner.first_seen,
        last_came=learner.last_seen,
        told_when_friends_take_my_challenges=learner.challenge_notices,
        my_first_name_shown_to_my_classes=learner.first_name,
        what_my_next_message_answers=learner.awaiting,
        asked_at=learner.awaiting_since,
    )


def _attempt(a: Attempt) -> dict[str, Any]:
    answers = [
        _record(question=x.question_id, position=x.position, my_choice=x.choice,
                right=x.correct, answered_at=x.answered_at)
        for x in a.answers
    ]  # fmt: skip
    return _record(
        number=a.id, lesson=a.lesson_id, **{"friend's challenge": a.challenge_code},
        started_at=a.started_at, finished_at=a.finished_at, card_reached=a.position,
        options_ticked=a.selection, answers=answers,
    )  # fmt: skip


def _challenge(c: Challenge) -> dict[str, Any]:
    return _record(
        code=c.code, my_first_name_shown_to_friends=c.challenger_name, lesson=c.lesson_id,
        questions=c.question_ids, my_score=c.challenger_score, out_of=c.challenger_total,
        made_at=c.created_at, expires_at=c.expires_at,
    )  # fmt: skip


def _round(r: ReviewRound) -> dict[str, Any]:
    answers = [
        _record(question=x.question_id, position=x.position, my_choice=x.choice,
                right=x.correct, how_sure=x.confidence, answered_at=x.answered_at)
        for x in r.answers
    ]  # fmt: skip
    return _record(
        number=r.id, questions=r.question_ids, bonus=r.bonus, started_at=r.started_at,
        finished_at=r.finished_at, answers=answers,
    )  # fmt: skip


def _card(c: TechniqueCard) -> dict[str, Any]:
    return _record(
        technique=c.technique, next_review=c.due, state=c.state, step=c.step,
        stability=c.stability, difficulty=c.difficulty, last_review=c.last_review,
    )  # fmt: skip


def _rhythm(r: Rhythm | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return _record(
        asked_about_reminders=r.asked, reminders_on=r.reminders, reminder_hour=r.hour,
        minutes_ahead_of_utc=r.utc_offset, quiet_from_hour=r.quiet_from,
        quiet_until_hour=r.quiet_until, reminders_ignored_in_a_row=r.ignored,
        last_reminded_at=r.last_reminded, unreachable_since=r.inactive_since,
        weekly_goal=r.weekly_goal,
    )  # fmt: skip


def _check(run: CheckRun, answers: tuple[CheckAnswer, ...]) -> dict[str, Any]:
    sorted_posts = [
        _record(position=a.position, post=a.item_id, i_said_manipulative=a.said_manipulative,
                answered_at=a.answered_at)
        for a in answers
    ]  # fmt: skip
    return _record(
        when=run.phase, form=run.form, started_at=run.started_at, finished_at=run.finished_at,
        answers=sorted_posts,
    )  # fmt: skip


def _friends(friends: PeerRecord | None) -> dict[str, Any] | None:
    if friends is None:
        return None
    return _record(
        how_many=friends.friends_challenged,
        how_many_went_on_to_a_lesson=friends.friends_who_went_on,
    )


def _poll(p: SentPoll) -> dict[str, Any]:
    return _record(
        poll=p.poll_id, lesson_attempt=p.attempt_id, position=p.position, sent_at=p.sent_at
    )


def _message(m: QueuedMessage) -> dict[str, Any]:
    return _record(kind=m.kind, text=m.text, due_at=m.due_at, sent_at=m.sent_at, outcome=m.outcome)


def document(data: LearnerData, now: datetime) -> dict[str, Any]:
    """The learner's data as plain values under plain-English keys."""
    pact = data.pact
    return {
        "about this file": "Everything MIL CLICKS stores about you. Times are UTC.",
        "made at": now.isoformat(),
        "you": _you(data.learner),
        "days you were active": _plain(data.days_active),
        "lessons and challenges you took": [_attempt(a) for a in data.attempts],
        "quiz polls sent to you": [_poll(p) for p in data.polls],
        "challenges you made": [_challenge(c) for c in data.challenges_made],
        "friends who took your challenges and later asked to be forgotten": _friends(
            data.forgotten_friends
        ),
        "review schedule": [_card(c) for c in data.review_cards],
        "review rounds": [_round(r) for r in data.review_rounds],
        "reminders and weekly goal": _rhythm(data.rhythm),
        "pact": None if pact is None else _record(taken_at=pact.taken_at),
        "MIL check": [_check(run, answers) for run, answers in data.check_runs],
        "messages the bot sent you on its own": [_message(m) for m in data.messages],
        "your messages and taps, by number only": [
            _record(update=u.update_id, received_at=u.received_at, handled=u.done)
            for u in data.updates
        ],
        **sections(data.classroom),
    }


def as_json(data: LearnerData, now: datetime) -> bytes:
    """The document as indented UTF-8 JSON."""
    text = json.dumps(document(data, now), ensure_ascii=False, indent=2)
    return (text + "\n").encode()
