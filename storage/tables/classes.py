"""The classroom: a teacher's classes, who joined them, and the lessons each one set."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, Id, UTCDateTime


class ClassRow(Base):
    """A teacher's class: its name, the code of its join link, and whether it closed."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    teacher_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("learners.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    join_code: Mapped[str] = mapped_column(String(24), unique=True)
    names_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ClassMemberRow(Base):
    """A learner in a class."""

    __tablename__ = "class_members"

    class_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("classes.id"), primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("learners.id"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClassAssignmentRow(Base):
    """One lesson a class set, at its place in the list, and the day it is due by."""

    __tablename__ = "class_assignments"

    class_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("classes.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[date] = mapped_column(Date)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
