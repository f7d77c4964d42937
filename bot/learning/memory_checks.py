"""The MIL check's part of the memory store: runs and answers in dictionaries."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.learning.check_records import CheckAnswer, CheckRun, Phase


class MemoryChecks:
    """Runs at the MIL check and their answers (the memory store hands out its methods)."""

    def __init__(self) -> None:
        self._runs: dict[int, CheckRun] = {}
        self._answers: dict[tuple[int, int], CheckAnswer] = {}
        self._ids = itertools.count(1)

    async def check_runs(self, learner_id: int) -> list[CheckRun]:
        return [r for r in self._runs.values() if r.learner_id == learner_id]

    async def new_check_run(
        self, learner_id: int, phase: Phase, form: str, now: datetime
    ) -> CheckRun:
        run = CheckRun(next(self._ids), learner_id, phase, form, now)
        self._runs[run.id] = run
        return run

    async def finish_check_run(self, run_id: int, now: datetime) -> None:
        self._runs[run_id] = replace(self._runs[run_id], finished_at=now)

    async def check_runs_started(self, phase: Phase) -> int:
        return sum(r.phase == phase for r in self._runs.values())

    async def add_check_answer(self, answer: CheckAnswer) -> bool:
        key = (answer.run_id, answer.position)
        if key in self._answers:
            return False
        self._answers[key] = answer
        return True

    async def check_answers(self, run_id: int) -> list[CheckAnswer]:
        return list(self.answers_of(run_id))

    def answers_of(self, run_id: int) -> tuple[CheckAnswer, ...]:
        """A run's answers by position."""
        found = [a for (r, _), a in self._answers.items() if r == run_id]
        return tuple(sorted(found, key=lambda a: a.position))

    def erase(self, learner_id: int) -> None:
        """Forget the learner's runs and their answers."""
        runs = {i for i, r in self._runs.items() if r.learner_id == learner_id}
        for run_id in runs:  # in place: the class reports read the same dicts
            del self._runs[run_id]
        for key in [k for k in self._answers if k[0] in runs]:
            del self._answers[key]

    @property
    def runs(self) -> Mapping[int, CheckRun]:
        """Every run, by id (read by the class reports)."""
        return self._runs

    @property
    def answers(self) -> Mapping[tuple[int, int], CheckAnswer]:
        """Every answer, by run and position."""
        return self._answers
