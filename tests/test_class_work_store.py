"""A class's work, read for its members on every adapter of the store: first attempts
only, no challenge runs, finished check runs only, and nobody outside the class."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.learning.check_records import CheckAnswer
from bot.learning.class_work import CheckSorting, ClassWork, FirstAnswer
from bot.learning.records import Answer, Challenge, Learner
from bot.learning.store import ProgressStore

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
Stores = Callable[[], AbstractAsyncContextManager[ProgressStore]]


async def _lesson(
    store: ProgressStore,
    learner: int,
    choices: list[tuple[str, str, bool]],
    done: bool,
    code: str | None = None,
) -> None:
    attempt = await store.new_attempt(learner, "emotion-check", NOW, code)
    for position, (question, choice, right) in enumerate(choices):
        await store.add_answer(attempt, Answer(question, position, choice, right, NOW))
    if done:
        await store.save_position(replace(attempt, position=9, finished_at=NOW))


async def _check(store: ProgressStore, learner: int, sorted_: list[bool], done: bool) -> int:
    run = await store.new_check_run(learner, "pre", "a", NOW)
    for position, said in enumerate(sorted_):
        await store.add_check_answer(CheckAnswer(run.id, position, f"i{position}", said, NOW))
    if done:
        await store.finish_check_run(run.id, NOW)
    return run.id


async def test_the_class_work_is_first_attempts_and_finished_checks(stores: Stores) -> None:
    async with stores() as store, store.transaction():
        for learner in (7, 8, 9):
            await store.save_learner(Learner(learner, "en", NOW, NOW))
        await store.save_challenge(
            Challenge(
                "C1",
                9,
                "Sam",
                "emotion-check",
                ("ec-headline",),
                1,
                1,
                NOW,
                NOW + timedelta(days=7),
            )
        )
        # Amina (7) got the headline wrong, then right on a retake: her first answer counts.
        await _lesson(store, 7, [("ec-headline", "0", False)], done=False)
        await _lesson(store, 7, [("ec-headline", "1", True), ("ec-pause", "0,1,3", True)], True)
        # Ben (8) plays a challenge (not a lesson), then finishes the lesson.
        await _lesson(store, 8, [("ec-headline", "2", False)], done=True, code="C1")
        await _lesson(store, 8, [("ec-headline", "1", True)], done=True)
        # Sam (9) is in no class of this report.
        await _lesson(store, 9, [("ec-headline", "0", False)], done=True)
        amina_run = await _check(store, 7, [True, False], done=True)
        await _check(store, 8, [True], done=False)  # never finished: no figures from it
        await _check(store, 9, [True], done=True)
    async with stores() as store, store.transaction():
        work = await store.reports.class_work([7, 8])
        nobody = await store.reports.class_work([])
    assert sorted(work.answers, key=lambda a: (a.learner_id, a.question_id)) == [
        FirstAnswer(7, "emotion-check", "ec-headline", "0", False),
        FirstAnswer(7, "emotion-check", "ec-pause", "0,1,3", True),
        FirstAnswer(8, "emotion-check", "ec-headline", "1", True),
    ]
    assert work.finished == {(7, "emotion-check"), (8, "emotion-check")}
    assert work.sortings == (
        CheckSorting(7, amina_run, "pre", "i0", True),
        CheckSorting(7, amina_run, "pre", "i1", False),
    )
    assert nobody == ClassWork()
