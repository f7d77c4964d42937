"""The report store on SQL: the `ReportStore` port, on the progress store's session."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.learning.class_work import ClassWork
from storage.engines import READ_ONLY
from storage.queries import reports as q

Runner = Callable[..., Awaitable[Any]]


class SqlReports:
    """A class's work, through the store's own query runner or, where the store's session
    runs in the event loop (SQLite), in a worker thread."""

    def __init__(self, run: Runner, session: Session | AsyncSession) -> None:
        self._run = run
        self._session = session

    async def class_work(self, learner_ids: Sequence[int]) -> ClassWork:
        if isinstance(self._session, AsyncSession):  # the server reads; the loop waits
            result: ClassWork = await self._run(q.class_work, tuple(learner_ids))
            return result
        # A class's whole history is thousands of rows, tens of milliseconds of SQLite:
        # read in a thread, on a connection of its own, so other learners are not held up.
        bind = self._session.get_bind()
        return await asyncio.to_thread(_class_work_apart, bind, tuple(learner_ids))


def _class_work_apart(bind: Any, learner_ids: tuple[int, ...]) -> ClassWork:
    """The class's work on a read-only connection (in a worker thread)."""
    with (
        bind.connect().execution_options(**{READ_ONLY: True}) as connection,
        Session(connection) as session,
    ):
        return q.class_work(session, learner_ids)
