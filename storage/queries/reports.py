"""A class's work for the teacher's report: one statement per kind, for all its members.

Each reads by learner through an index (`ix_answers_learner_id`, `ix_attempts_learner_open`,
`ix_mil_check_runs_learner_id`): a class of 40 costs three
statements, however many other learners the database holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import BindParameter, Table, bindparam, func, select
from sqlalchemy.orm import Session

from bot.learning.class_work import CheckSorting, ClassWork, FirstAnswer
from storage.queries.common import AN, ANSWERS, ATTEMPTS, A, run
from storage.tables import CheckAnswerRow, CheckRunRow

RUNS, SORTED = (cast(Table, row.__table__) for row in (CheckRunRow, CheckAnswerRow))
R, CA = RUNS.c, SORTED.c
_LEARNERS: BindParameter[int] = bindparam("learners", expanding=True)

# Not `challenge_code IS NULL`: given a list of learners, SQLite would walk the index on
# challenge_code through every lesson attempt of every learner instead of the learners'.
_LESSON = func.coalesce(A.challenge_code, "") == ""
_EARLIER = ANSWERS.alias("earlier")
_FIRST_IDS = (
    select(func.min(_EARLIER.c.id))
    .join(ATTEMPTS, A.id == _EARLIER.c.attempt_id)
    .where(_EARLIER.c.learner_id.in_(_LEARNERS), _LESSON)
    .group_by(_EARLIER.c.learner_id, _EARLIER.c.lesson_id, _EARLIER.c.question_id)
)
_FIRST_ANSWERS = (
    select(AN.learner_id, AN.lesson_id, AN.question_id, AN.choice, AN.correct)
    .where(AN.id.in_(_FIRST_IDS))
    .order_by(AN.id)
)
_FINISHED = (
    select(A.learner_id, A.lesson_id)
    .where(A.learner_id.in_(_LEARNERS), A.finished_at.is_not(None), _LESSON)
    .distinct()
)
_SORTINGS = (
    select(R.learner_id, R.id, R.phase, CA.item_id, CA.said_manipulative)
    .join(SORTED, CA.run_id == R.id)
    .where(R.learner_id.in_(_LEARNERS), R.finished_at.is_not(None))
    .order_by(R.id, CA.position)
)


def class_work(session: Session, learner_ids: Sequence[int]) -> ClassWork:
    if not learner_ids:
        return ClassWork()
    learners = list(learner_ids)
    answers = tuple(FirstAnswer(*row) for row in run(session, _FIRST_ANSWERS, learners=learners))
    finished = frozenset(
        (learner, lesson) for learner, lesson in run(session, _FINISHED, learners=learners)
    )
    sortings = tuple(CheckSorting(*row) for row in run(session, _SORTINGS, learners=learners))
    return ClassWork(answers, finished, sortings)
