"""Redelivery: Telegram may send the same update twice (after a restart, or a lost
confirmation); the second one must change nothing and say nothing.

Each update id is claimed before it is handled and marked done after. A claim that finds
the id done is a duplicate, to be ignored; one that finds it unfinished means the process
stopped midway (a crash, SIGKILL), so the learner may not have had their reply: the card
they are on is sent again, at start-up (`interrupted`) or when the update comes again.
Ids are kept for `RETENTION` (Telegram keeps an unconfirmed update for a day), then
forgotten, a little at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.learning.store import Claim, ProgressStore

__all__ = ["RETENTION", "Claim", "claim", "finish", "interrupted"]
RETENTION = timedelta(days=2)
PRUNE_EVERY = 256  # one claim in so many also forgets the ids past the retention period


async def claim(
    store: ProgressStore, update_id: int, learner_id: int | None, now: datetime
) -> Claim:
    """Take an update on, in its own short transaction; see the module's docstring."""
    async with store.transaction():
        found = await store.claim_update(update_id, learner_id, now)
        if found == "new" and update_id % PRUNE_EVERY == 0:
            await store.forget_updates(now - RETENTION)
    return found


async def finish(store: ProgressStore, update_id: int) -> None:
    """Mark an update handled to the end."""
    async with store.transaction():
        await store.finish_update(update_id)


async def interrupted(store: ProgressStore, now: datetime) -> list[int]:
    """At start-up: learners whose update a stopped process left unfinished (each once),
    and mark those updates finished, as their cards are about to be sent again. Ids past
    the retention period go first: after a week without updates Telegram may number
    them afresh, and an old id must not pass for a new update's."""
    async with store.transaction():
        await store.forget_updates(now - RETENTION)
        found = await store.unfinished_updates(now - RETENTION)
        for update_id, _ in found:
            await store.finish_update(update_id)
    return list(dict.fromkeys(learner for _, learner in found))
