"""A learner with a row in every table that names them, written through the store port:
the export and the erasure tests both start from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Table

from bot.learning.check_records import CheckAnswer
from bot.learning.class_records import Assignment
from bot.learning.outbox import Outgoing, notice_key
from bot.learning.pact import Pact
from bot.learning.records import Answer, Challenge, Learner, PollRef
from bot.learning.review import TechniqueCard
from bot.learning.review_records import ReviewAnswer
from bot.learning.rhythm import Rhythm
from bot.learning.round_records import GroupLink, RoundAnswer, RoundPoll
from bot.learning.store import ProgressStore
from storage.queries.outbox import put_outgoing
from storage.tables import Base

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DUE = date(2026, 3, 6)
LEARNER_COLUMNS = ("learner_id", "challenger_id", "chat_id", "teacher_id")


def naming_tables() -> set[str]:
    """Tables with a learner column, and the tables whose rows hang off theirs."""
    direct = {
        t.name for t in Base.metadata.sorted_tables if any(c in t.c for c in LEARNER_COLUMNS)
    }
    found = direct | {"learners"}
    for table in Base.metadata.sorted_tables:
        if _refers_to(table, found - {"learners"}):
            found.add(table.name)
    return found


def _refers_to(table: Table, names: set[str]) -> bool:
    return any(fk.column.table.name in names for fk in table.foreign_keys)


async def _learning(store: ProgressStore, who: int, friend: int) -> None:
    """Lessons, polls, days, and a friend's challenge taken."""
    await store.mark_active(who, NOW.date())
    await store.save_challenge(
        Challenge("fr1end", friend, "Ben", "emotion-check", ("q1",), 2, 3, NOW, NOW)
    )
    run = await store.new_attempt(who, "emotion-check", NOW, challenge_code="fr1end")
    await store.add_answer(run, Answer("q1", 0, "1", True, NOW))
    await store.save_position(replace(run, finished_at=NOW))
    lesson = await store.new_attempt(who, "emotion-check", NOW + timedelta(minutes=5))
    await store.add_answer(lesson, Answer("q2", 3, "0,2", False, NOW + timedelta(minutes=6)))
    await store.save_poll("p1", PollRef(who, lesson.id, 3), NOW + timedelta(minutes=6))
    await store.claim_update(77, who, NOW)
    await store.finish_update(77)


async def _returning(store: ProgressStore, who: int, friend: int) -> None:
    """Review, rhythm, pact and the MIL check."""
    await store.reviews.save_card(TechniqueCard(who, "emotion", NOW + timedelta(days=1)))
    review = await store.reviews.new_round(who, ("r1",), NOW, False)
    await store.reviews.add_answer(review, ReviewAnswer("r1", 0, "1", True, NOW))
    await store.rhythms.save_rhythm(Rhythm(who, True, True, 18, 60, weekly_goal=3))
    await store.save_pact(Pact(who, NOW))
    check = await store.new_check_run(who, "pre", "A", NOW)
    await store.add_check_answer(CheckAnswer(check.id, 0, "post-1", True, NOW))
    run = getattr(store, "run", None)
    if run is not None:  # the outbox is the SQL stores' (the memory one is its own port)
        later = NOW + timedelta(hours=9)
        await run(put_outgoing, Outgoing(who, "reminder", "Time for a lesson?", later, later))
        # the notice to Ben that she finished his challenge: it names her
        key = notice_key("fr1end", who)
        await run(put_outgoing, Outgoing(friend, "challenge", "Amina did it", NOW, later, (), key))


async def _classroom(store: ProgressStore, who: int, friend: int) -> None:
    """`who` teaches a class (lessons set, post check opened, a round in its group) and is
    in `friend`'s class, where they voted in a round."""
    named = Learner(who, "en", NOW, NOW, first_name="Amina", awaiting="new-class")
    await store.save_learner(replace(named, awaiting_since=NOW))
    mine = await store.classes.create_class(who, "9A", "mineclass001", NOW)
    await store.classes.join(mine.id, friend, NOW)
    await store.classes.set_assignment(Assignment(mine.id, ("emotion-check",), DUE, NOW))
    await store.open_post_check(mine.id, NOW)
    await store.rounds.save_link(GroupLink(mine.id, "mineg", -100, NOW))
    played = await store.rounds.new_round(mine.id, -100, "literacy", ("q1",), NOW)
    await store.rounds.add_poll(RoundPoll("rp-mine", played.id, 0, "q1", 0, NOW))
    theirs = await store.classes.create_class(friend, "7B", "theirclass01", NOW)
    await store.classes.join(theirs.id, who, NOW + timedelta(minutes=1))
    await store.rounds.save_link(GroupLink(theirs.id, "theirg", -200, NOW))
    voted = await store.rounds.new_round(theirs.id, -200, "literacy", ("q2",), NOW)
    await store.rounds.add_poll(RoundPoll("rp-theirs", voted.id, 0, "q2", 1, NOW))
    await store.rounds.add_answer(RoundAnswer("rp-theirs", who, 1, NOW))


async def everything(store: ProgressStore, who: int, friend: int, passer_by: int) -> None:
    """`who` leaves a row in every table; `passer_by` took their challenge, then went
    (so `who` keeps an anonymous tally)."""
    async with store.transaction():
        for someone in (who, friend, passer_by):
            await store.save_learner(Learner(someone, "en", NOW, NOW))
        await _learning(store, who, friend)
        await store.save_challenge(
            Challenge("m1ne", who, "Amina", "emotion-check", ("q1",), 3, 3, NOW, NOW)
        )
        taken = await store.new_attempt(passer_by, "emotion-check", NOW, challenge_code="m1ne")
        await store.save_position(replace(taken, finished_at=NOW))
        await _returning(store, who, friend)
        await _classroom(store, who, friend)
    async with store.transaction():
        await store.erase_learner(passer_by)
