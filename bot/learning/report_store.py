"""The report store port: a class's work, read for its members (adapters: memory, SQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.learning.class_work import ClassWork


class ReportStore(Protocol):
    """Reads for the teacher's report; it shares the progress store's session."""

    async def class_work(self, learner_ids: Sequence[int]) -> ClassWork:
        """The learners' first answer to each lesson question, finished lessons (challenge runs
        are not lessons) and sortings of finished MIL check runs."""
