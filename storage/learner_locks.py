"""One learner's updates one at a time across every worker process, on PostgreSQL.

Inside one process `bot.telegram.ordering` queues a learner's updates. Workers behind one
webhook share nothing but the database, so there the queue is a PostgreSQL advisory lock
keyed by the learner, held on the update's own connection from the start of its unit of
work to its end.

A session-level lock (`pg_advisory_lock`), not a transaction-level one: the tutor commits
several short transactions per update (and reads between them), and a transaction-level
lock would be let go at the first commit, halfway through the update. The unit therefore
keeps one connection for the whole update and unlocks it before giving it back.

The two-key form of the lock (`space`, `key`) has a key space of its own, apart from the
one-key locks other parts of the bot may take (the outbox sender's leader claim).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# "MILC" in ASCII: the first key of every learner lock
SPACE = 0x4D494C43
LOCK = text("SELECT pg_advisory_lock(:space, :key)")
UNLOCK = text("SELECT pg_advisory_unlock(:space, :key)")


def lock_key(learner_id: int) -> int:
    """A learner id (up to 52 bits on Telegram) folded into PostgreSQL's signed int4; two
    learners sharing a key only wait for each other now and then."""
    folded = (learner_id ^ (learner_id >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= (1 << 31) else folded


@asynccontextmanager
async def learner_held(connection: AsyncConnection, learner_id: int) -> AsyncIterator[None]:
    """Hold this learner's lock on `connection` for the block (waiting for another
    worker's update of the same learner to end first)."""
    params = {"space": SPACE, "key": lock_key(learner_id)}
    await connection.execute(LOCK, params)
    await connection.commit()  # the lock outlives this transaction: it is the session's
    try:
        yield
    finally:
        if connection.in_transaction():
            await connection.rollback()  # whatever the update left open
        await connection.execute(UNLOCK, params)
        await connection.commit()
