"""`milclicks research export`: the anonymised CSV for the partner networks' MIL assessment.

A plain command, not part of the bot: it reads the database in one transaction, streaming,
and writes as it reads. The rules (pseudonyms, coarse dates, small cells) are in
`bot.learning.research`; this module only reads, applies them and writes.
"""

from __future__ import annotations

import asyncio
import csv
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.bank.check.loader import load_bank
from bot.config import Settings, unreachable
from bot.learning.detection import tally
from bot.learning.mil_check import CHECK_ID
from bot.learning.research import (
    ANSWER_COLUMNS,
    CHECK_COLUMNS,
    ITEM_COLUMNS,
    AnswerFacts,
    CheckFacts,
    ItemCells,
    Profile,
    Pseudonyms,
    Row,
    answer_rows,
    check_rows,
    kept_groups,
    secret_problem,
)
from storage.database import Database
from storage.engines import READ_ONLY
from storage.queries import research as read

WHATS = ("checks", "answers", "items")
COLUMNS = {"checks": CHECK_COLUMNS, "answers": ANSWER_COLUMNS, "items": ITEM_COLUMNS}
EVERY = 10_000  # rows read between two progress lines


@dataclass
class Job:
    """One export: what to write, from when, with which pseudonyms, and where."""

    what: str
    since: datetime
    names: Pseudonyms
    kinds: dict[tuple[str, str], bool]  # (form, item id) -> the post is manipulative
    write: Callable[[Row], None]
    say: Callable[[str], None]
    written: int = 0
    profiles: dict[int, Profile] = field(default_factory=dict)

    def emit(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.write(row)
            self.written += 1

    def tick(self, read_so_far: int, total: int | None = None) -> None:
        if read_so_far % EVERY == 0:
            of = f" of {total}" if total is not None else ""
            self.say(f"{self.what}: {read_so_far}{of} rows read, {self.written} written")


def _profiles(session: Session) -> dict[int, Profile]:
    classes = read.memberships(session)
    return {
        learner: Profile(language, first_seen, tuple(classes.get(learner, ())))
        for learner, (language, first_seen) in read.profiles(session).items()
    }


def _runs(job: Job, session: Session) -> Iterable[CheckFacts]:
    """The finished runs, each with its answers tallied against the bank's items."""
    current: list[Any] = []
    for count, row in enumerate(read.check_answers(session, job.since), 1):
        job.tick(count)
        if current and current[0].id != row.id:
            yield _facts(job, current)
            current = []
        current.append(row)
    if current:
        yield _facts(job, current)


def _facts(job: Job, rows: list[Any]) -> CheckFacts:
    first = rows[0]
    pairs = [
        (job.kinds[(r.form, r.item_id)], r.said_manipulative)
        for r in rows
        if (r.form, r.item_id) in job.kinds
    ]
    return CheckFacts(
        first.learner_id, first.phase, first.form, first.started_at, first.finished_at,
        tally(pairs),
    )  # fmt: skip


def _answers(job: Job, session: Session) -> Iterable[AnswerFacts]:
    """Lesson answers since the start, each with its attempt numbered per lesson."""
    total = read.answer_total(session)
    learner: int | None = None
    numbers: dict[str, list[int]] = {}
    for count, row in enumerate(read.lesson_answers(session), 1):
        job.tick(count, total)
        if row.learner_id != learner:
            learner, numbers = row.learner_id, {}
        seen = numbers.setdefault(row.lesson_id, [])
        if row.attempt_id not in seen:
            seen.append(row.attempt_id)
        if row.answered_at >= job.since:
            yield AnswerFacts(
                row.learner_id, row.lesson_id, len(seen), row.question_id, row.position,
                row.choice, row.correct, row.answered_at,
            )  # fmt: skip


def _write_checks(job: Job, session: Session) -> None:
    kept = kept_groups(read.check_learners(session, job.since), job.profiles, job.names)
    for facts in _runs(job, session):
        if facts.learner in job.profiles:
            job.emit(check_rows(facts, job.profiles[facts.learner], job.names, kept))


def _write_answers(job: Job, session: Session) -> None:
    kept = kept_groups(read.answer_learners(session, job.since), job.profiles, job.names)
    for facts in _answers(job, session):
        if facts.learner in job.profiles:
            job.emit(answer_rows(facts, job.profiles[facts.learner], job.names, kept))


def _write_items(job: Job, session: Session) -> None:
    cells = ItemCells()
    for facts in _answers(job, session):
        key = ("lesson", facts.lesson_id, "", facts.question_id)
        cells.add(key, facts.learner, facts.correct)
    for count, row in enumerate(read.check_answers(session, job.since), 1):
        job.tick(count)
        manipulative = job.kinds.get((row.form, row.item_id))
        if manipulative is not None:
            key = ("check", row.form, row.phase, row.item_id)
            cells.add(key, row.learner_id, manipulative == row.said_manipulative)
    job.emit(cells.rows())


WRITERS = {"checks": _write_checks, "answers": _write_answers, "items": _write_items}


def write_export(session: Session, job: Job) -> int:
    """Write the job's rows (after its header) from one read transaction; how many rows.
    On SQLite the transaction takes no write lock, so the bot goes on while it runs."""
    with session.begin():
        session.connection(execution_options={READ_ONLY: True})
        job.profiles = _profiles(session)
        job.write(COLUMNS[job.what])
        WRITERS[job.what](job, session)
    return job.written


def _kinds(settings: Settings) -> dict[tuple[str, str], bool]:
    bank = load_bank(settings.lessons_dir, settings.quizzes_dir, cues_file=settings.cues_file).bank
    check = bank.checks.get(CHECK_ID)
    forms = check.forms if check is not None else ()
    return {(form.form, item.id): item.manipulative for form in forms for item in form.items}


async def run_export(url: str, job: Job) -> int:
    """Run the job on the database at `url`; how many rows it wrote."""
    database = Database(url)
    try:
        async with database.unit() as store:
            return await store.run(write_export, job)
    finally:
        await database.close()


def export(settings: Settings, what: str, out: Path | None, since: date | None) -> int:
    """Entry point of `milclicks research export`; returns the exit code."""
    secret = settings.research_secret.get_secret_value() if settings.research_secret else None
    problem = secret_problem(secret)
    if problem is not None or secret is None:
        print(problem, file=sys.stderr)
        return 1
    start = datetime.combine(since or date(1970, 1, 1), time(), UTC)

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    handle: TextIO = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
    try:
        writer = csv.writer(handle, lineterminator="\n")
        job = Job(what, start, Pseudonyms(secret), _kinds(settings), writer.writerow, say)
        written = asyncio.run(run_export(settings.database_url, job))
    except (SQLAlchemyError, OSError) as error:  # refused, unknown host, auth, no tables
        print(unreachable(settings.database_url, error), file=sys.stderr)
        return 1
    finally:
        if out:
            handle.close()
    say(f"{what}: {written} rows written to {out or 'standard output'}")
    return 0
