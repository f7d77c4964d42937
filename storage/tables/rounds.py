"""Group rounds: a class's group, the rounds played there, their polls and the votes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, Id, UTCDateTime


class ClassGroupRow(Base):
    """A class's "add to a group" link and the group chat it was added to."""

    __tablename__ = "class_groups"

    class_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("classes.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class GroupRoundRow(Base):
    """A round of quiz polls in a class's group; the items it asks, space-separated."""

    __tablename__ = "group_rounds"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    class_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("classes.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    theme: Mapped[str] = mapped_column(String(32))
    item_ids: Mapped[str] = mapped_column(String(400))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    # While a process sends the round's next poll (several webhook workers each keep rounds).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class GroupRoundPollRow(Base):
    """A quiz poll a round sent, and when it closes."""

    __tablename__ = "group_round_polls"

    poll_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("group_rounds.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(64))
    correct_option: Mapped[int] = mapped_column(Integer)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GroupRoundAnswerRow(Base):
    """A class member's vote in a round's poll."""

    __tablename__ = "group_round_answers"

    poll_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("group_round_polls.poll_id"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("learners.id"), primary_key=True, index=True
    )
    option: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
