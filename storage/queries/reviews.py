"""Spaced review: technique schedules, rounds and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import BindParameter, Row, Table, bindparam, select, update
from sqlalchemy.orm import Session

from bot.learning.review import Confidence, TechniqueCard
from bot.learning.review_records import ReviewAnswer, ReviewRound
from storage.queries.common import ID, KEY, LEARNER, columns_of, inserter, run
from storage.tables import ReviewAnswerRow, ReviewCardRow, ReviewRoundRow

CARDS, ROUNDS, RANSWERS = (
    cast(Table, row.__table__) for row in (ReviewCardRow, ReviewRoundRow, ReviewAnswerRow)
)
RC, RR, RA = CARDS.c, ROUNDS.c, RANSWERS.c
_TECHNIQUE: BindParameter[str] = bindparam("which")
_POSITION: BindParameter[int] = bindparam("at")
_SINCE: BindParameter[datetime] = bindparam("since")

_CARD_COLUMNS = (RC.learner_id, RC.technique, RC.due, RC.state, RC.step, RC.stability,
                 RC.difficulty, RC.last_review)  # fmt: skip
_CARDS = select(*_CARD_COLUMNS).where(RC.learner_id == LEARNER).order_by(RC.technique)
_UPDATE_CARD = (
    update(CARDS)
    .where(RC.learner_id == LEARNER, RC.technique == _TECHNIQUE)
    .values(
        {
            c: bindparam(f"new_{c}")
            for c in ("due", "state", "step", "stability", "difficulty", "last_review")
        }
    )
)
_INSERT_CARD = inserter(CARDS)


def review_cards(session: Session, learner_id: int) -> tuple[TechniqueCard, ...]:
    return tuple(TechniqueCard(*row) for row in run(session, _CARDS, learner=learner_id))


def save_review_card(session: Session, card: TechniqueCard) -> None:
    values = columns_of(card, CARDS)
    changing = {f"new_{k}": v for k, v in values.items() if k not in ("learner_id", "technique")}
    params: dict[str, Any] = {"learner": card.learner_id, "which": card.technique}
    if not run(session, _UPDATE_CARD, **params, **changing).rowcount:
        run(session, _INSERT_CARD, **values)


_INSERT_ROUND = inserter(ROUNDS).returning(RR.id)  # type: ignore[attr-defined]
_ROUND_COLUMNS = (RR.id, RR.learner_id, RR.question_ids, RR.started_at, RR.bonus, RR.position,
                  RR.finished_at)  # fmt: skip
_OPEN_ROUND = (
    select(*_ROUND_COLUMNS)
    .where(RR.learner_id == LEARNER, RR.finished_at.is_(None))
    .order_by(RR.id.desc())
    .limit(1)
)
_ROUND_ANSWERS = (
    select(RA.question_id, RA.position, RA.choice, RA.correct, RA.answered_at, RA.confidence)
    .where(RA.round_id == ID)
    .order_by(RA.position)
)
_SAVE_ROUND = (
    update(ROUNDS)
    .where(RR.id == KEY)
    .values(position=bindparam("new_position"), finished_at=bindparam("new_finished_at"))
)


def new_review_round(
    session: Session, learner_id: int, question_ids: tuple[str, ...], now: datetime, bonus: bool
) -> ReviewRound:
    round_id = run(
        session,
        _INSERT_ROUND,
        learner_id=learner_id,
        question_ids=" ".join(question_ids),
        started_at=now,
        bonus=bonus,
        position=0,
    ).scalar_one()
    return ReviewRound(int(round_id), learner_id, question_ids, now, bonus)


def open_review_round(session: Session, learner_id: int) -> ReviewRound | None:
    row = run(session, _OPEN_ROUND, learner=learner_id).first()
    return None if row is None else _round(session, row)


_ROUNDS_OF = select(*_ROUND_COLUMNS).where(RR.learner_id == LEARNER).order_by(RR.id)


def review_rounds(session: Session, learner_id: int) -> tuple[ReviewRound, ...]:
    """Every review round of the learner, with its answers, oldest first."""
    rows = run(session, _ROUNDS_OF, learner=learner_id).all()
    return tuple(_round(session, row) for row in rows)


def _round(session: Session, row: Row[*tuple[Any, ...]]) -> ReviewRound:
    answers = tuple(
        ReviewAnswer(q, at, choice, correct, answered, None if c is None else Confidence(c))
        for q, at, choice, correct, answered, c in run(session, _ROUND_ANSWERS, id=row.id)
    )
    return ReviewRound(
        row.id, row.learner_id, tuple(row.question_ids.split()), row.started_at, row.bonus,
        row.position, row.finished_at, answers,
    )  # fmt: skip


def save_review_round(session: Session, review_round: ReviewRound) -> None:
    run(
        session,
        _SAVE_ROUND,
        key=review_round.id,
        new_position=review_round.position,
        new_finished_at=review_round.finished_at,
    )


_ANSWERED = select(RA.id).where(RA.round_id == ID, RA.position == _POSITION)
_INSERT_ANSWER = inserter(RANSWERS)
_SET_CONFIDENCE = (
    update(RANSWERS)
    .where(RA.round_id == KEY, RA.position == _POSITION, RA.confidence.is_(None))
    .values(confidence=bindparam("level"))
)


def add_review_answer(session: Session, review_round: ReviewRound, answer: ReviewAnswer) -> bool:
    if run(session, _ANSWERED, id=review_round.id, at=answer.position).first() is not None:
        return False
    values = columns_of(answer, RANSWERS, round_id=review_round.id)
    run(session, _INSERT_ANSWER, **values, learner_id=review_round.learner_id)
    return True


def set_review_confidence(
    session: Session, round_id: int, position: int, confidence: Confidence
) -> bool:
    result = run(session, _SET_CONFIDENCE, key=round_id, at=position, level=int(confidence))
    return bool(result.rowcount)


_SEEN = select(RA.question_id, RA.answered_at).where(RA.learner_id == LEARNER)
_ROUNDS_FINISHED = (
    select(RR.finished_at)
    .where(RR.learner_id == LEARNER, RR.finished_at >= _SINCE)
    .order_by(RR.finished_at)
)


def seen_review_items(session: Session, learner_id: int) -> dict[str, datetime]:
    seen: dict[str, datetime] = {}
    for question_id, at in run(session, _SEEN, learner=learner_id):
        seen[question_id] = max(at, seen.get(question_id, at))
    return seen


def review_days(session: Session, learner_id: int, since: datetime) -> tuple[datetime, ...]:
    return tuple(row[0] for row in run(session, _ROUNDS_FINISHED, learner=learner_id, since=since))
