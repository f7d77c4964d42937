"""The report store in memory: reads the rest of the memory store's dictionaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.learning.check_records import CheckAnswer, CheckRun
from bot.learning.class_work import CheckSorting, ClassWork, FirstAnswer
from bot.learning.records import Attempt


class MemoryReports:
    """A class's work, found by scanning attempts and check runs (tests hold few)."""

    def __init__(
        self,
        attempts: Mapping[int, Attempt],
        runs: Mapping[int, CheckRun],
        answers: Mapping[tuple[int, int], CheckAnswer],
    ) -> None:
        self._attempts = attempts
        self._runs = runs
        self._answers = answers

    async def class_work(self, learner_ids: Sequence[int]) -> ClassWork:
        wanted = set(learner_ids)
        lessons = sorted(
            (a for a in self._attempts.values() if a.learner_id in wanted),
            key=lambda a: a.id,
        )
        lessons = [a for a in lessons if a.challenge_code is None]
        first: dict[tuple[int, str, str], FirstAnswer] = {}
        for a in lessons:
            for answer in sorted(a.answers, key=lambda answer: answer.position):
                first.setdefault(
                    (a.learner_id, a.lesson_id, answer.question_id),
                    FirstAnswer(
                        a.learner_id,
                        a.lesson_id,
                        answer.question_id,
                        answer.choice,
                        answer.correct,
                    ),
                )
        answers = tuple(first.values())
        finished = frozenset((a.learner_id, a.lesson_id) for a in lessons if a.finished_at)
        done = {r.id: r for r in self._runs.values() if r.learner_id in wanted and r.finished_at}
        sortings = tuple(
            CheckSorting(
                done[run_id].learner_id, run_id, done[run_id].phase, a.item_id, a.said_manipulative
            )
            for (run_id, _), a in sorted(self._answers.items())
            if run_id in done
        )
        return ClassWork(answers, finished, sortings)
