"""Challenges between friends, the challenger's credit, and the admins' counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Row, bindparam, exists, func, select, update
from sqlalchemy.orm import Session

from bot.learning.records import Challenge, PeerRecord
from bot.learning.totals import Totals
from storage.queries.common import (
    ATTEMPTS,
    CHALLENGES,
    CODE,
    LEARNER,
    LEARNERS,
    A,
    C,
    L,
    columns_of,
    inserter,
    run,
)
from storage.tables import PeerTallyRow

_CHALLENGE_COLUMNS = (
    C.code,
    C.challenger_id,
    C.challenger_name,
    C.lesson_id,
    C.question_ids,
    C.challenger_score,
    C.challenger_total,
    C.created_at,
    C.expires_at,
)
_CHALLENGE = select(*_CHALLENGE_COLUMNS).where(C.code == CODE)
_INSERT_CHALLENGE = inserter(CHALLENGES)
_CHALLENGES_SINCE = (
    select(func.count())
    .select_from(CHALLENGES)
    .where(C.challenger_id == LEARNER, C.created_at >= bindparam("since"))
)
_MARK_SHARED = (
    update(CHALLENGES).where(C.code == bindparam("key")).values(shared_at=bindparam("now"))
)


def _challenge(row: Row[*tuple[Any, ...]]) -> Challenge:
    code, challenger, name, lesson, questions, score, total, created, expires = row
    return Challenge(
        code, challenger, name, lesson, tuple(questions.split(",")), score, total, created, expires
    )


_MADE_BY = select(*_CHALLENGE_COLUMNS).where(C.challenger_id == LEARNER).order_by(C.created_at)


def challenges_made(session: Session, learner_id: int) -> tuple[Challenge, ...]:
    """The challenges the learner made, oldest first."""
    return tuple(_challenge(row) for row in run(session, _MADE_BY, learner=learner_id))


def save_challenge(session: Session, challenge: Challenge) -> None:
    questions = ",".join(challenge.question_ids)
    run(session, _INSERT_CHALLENGE, **columns_of(challenge, CHALLENGES, question_ids=questions))


def challenge(session: Session, code: str) -> Challenge | None:
    row = run(session, _CHALLENGE, code=code).first()
    return _challenge(row) if row else None


def challenges_since(session: Session, learner_id: int, since: datetime) -> int:
    return int(run(session, _CHALLENGES_SINCE, learner=learner_id, since=since).scalar() or 0)


def mark_shared(session: Session, code: str, now: datetime) -> None:
    run(session, _MARK_SHARED, key=code, now=now)


def _peer_counts() -> tuple[Executable, Executable]:
    later = ATTEMPTS.alias("later")
    runs = (
        select(A.learner_id)
        .join(CHALLENGES, C.code == A.challenge_code)
        .where(
            C.challenger_id == LEARNER,
            A.learner_id != LEARNER,
            A.finished_at.is_not(None),
        )
    )
    went_on = runs.where(
        exists().where(
            later.c.learner_id == A.learner_id,
            later.c.challenge_code.is_(None),
            later.c.finished_at.is_not(None),
            later.c.finished_at >= A.started_at,
        )
    )
    took = select(func.count(func.distinct(runs.subquery().c.learner_id)))
    followed = select(func.count(func.distinct(went_on.subquery().c.learner_id)))
    return took, followed


_TOOK, _FOLLOWED = _peer_counts()


def peer_record(session: Session, learner_id: int) -> PeerRecord:
    took = run(session, _TOOK, learner=learner_id).scalar()
    followed = run(session, _FOLLOWED, learner=learner_id).scalar()
    tally = session.execute(
        select(T.friends_challenged, T.friends_who_went_on).where(T.challenger_id == learner_id)
    ).one_or_none()
    kept = (int(tally[0]), int(tally[1])) if tally else (0, 0)
    return PeerRecord(int(took or 0) + kept[0], int(followed or 0) + kept[1])


T = PeerTallyRow.__table__.c
_FINISHED = A.finished_at.is_not(None)
_TOTALS = select(
    select(func.count()).select_from(LEARNERS).scalar_subquery(),
    select(func.count())
    .select_from(LEARNERS)
    .where(L.last_seen >= bindparam("since"))
    .scalar_subquery(),
    select(func.count())
    .select_from(ATTEMPTS)
    .where(_FINISHED, A.challenge_code.is_(None))
    .scalar_subquery(),
    select(func.count())
    .select_from(ATTEMPTS)
    .where(_FINISHED, A.challenge_code.is_not(None))
    .scalar_subquery(),
)


def totals(session: Session, since: datetime) -> Totals:
    row = run(session, _TOTALS, since=since).one()
    return Totals(*(int(value or 0) for value in row))
