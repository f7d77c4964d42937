"""The bot's own bookkeeping: updates handled, and the outbox of messages to send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables.base import Base, Id, UTCDateTime


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


class OutboxRow(Base):
    """A message the bot sends on its own initiative; claimed by one sender at a time."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "sent_at", "due_at"),
        # the retention's range: finished rows long expired (`bot.learning.outbox.RETENTION`)
        Index("ix_outbox_expires", "expires_at"),
    )

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
    # Set just before the call to Telegram, cleared by a new claim or a retry: a row still
    # marked when its lease runs out was mid-call when its sender died.
    sending_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # One row per key (e.g. a learner's reminder for one local day): enqueued once only.
    dedupe: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
