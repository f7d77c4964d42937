"""The MIL check: a learner's runs at a form, and how they sorted each post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, Id, UTCDateTime


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


class ClassPostCheckRow(Base):
    """A class whose teacher opened the post check: its members may take it before the
    set number of lessons."""

    __tablename__ = "class_post_checks"

    class_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("classes.id"), primary_key=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
