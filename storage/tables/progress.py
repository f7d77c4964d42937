"""Learners and their lesson work: attempts, answers, active days, quiz polls."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, Id, UTCDateTime


class LearnerRow(Base):
    """A learner: their chat id and language; no message text, and a first name only
    while they are in a class (its teacher sees it)."""

    __tablename__ = "learners"

    # INTEGER on SQLite, so that it is the rowid: finding a learner is one B-tree search
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    challenge_notices: Mapped[bool] = mapped_column(Boolean, default=True)
    first_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # What their next text message answers (a class's name), and since when.
    awaiting: Mapped[str | None] = mapped_column(String(32), nullable=True)
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


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
