"""The sender's leader claim: one holder at a time on PostgreSQL, taken over when it dies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.learning.leader import Leadership, SoleClaim
from storage.engines import make_engine
from storage.leader_claim import AdvisoryClaim, sender_claim

HOLDERS = text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted")
TERMINATE = text("SELECT pg_terminate_backend(:pid)")


async def _holders(url: str) -> list[int]:
    engine = make_engine(url)
    async with engine.connect() as connection:
        pids = [int(pid) for pid in (await connection.execute(HOLDERS)).scalars()]
    await engine.dispose()
    return pids


async def _cut_the_holders_connection(url: str) -> None:
    """What a dead worker's server session looks like from the database: gone."""
    (pid,) = await _holders(url)
    engine = make_engine(url)
    async with engine.connect() as connection:
        assert (await connection.execute(TERMINATE, {"pid": pid})).scalar() is True
    await engine.dispose()


@pytest.fixture
async def claims(postgres_url: str) -> AsyncIterator[tuple[AdvisoryClaim, AdvisoryClaim]]:
    first, second = AdvisoryClaim(postgres_url, check=0.2), AdvisoryClaim(postgres_url, check=0.2)
    yield first, second
    await first.close()
    await second.close()


async def test_of_two_claimants_one_wins_until_it_lets_go(
    claims: tuple[AdvisoryClaim, AdvisoryClaim], postgres_url: str
) -> None:
    first, second = claims
    assert await first.take() is True
    assert await second.take() is False
    assert await first.take() is True  # held already
    assert len(await _holders(postgres_url)) == 1
    await first.release()
    assert await second.take() is True
    assert await first.take() is False


async def test_when_the_winners_connection_dies_it_knows_and_the_other_takes_over(
    claims: tuple[AdvisoryClaim, AdvisoryClaim], postgres_url: str
) -> None:
    first, second = claims
    assert await first.take() is True
    watching = asyncio.create_task(first.lost())
    await asyncio.sleep(0)
    assert not watching.done()
    await _cut_the_holders_connection(postgres_url)
    await asyncio.wait_for(watching, 5)
    await first.release()
    assert await second.take() is True
    assert await first.take() is False


async def test_two_leaderships_run_the_job_in_one_then_the_other(
    claims: tuple[AdvisoryClaim, AdvisoryClaim], postgres_url: str
) -> None:
    running: list[str] = []
    changes: list[tuple[str, bool]] = []

    def leadership(name: str, claim: AdvisoryClaim, retry: float) -> Leadership:
        async def end(lost: bool) -> None:
            running.remove(name)

        return Leadership(
            claim,
            lambda: running.append(name),
            end,
            retry=retry,
            leading=lambda leads: changes.append((name, leads)),
        )

    # the first tries again only after a minute: the second is the one to take over
    first = leadership("first", claims[0], retry=60)
    second = leadership("second", claims[1], retry=0.1)
    first.start()
    while running != ["first"]:  # noqa: ASYNC110 (polling the job's state)
        await asyncio.sleep(0.01)
    second.start()
    await asyncio.sleep(0.5)  # several of the second's tries
    assert running == ["first"] and not second.is_leader
    await _cut_the_holders_connection(postgres_url)
    async with asyncio.timeout(10):
        while running != ["second"]:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    await second.stop()
    await first.stop()
    assert running == []
    assert changes[:3] == [("first", True), ("first", False), ("second", True)]
    assert changes[-1] == ("second", False)
    assert await _holders(postgres_url) == []


class _Fickle:
    """A claim that is taken, then lost when the test says so."""

    def __init__(self) -> None:
        self.cut = asyncio.Event()
        self.released = 0

    async def take(self) -> bool:
        return not self.cut.is_set()

    async def lost(self) -> None:
        await self.cut.wait()

    async def release(self) -> None:
        self.released += 1

    async def close(self) -> None:
        return None


async def test_losing_the_claim_stops_the_job_before_anything_else() -> None:
    claim, log = _Fickle(), []

    async def end(lost: bool) -> None:
        log.append("end (lost)" if lost else "end")

    leadership = Leadership(claim, lambda: log.append("begin"), end, retry=0.05)
    leadership.start()
    while log != ["begin"]:  # noqa: ASYNC110
        await asyncio.sleep(0.001)
    assert leadership.is_leader
    claim.cut.set()
    while log != ["begin", "end (lost)"]:  # noqa: ASYNC110
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.2)  # it keeps trying, and the claim stays lost
    assert not leadership.is_leader
    await leadership.stop()
    assert log == ["begin", "end (lost)"] and claim.released == 1


async def test_on_sqlite_the_only_process_always_leads() -> None:
    claim = sender_claim("sqlite+aiosqlite:///bot.sqlite3")
    assert isinstance(claim, SoleClaim)
    assert await claim.take() is True
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(claim.lost(), 0.05)
