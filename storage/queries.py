"""The progress store's SQL, written once as plain functions of a SQLAlchemy session.

`storage.sql` runs them directly on SQLite (in-process and quick, so no thread hop per
statement) and through `AsyncSession.run_sync` on database servers such as PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, case, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bot.learning.challenges import PeerRecord, Totals
from bot.learning.records import Answer, Attempt, Challenge, Learner, PollRef
from bot.learning.store import Tally
from storage.tables import (
    ActivityDayRow,
    AnswerRow,
    AttemptRow,
    ChallengeRow,
    LearnerRow,
    PollRow,
)


def _lessons_done(learner_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        AttemptRow.learner_id == learner_id,
        AttemptRow.finished_at.is_not(None),
        AttemptRow.challenge_code.is_(None),
    )


def _challenge(row: ChallengeRow) -> Challenge:
    return Challenge(
        row.code,
        row.challenger_id,
        row.challenger_name,
        row.lesson_id,
        tuple(row.question_ids.split(",")),
        row.challenger_score,
        row.challenger_total,
        row.created_at,
        row.expires_at,
    )


def _learner(row: LearnerRow) -> Learner:
    return Learner(row.id, row.language, row.first_seen, row.last_seen, row.challenge_notices)


def learner(session: Session, learner_id: int) -> Learner | None:
    row = session.get(LearnerRow, learner_id)
    return _learner(row) if row else None


def save_learner(session: Session, learner: Learner) -> None:
    row = session.get(LearnerRow, learner.id)
    if row is None:
        session.add(
            LearnerRow(
                id=learner.id,
                language=learner.language,
                first_seen=learner.first_seen,
                last_seen=learner.last_seen,
                challenge_notices=learner.challenge_notices,
            )
        )
    else:
        row.language = learner.language
        row.last_seen = learner.last_seen
        row.challenge_notices = learner.challenge_notices
    session.flush()


def new_attempt(
    session: Session,
    learner_id: int,
    lesson_id: str,
    now: datetime,
    challenge_code: str | None = None,
) -> Attempt:
    row = AttemptRow(
        learner_id=learner_id,
        lesson_id=lesson_id,
        started_at=now,
        position=0,
        challenge_code=challenge_code,
    )
    session.add(row)
    session.flush()
    return Attempt(row.id, learner_id, lesson_id, now, challenge_code=challenge_code)


def _attempt(session: Session, row: AttemptRow) -> Attempt:
    answers = session.scalars(
        select(AnswerRow).where(AnswerRow.attempt_id == row.id).order_by(AnswerRow.position)
    )
    return Attempt(
        row.id,
        row.learner_id,
        row.lesson_id,
        row.started_at,
        row.position,
        row.finished_at,
        selection=frozenset(
            i for i in range(row.selection.bit_length()) if row.selection >> i & 1
        ),
        challenge_code=row.challenge_code,
        answers=tuple(
            Answer(a.question_id, a.position, a.choice, a.correct, a.answered_at) for a in answers
        ),
    )


def attempt(session: Session, attempt_id: int) -> Attempt | None:
    row = session.get(AttemptRow, attempt_id)
    return _attempt(session, row) if row else None


def open_attempt(session: Session, learner_id: int) -> Attempt | None:
    row = session.scalar(
        select(AttemptRow)
        .where(AttemptRow.learner_id == learner_id, AttemptRow.finished_at.is_(None))
        .order_by(AttemptRow.id.desc())
        .limit(1)
    )
    return _attempt(session, row) if row else None


def save_position(session: Session, attempt: Attempt) -> None:
    session.execute(
        update(AttemptRow)
        .where(AttemptRow.id == attempt.id)
        .values(
            position=attempt.position,
            finished_at=attempt.finished_at,
            selection=sum(1 << i for i in attempt.selection),
        )
    )


def add_answer(session: Session, attempt: Attempt, answer: Answer) -> bool:
    try:
        with session.begin_nested():
            session.execute(
                insert(AnswerRow).values(
                    attempt_id=attempt.id,
                    learner_id=attempt.learner_id,
                    lesson_id=attempt.lesson_id,
                    question_id=answer.question_id,
                    position=answer.position,
                    choice=answer.choice,
                    correct=answer.correct,
                    answered_at=answer.answered_at,
                )
            )
    except IntegrityError:
        return False
    return True


def finished_lessons(session: Session, learner_id: int) -> frozenset[str]:
    rows = session.scalars(
        select(AttemptRow.lesson_id).where(*_lessons_done(learner_id)).distinct()
    )
    return frozenset(rows)


def tallies(session: Session, learner_id: int) -> dict[str, Tally]:
    rows = session.execute(
        select(
            AnswerRow.lesson_id,
            func.count(),
            func.sum(case((AnswerRow.correct, 1), else_=0)),
        )
        .join(AttemptRow, AttemptRow.id == AnswerRow.attempt_id)
        .where(AnswerRow.learner_id == learner_id, AttemptRow.challenge_code.is_(None))
        .group_by(AnswerRow.lesson_id)
    )
    return {lesson: Tally(int(right or 0), int(total)) for lesson, total, right in rows}


def mark_active(session: Session, learner_id: int, day: date) -> None:
    exists = session.get(ActivityDayRow, (learner_id, day))
    if exists is None:
        session.add(ActivityDayRow(learner_id=learner_id, day=day))
        session.flush()


def days_active(session: Session, learner_id: int) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(ActivityDayRow)
        .where(ActivityDayRow.learner_id == learner_id)
    )
    return int(count or 0)


def save_poll(session: Session, poll_id: str, ref: PollRef, now: datetime) -> None:
    # merge: a poll id seen again (another Bot API server, a test's) replaces the old row
    session.merge(
        PollRow(
            poll_id=poll_id,
            learner_id=ref.learner_id,
            attempt_id=ref.attempt_id,
            position=ref.position,
            sent_at=now,
        )
    )
    session.flush()


def find_poll(session: Session, poll_id: str) -> PollRef | None:
    row = session.get(PollRow, poll_id)
    return PollRef(row.learner_id, row.attempt_id, row.position) if row else None


def best_result(session: Session, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
    right = func.sum(case((AnswerRow.correct, 1), else_=0))
    row = (
        session.execute(
            select(right, func.count())
            .select_from(AttemptRow)
            .join(AnswerRow, AnswerRow.attempt_id == AttemptRow.id)
            .where(*_lessons_done(learner_id), AttemptRow.lesson_id == lesson_id)
            .group_by(AttemptRow.id)
            .order_by(right.desc())
            .limit(1)
        )
    ).first()
    return (int(row[0]), int(row[1])) if row else None


def latest_finished(session: Session, learner_id: int) -> str | None:
    return session.scalar(
        select(AttemptRow.lesson_id)
        .where(*_lessons_done(learner_id))
        .order_by(AttemptRow.finished_at.desc(), AttemptRow.id.desc())
        .limit(1)
    )


def save_challenge(session: Session, challenge: Challenge) -> None:
    session.add(
        ChallengeRow(
            code=challenge.code,
            challenger_id=challenge.challenger_id,
            challenger_name=challenge.challenger_name,
            lesson_id=challenge.lesson_id,
            question_ids=",".join(challenge.question_ids),
            challenger_score=challenge.challenger_score,
            challenger_total=challenge.challenger_total,
            created_at=challenge.created_at,
            expires_at=challenge.expires_at,
        )
    )
    session.flush()


def challenge(session: Session, code: str) -> Challenge | None:
    row = session.get(ChallengeRow, code)
    return _challenge(row) if row else None


def challenges_since(session: Session, learner_id: int, since: datetime) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(ChallengeRow)
        .where(ChallengeRow.challenger_id == learner_id, ChallengeRow.created_at >= since)
    )
    return int(count or 0)


def challenge_attempt(session: Session, code: str, learner_id: int) -> Attempt | None:
    row = session.scalar(
        select(AttemptRow)
        .where(AttemptRow.challenge_code == code, AttemptRow.learner_id == learner_id)
        .limit(1)
    )
    return _attempt(session, row) if row else None


def peer_record(session: Session, learner_id: int) -> PeerRecord:
    later = aliased(AttemptRow)
    runs = (
        select(AttemptRow.learner_id)
        .join(ChallengeRow, ChallengeRow.code == AttemptRow.challenge_code)
        .where(
            ChallengeRow.challenger_id == learner_id,
            AttemptRow.learner_id != learner_id,
            AttemptRow.finished_at.is_not(None),
        )
    )
    went_on = runs.where(
        exists().where(
            later.learner_id == AttemptRow.learner_id,
            later.challenge_code.is_(None),
            later.finished_at.is_not(None),
            later.finished_at >= AttemptRow.started_at,
        )
    )
    took = session.scalar(select(func.count(func.distinct(runs.subquery().c.learner_id))))
    followed = session.scalar(select(func.count(func.distinct(went_on.subquery().c.learner_id))))
    return PeerRecord(int(took or 0), int(followed or 0))


def mark_shared(session: Session, code: str, now: datetime) -> None:
    session.execute(update(ChallengeRow).where(ChallengeRow.code == code).values(shared_at=now))


def totals(session: Session, since: datetime) -> Totals:
    learners = session.scalar(select(func.count()).select_from(LearnerRow))
    active = session.scalar(
        select(func.count()).select_from(LearnerRow).where(LearnerRow.last_seen >= since)
    )
    finished = AttemptRow.finished_at.is_not(None)
    lessons = session.scalar(
        select(func.count()).where(finished, AttemptRow.challenge_code.is_(None))
    )
    challenges = session.scalar(
        select(func.count()).where(finished, AttemptRow.challenge_code.is_not(None))
    )
    return Totals(int(learners or 0), int(active or 0), int(lessons or 0), int(challenges or 0))
