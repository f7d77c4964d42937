"""The progress store's SQL, written once as plain functions of a SQLAlchemy session.

`storage.sql` runs them directly on SQLite (in-process and quick, so no thread hop per
statement) and through `AsyncSession.run_sync` on database servers such as PostgreSQL.

Every statement is built once, with named parameters, and runs as SQLAlchemy Core on the
session's connection: the bot makes a handful of them per update, and building a
statement and loading ORM objects cost more than SQLite takes to run it. The ORM classes in
`storage.tables` define the schema (and Alembic's migrations); rows are made from the core's
records by field name (`common.columns_of`), and come back as tuples.
"""

from storage.queries.attempts import (
    add_answer,
    attempt,
    best_result,
    challenge_attempt,
    finished_lessons,
    latest_finished,
    new_attempt,
    open_attempt,
    save_position,
    tallies,
)
from storage.queries.challenges import (
    challenge,
    challenges_since,
    mark_shared,
    peer_record,
    save_challenge,
    totals,
)
from storage.queries.learners import (
    days_active,
    find_poll,
    learner,
    mark_active,
    save_learner,
    save_poll,
)
from storage.queries.mil_check import (
    add_check_answer,
    check_answers,
    check_runs,
    check_runs_started,
    finish_check_run,
    new_check_run,
    open_post_check,
    post_check_opened,
)

__all__ = [
    "add_answer",
    "add_check_answer",
    "attempt",
    "best_result",
    "challenge",
    "challenge_attempt",
    "challenges_since",
    "check_answers",
    "check_runs",
    "check_runs_started",
    "days_active",
    "find_poll",
    "finish_check_run",
    "finished_lessons",
    "latest_finished",
    "learner",
    "mark_active",
    "mark_shared",
    "new_attempt",
    "new_check_run",
    "open_attempt",
    "open_post_check",
    "peer_record",
    "post_check_opened",
    "save_challenge",
    "save_learner",
    "save_poll",
    "save_position",
    "tallies",
    "totals",
]
