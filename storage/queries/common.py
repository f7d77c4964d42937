"""What every query module shares: the tables, running a statement, rows from records."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from sqlalchemy import BindParameter, CursorResult, Executable, Table, bindparam, insert, update
from sqlalchemy.orm import Session

from storage.tables import (
    ActivityDayRow,
    AnswerRow,
    AttemptRow,
    ChallengeRow,
    LearnerRow,
    PollRow,
)

LEARNERS, ATTEMPTS, ANSWERS, DAYS, POLLS, CHALLENGES = (
    cast(Table, row.__table__)
    for row in (LearnerRow, AttemptRow, AnswerRow, ActivityDayRow, PollRow, ChallengeRow)
)
L, A, AN, D, P, C = (t.c for t in (LEARNERS, ATTEMPTS, ANSWERS, DAYS, POLLS, CHALLENGES))

ID: BindParameter[int] = bindparam("id")
LEARNER: BindParameter[int] = bindparam("learner")
CODE: BindParameter[str] = bindparam("code")
# UPDATE statements: a parameter may not share its name with a column of the table.
KEY: BindParameter[int] = bindparam("key")


def run(session: Session, statement: Executable, **params: Any) -> CursorResult[*tuple[Any, ...]]:
    """Run a prepared Core statement on the session's connection."""
    return session.connection().execute(statement, params)


def columns_of(record: object, table: Table, **values: Any) -> dict[str, Any]:
    """A record's fields that are columns of `table`, by name, with `values` on top."""
    fields = {
        field.name: getattr(record, field.name)
        for field in dataclasses.fields(record)  # type: ignore[arg-type]
        if field.name in table.c
    }
    return fields | values


def inserter(table: Table) -> Executable:
    """`INSERT INTO table ...`, its columns named by the parameters it is run with."""
    return insert(table)


def updater(table: Table, *columns: str) -> Executable:
    """`UPDATE table SET column = :new_column, ... WHERE id = :key`."""
    return (
        update(table)
        .where(table.c.id == KEY)
        .values({column: bindparam(f"new_{column}") for column in columns})
    )


def update_params(key: object, values: dict[str, Any]) -> dict[str, Any]:
    """The parameters of an `updater` statement: the key, and each value as `new_<column>`."""
    return {"key": key} | {f"new_{column}": value for column, value in values.items()}
