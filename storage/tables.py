"""The progress schema. Portable: 64-bit ids, UTC times with zone, no dialect-only SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints keep Alembic's autogenerate and batch mode stable on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite has no 64-bit autoincrement: INTEGER PRIMARY KEY is its rowid (and 64-bit anyway).
Id = BigInteger().with_variant(Integer, "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, even on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; the core passes aware UTC times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING)


class LearnerRow(Base):
    """A learner: their chat id and language; no names, no message text."""

    __tablename__ = "learners"

    # INTEGER on SQLite, so that it is the rowid: finding a learner is one B-tree search
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    challenge_notices: Mapped[bool] = mapped_column(Boolean, default=True)


class AttemptRow(Base):
    """One run through a lesson."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_learner_open", "learner_id", "finished_at"),
        Index("ix_attempts_learner_lesson", "learner_id", "lesson_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"))
    lesson_id: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    position: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Bit i set: option i is ticked on the several-answer question on screen.
    selection: Mapped[int] = mapped_column(Integer, default=0)
    challenge_code: Mapped[str | None] = mapped_column(
        String(16), ForeignKey("challenges.code"), nullable=True, index=True
    )


class AnswerRow(Base):
    """One answer; the unique constraint makes a duplicate answer impossible."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    attempt_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("attempts.id"))
    learner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(32))
    question_id: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    choice: Mapped[str] = mapped_column(String(64))
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ActivityDayRow(Base):
    """A day (UTC) on which a learner did something."""

    __tablename__ = "activity_days"

    learner_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("learners.id"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class PollRow(Base):
    """A quiz poll the bot sent, so that its answer finds its attempt and question."""

    __tablename__ = "polls"
    __table_args__ = (Index("ix_polls_learner_sent", "learner_id", "sent_at"),)

    poll_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"))
    attempt_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("attempts.id"))
    position: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChallengeRow(Base):
    """A challenge a learner sent; the only place a learner's first name is kept."""

    __tablename__ = "challenges"
    __table_args__ = (Index("ix_challenges_challenger_created", "challenger_id", "created_at"),)

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    challenger_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"))
    challenger_name: Mapped[str] = mapped_column(String(64))
    lesson_id: Mapped[str] = mapped_column(String(32))
    question_ids: Mapped[str] = mapped_column(String(200))
    challenger_score: Mapped[int] = mapped_column(Integer)
    challenger_total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PactRow(Base):
    """A learner's MIL CLICKS pledge and its date; withdrawing it deletes the row."""

    __tablename__ = "pacts"

    learner_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("learners.id"), primary_key=True, autoincrement=False
    )
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HandledUpdateRow(Base):
    """A Telegram update the bot took on: a redelivered one is recognised by its id.

    `done` is set once the update was handled; a row left unfinished means the process
    stopped midway, and the learner's card is sent again at start-up. Rows go after a few
    days. No foreign key on `learner_id`: the row may come before the learner's.
    """

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    learner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class PeerTallyRow(Base):
    """What a challenger's peer-education record keeps of friends who asked to be
    forgotten: counts only, no one named."""

    __tablename__ = "peer_tallies"

    challenger_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    friends_challenged: Mapped[int] = mapped_column(Integer, default=0)
    friends_who_went_on: Mapped[int] = mapped_column(Integer, default=0)


# Spaced review, reminders, weekly goals and the outbox (migration "review_and_reminders").


class ReviewCardRow(Base):
    """One learner's FSRS schedule for one technique."""

    __tablename__ = "review_cards"

    learner_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("learners.id"), primary_key=True
    )
    technique: Mapped[str] = mapped_column(String(32), primary_key=True)
    due: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ReviewRoundRow(Base):
    """A round of review items."""

    __tablename__ = "review_rounds"
    __table_args__ = (Index("ix_review_rounds_learner_open", "learner_id", "finished_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"))
    question_ids: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    bonus: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ReviewAnswerRow(Base):
    """One review answer and how sure the learner said they were (0 guessed .. 2 certain)."""

    __tablename__ = "review_answers"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("review_rounds.id"))
    learner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    choice: Mapped[str] = mapped_column(String(64))
    correct: Mapped[bool] = mapped_column(Boolean)
    confidence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RhythmRow(Base):
    """A learner's reminders (opt-in), their clock (UTC offset in minutes), weekly goal."""

    __tablename__ = "rhythms"

    learner_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("learners.id"), primary_key=True
    )
    asked: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    hour: Mapped[int | None] = mapped_column(Integer, nullable=True)
    utc_offset: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quiet_from: Mapped[int] = mapped_column(Integer, default=21)
    quiet_until: Mapped[int] = mapped_column(Integer, default=8)
    ignored: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set by a 403 or "chat not found"; a visit after it makes the learner active again.
    inactive_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    weekly_goal: Mapped[int | None] = mapped_column(Integer, nullable=True)


class OutboxRow(Base):
    """A message the bot sends on its own initiative; claimed by one sender at a time."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "due_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # One row per key (e.g. a learner's reminder for one local day): enqueued once only.
    dedupe: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class CheckRunRow(Base):
    """A learner's run at one form of the MIL check, before ("pre") or after ("post")."""

    __tablename__ = "mil_check_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"), index=True)
    phase: Mapped[str] = mapped_column(String(4))
    form: Mapped[str] = mapped_column(String(1))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CheckAnswerRow(Base):
    """How a learner sorted one post of the check; one answer per position of a run."""

    __tablename__ = "mil_check_answers"

    run_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("mil_check_runs.id"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32))
    said_manipulative: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
