"""Challenges between friends, the MIL CLICKS Pact, and anonymous peer tallies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, UTCDateTime


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


class PeerTallyRow(Base):
    """What a challenger's peer-education record keeps of friends who asked to be
    forgotten: counts only, no one named."""

    __tablename__ = "peer_tallies"

    challenger_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    friends_challenged: Mapped[int] = mapped_column(Integer, default=0)
    friends_who_went_on: Mapped[int] = mapped_column(Integer, default=0)


# Spaced review, reminders, weekly goals and the outbox (migration "review_and_reminders").
