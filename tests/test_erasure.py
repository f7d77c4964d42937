"""Erasing a learner: no row names them afterwards, in any table; their challenger keeps
an anonymous count; inactive learners go after the retention period."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select

from bot.learning import privacy, redelivery
from bot.learning.check_records import CheckAnswer
from bot.learning.outbox import Outgoing
from bot.learning.records import Answer, Challenge, Learner, PeerRecord, PollRef
from bot.learning.review import new_card
from bot.learning.review_records import ReviewAnswer
from bot.learning.rhythm import Rhythm
from bot.learning.store import ProgressStore
from storage.database import Database
from storage.outbox_sql import SqlOutbox
from storage.tables import Base
from tests.test_redelivery import stores  # noqa: F401  (memory, SQLite, PostgreSQL)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AMINA, BEN = 424242001, 424242002  # ids no other value in the tables can be
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]


async def _record(store: ProgressStore, who: int) -> PeerRecord:
    async with store.transaction():
        return await store.peer_record(who)


async def _known(store: ProgressStore, who: int) -> bool:
    async with store.transaction():
        return await store.learner(who) is not None


async def _amina_challenges_ben(store: ProgressStore) -> None:
    """Amina made a challenge; Ben finished it, then a lesson; both left traces everywhere."""
    async with store.transaction():
        for who in (AMINA, BEN):
            await store.save_learner(Learner(who, "en", NOW, NOW))
            await store.mark_active(who, NOW.date())
        await store.save_challenge(
            Challenge("c0de", AMINA, "Amina", "emotion-check", ("q1",), 3, 3, NOW, NOW)
        )
        run = await store.new_attempt(BEN, "emotion-check", NOW, challenge_code="c0de")
        await store.add_answer(run, Answer("q1", 0, "1", True, NOW))
        await store.save_poll("p1", PollRef(BEN, run.id, 0), NOW)
        await store.save_position(replace(run, finished_at=NOW))
        lesson = await store.new_attempt(BEN, "emotion-check", NOW + timedelta(minutes=5))
        await store.save_position(replace(lesson, finished_at=NOW + timedelta(minutes=9)))
        await store.claim_update(77, BEN, NOW)
        await store.finish_update(77)
        await _ben_comes_back(store)


async def _ben_comes_back(store: ProgressStore) -> None:
    """Ben's return loop and his MIL check: a schedule, a review round, reminders, a run."""
    await store.reviews.save_card(new_card(BEN, "emotional-language", NOW))
    review_round = await store.reviews.new_round(BEN, ("ctr-emo-1",), NOW, False)
    await store.reviews.add_answer(review_round, ReviewAnswer("ctr-emo-1", 0, "1", True, NOW))
    await store.rhythms.save_rhythm(Rhythm(BEN, asked=True, reminders=True, hour=18))
    run = await store.new_check_run(BEN, "pre", "a", NOW)
    await store.add_check_answer(CheckAnswer(run.id, 0, "c1", True, NOW))


async def _ben_is_gone(store: ProgressStore) -> bool:
    async with store.transaction():
        return (
            await store.reviews.cards(BEN) == ()
            and await store.reviews.seen_items(BEN) == {}
            and await store.rhythms.rhythm(BEN) is None
            and await store.check_runs(BEN) == []
        )


async def test_a_forgotten_learner_is_in_no_row_and_the_challenger_keeps_a_count(
    stores: Stores,  # noqa: F811
    database: Database,
    request: pytest.FixtureRequest,
) -> None:
    sqlite = request.node.callspec.params["stores"] == "sqlite"
    if sqlite:  # a reminder waiting for him in the outbox (the SQL outbox shares the file)
        await SqlOutbox(database).put(Outgoing(BEN, "reminder", "hi", NOW, NOW + timedelta(1)))
    async with stores() as store:
        await _amina_challenges_ben(store)
        assert await _record(store, AMINA) == PeerRecord(1, 1)
        await privacy.forget(store, BEN)
        assert not await _known(store, BEN)
        assert await _ben_is_gone(store)
        assert await _record(store, AMINA) == PeerRecord(1, 1)  # anonymous now
        assert await redelivery.claim(store, 77, None, NOW) == "new"
    if not sqlite:
        return  # the scan below reads the SQLite file
    engine = create_engine(database.url.replace("+aiosqlite", ""))
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)):
                assert BEN not in tuple(row), f"{table.name} still names the learner: {row}"
        tables = {t.name for t in Base.metadata.sorted_tables}
    engine.dispose()
    assert {
        "learners",
        "attempts",
        "answers",
        "polls",
        "activity_days",
        "review_cards",
        "review_rounds",
        "review_answers",
        "rhythms",
        "outbox",
        "mil_check_runs",
    } <= tables


async def test_learners_not_seen_for_the_retention_period_are_erased(
    stores: Stores,  # noqa: F811
) -> None:
    async with stores() as store:
        await _amina_challenges_ben(store)
        later = NOW + timedelta(days=30)
        async with store.transaction():
            await store.save_learner(Learner(AMINA, "en", NOW, later))  # Amina came back
        two_years = NOW + timedelta(days=2 * 365 + 1)
        assert await privacy.forget_inactive(store, two_years - timedelta(days=40)) == 0
        assert await privacy.forget_inactive(store, two_years) == 1
        assert not await _known(store, BEN)
        assert await _known(store, AMINA)
        assert await _record(store, AMINA) == PeerRecord(1, 1)


def test_the_retention_command_runs_on_its_own(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("RETENTION_MONTHS", "12")
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "forget-inactive"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "erased 0 learner(s) not seen for 12 months"
    )
