"""The return loop: review schedules, rounds and answers, and each learner's rhythm."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, Id, UTCDateTime


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
