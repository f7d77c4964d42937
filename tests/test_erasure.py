"""Erasing a learner: no row names them afterwards, in any table; their challenger keeps
an anonymous count; inactive learners go after the retention period."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select

from bot.learning import privacy, redelivery
from bot.learning.class_records import Assignment
from bot.learning.my_data import LearnerData
from bot.learning.records import Answer, Challenge, Learner, PeerRecord, PollRef
from bot.learning.round_records import GroupLink, RoundAnswer, RoundPoll
from bot.learning.store import ProgressStore
from storage.database import Database
from storage.tables import Base
from tests.learner_rows import everything

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DUE = date(2026, 3, 6)
AMINA, BEN, CARLA = 424242001, 424242002, 424242003  # ids no other value can be
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
        await store.save_learner(Learner(BEN, "en", NOW, NOW, first_name="Ben"))
        taught = await store.classes.create_class(AMINA, "7B", "abcdefghijkl", NOW)
        await store.classes.join(taught.id, BEN, NOW)
        await store.classes.set_assignment(Assignment(taught.id, ("emotion-check",), DUE, NOW))
        await store.open_post_check(taught.id, NOW)
        await store.rounds.save_link(GroupLink(taught.id, "c0de", -100, NOW))
        played = await store.rounds.new_round(taught.id, -100, "literacy", ("q1",), NOW)
        await store.rounds.add_poll(RoundPoll("rp1", played.id, 0, "q1", 0, NOW))
        await store.rounds.add_answer(RoundAnswer("rp1", BEN, 0, NOW))


async def test_a_forgotten_learner_is_in_no_row_and_the_challenger_keeps_a_count(
    stores: Stores,
    database: Database,
    request: pytest.FixtureRequest,
) -> None:
    async with stores() as store:
        await _amina_challenges_ben(store)
        assert await _record(store, AMINA) == PeerRecord(1, 1)
        await privacy.forget(store, BEN)
        assert not await _known(store, BEN)
        assert await _record(store, AMINA) == PeerRecord(1, 1)  # anonymous now
        assert await redelivery.claim(store, 77, None, NOW) == "done"  # kept, nameless
    if request.node.callspec.params["stores"] != "sqlite":
        return  # the scan below reads the SQLite file
    assert_named_nowhere(database.url, BEN)


def assert_named_nowhere(url: str, who: int) -> None:
    """Scan every row of every table of the SQLite file for the learner's id."""
    engine = create_engine(url.replace("+aiosqlite", ""))
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)):
                assert who not in tuple(row), f"{table.name} still names the learner: {row}"
                texts = [value for value in row if isinstance(value, str)]
                assert not any(str(who) in text for text in texts), f"{table.name}: {row}"
    engine.dispose()


async def test_a_learner_with_a_row_in_every_table_leaves_none_behind(
    database: Database,
) -> None:
    async with database.unit() as store:
        await everything(store, AMINA, BEN, CARLA)
        before = await privacy.my_data(store, AMINA)
        assert before.review_rounds and before.check_runs and before.messages
        await privacy.forget(store, AMINA)
        assert not await _known(store, AMINA)
        assert await _known(store, BEN)  # the friend whose challenge she took stays
        after = await privacy.my_data(store, AMINA)
    assert after == LearnerData(None)
    assert_named_nowhere(database.url, AMINA)


async def test_a_forgotten_teacher_takes_their_classes_with_them(
    stores: Stores,
) -> None:
    async with stores() as store:
        await _amina_challenges_ben(store)
        async with store.transaction():
            (taught,) = await store.classes.classes_taught(AMINA)
        await privacy.forget(store, AMINA)
        async with store.transaction():
            assert await store.classes.classroom(taught.id) is None
            assert await store.classes.class_by_code("abcdefghijkl") is None
            assert await store.classes.classes_joined(BEN) == []
            assert await store.classes.assignments_for(BEN) == []
            assert await store.classes.assignment(taught.id) is None
            assert not await store.post_check_opened(BEN)


async def test_learners_not_seen_for_the_retention_period_are_erased(
    stores: Stores,
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
