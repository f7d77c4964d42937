"""The report store on SQL: the `ReportStore` port, on the progress store's session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.learning.class_work import ClassWork
from storage.queries import reports as q

Runner = Callable[..., Awaitable[Any]]


class SqlReports:
    """A class's work, through the store's own query runner."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def class_work(self, learner_ids: Sequence[int]) -> ClassWork:
        result: ClassWork = await self._run(q.class_work, tuple(learner_ids))
        return result
