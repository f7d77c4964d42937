"""`milclicks research export` on a real database file (and PostgreSQL where one starts)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bank.bank import Bank
from bot.cli import main
from bot.learning.check_records import CheckAnswer
from bot.learning.mil_check import CHECK_ID
from bot.learning.records import Answer, Learner
from bot.learning.research import Pseudonyms
from storage.database import Database
from storage.migrate import upgrade_async
from tests.stores import fresh_schema as _fresh_schema

SECRET = "0123456789abcdef0123456789abcdef"
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ENGLISH = range(1001, 1007)  # six learners, five of them in class 1: that group is written
PORTUGUESE = range(2001, 2004)  # three in class 1: their group is left out
TEACHER = 9000
IN_CLASS = ENGLISH[:5]  # 1006 is in no class: alone in their group, left out


async def _learners(url: str, bank: Bank) -> None:
    """Six English and three Portuguese learners; each answers a lesson question twice and
    sorts the whole form A, calling every post manipulative. All but 1006 are in the
    teacher's class 1; 1001 is also in class 2, alone there."""
    database = Database(url)
    items = bank.checks[CHECK_ID].forms[0].items
    try:
        async with database.unit() as store, store.transaction():
            await store.save_learner(Learner(TEACHER, "en", MONDAY, MONDAY))
            for name in ("7B", "Chess club"):
                await store.classes.create_class(TEACHER, name, f"code-{name}", MONDAY)
        for learner in [*ENGLISH, *PORTUGUESE]:
            async with database.unit() as store, store.transaction():
                language = "en" if learner in ENGLISH else "pt"
                await store.save_learner(Learner(learner, language, MONDAY, MONDAY))
                for day in (0, 3):  # two runs through the lesson, three days apart
                    when = MONDAY + timedelta(days=day)
                    attempt = await store.new_attempt(learner, "spot-the-bot", when)
                    right = day == 3 or learner % 2 == 0
                    await store.add_answer(attempt, Answer("q1", 2, "1", right, when))
                run = await store.new_check_run(learner, "pre", "a", MONDAY)
                for position, item in enumerate(items):
                    answer = CheckAnswer(run.id, position, item.id, True, MONDAY)
                    await store.add_check_answer(answer)
                await store.finish_check_run(run.id, MONDAY + timedelta(minutes=3))
                if learner != ENGLISH[-1]:
                    await store.classes.join(1, learner, MONDAY)
        async with database.unit() as store, store.transaction():
            await store.classes.join(2, ENGLISH[0], MONDAY)
    finally:
        await database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def url(request: pytest.FixtureRequest, sqlite_url: str, bank: Bank) -> str:
    """A database holding the learners above, as a file or on a PostgreSQL server."""
    if request.param == "sqlite":
        await upgrade_async(sqlite_url)
        found = sqlite_url
    else:
        found = request.getfixturevalue("postgres_url")
        await _fresh_schema(found)
    await _learners(found, bank)
    return found


def _export(
    monkeypatch: pytest.MonkeyPatch, url: str, out: Path, *args: str
) -> list[dict[str, str]]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("RESEARCH_SECRET", SECRET)
    assert main(["research", "export", "--out", str(out), *args]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_checks_one_row_per_run_of_groups_of_five_or_more(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _export(monkeypatch, url, tmp_path / "checks.csv", "--what", "checks")
    names = Pseudonyms(SECRET)
    assert [row["learner"] for row in rows] == [names.learner(i) for i in IN_CLASS]
    assert rows[0] == {
        "learner": names.learner(1001),
        "class": names.classroom(1),
        "language": "en",
        "cohort_week": "2026-11-30",
        "phase": "pre",
        "form": "a",
        "started_on": "2026-11-30",
        "finished_on": "2026-11-30",
        "hits": "8",
        "misses": "0",
        "false_alarms": "8",
        "correct_rejections": "0",
        "d_prime": "0.000",
        "c": "-1.593",
    }
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"checks: 5 rows written to {tmp_path / 'checks.csv'}"
    )
    text = (tmp_path / "checks.csv").read_text(encoding="utf-8")
    assert "1001" not in text and "2001" not in text


def test_answers_number_the_attempts_and_since_drops_earlier_days(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _export(monkeypatch, url, tmp_path / "answers.csv", "--what", "answers")
    assert len(rows) == 10  # 5 English learners of class 1, 2 attempts each
    first, second = rows[0], rows[1]
    assert (first["attempt"], first["correct"], first["answered_on"]) == ("1", "0", "2026-11-30")
    assert (second["attempt"], second["correct"], second["answered_on"]) == (
        "2",
        "1",
        "2026-12-03",
    )
    assert set(first) == {
        "learner", "class", "language", "cohort_week", "lesson_id", "attempt",
        "question_id", "position", "choice", "correct", "answered_on",
    }  # fmt: skip
    later = _export(
        monkeypatch, url, tmp_path / "later.csv", "--what", "answers", "--since", "2026-12-01"
    )
    assert [row["attempt"] for row in later] == ["2"] * 5


def test_items_blank_the_counts_of_fewer_than_five_learners(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank: Bank
) -> None:
    rows = _export(monkeypatch, url, tmp_path / "items.csv", "--what", "items")
    lesson = next(row for row in rows if row["source"] == "lesson")
    # nine learners, 18 answers: 9 right the second time, 4 even ones (1002...2002) the first
    assert lesson == {
        "source": "lesson",
        "unit": "spot-the-bot",
        "phase": "",
        "item_id": "q1",
        "learners": "9",
        "answers": "18",
        "correct_share": "0.722",
        "suppressed": "",
    }
    checks = [row for row in rows if row["source"] == "check"]
    assert len(checks) == len(bank.checks[CHECK_ID].forms[0].items)
    assert {row["correct_share"] for row in checks} == {"1.000", "0.000"}
    later = _export(
        monkeypatch, url, tmp_path / "late.csv", "--what", "items", "--since", "2026-12-02"
    )
    assert [row["suppressed"] for row in later if row["source"] == "lesson"] == [""]


def test_without_a_long_enough_secret_it_refuses_in_one_line(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("RESEARCH_SECRET", "too-short")
    assert main(["research", "export"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("RESEARCH_SECRET: shorter than 32 characters") and err.count("\n") == 1


def test_to_standard_output_with_progress_on_standard_error(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    asyncio.run(upgrade_async(sqlite_url))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("RESEARCH_SECRET", SECRET)
    assert main(["research", "export", "--what", "checks"]) == 0
    out, err = capsys.readouterr()
    assert next(csv.reader(io.StringIO(out)))[:4] == [
        "learner",
        "class",
        "language",
        "cohort_week",
    ]
    assert err == "checks: 0 rows written to standard output\n"


async def test_the_export_takes_no_write_lock_on_sqlite(sqlite_url: str) -> None:
    """The bot's writes go on while a long export reads (SQLite's write lock is free)."""
    import sqlite3

    from bot.research_export import Job, run_export

    await upgrade_async(sqlite_url)
    path = sqlite_url.split(":///", 1)[1]
    wrote: list[int] = []

    def write(row: tuple[str, ...]) -> None:  # the header, written inside the transaction
        other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO activity_days (learner_id, day) VALUES (1, '2026-12-01')")
        other.execute("ROLLBACK")
        other.close()
        wrote.append(len(row))

    job = Job("checks", MONDAY, Pseudonyms(SECRET), {}, write, print)
    assert await run_export(sqlite_url, job) == 0
    assert wrote == [14]


def test_a_long_export_says_how_far_it_is(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("bot.research_export.EVERY", 4)
    _export(monkeypatch, url, tmp_path / "answers.csv", "--what", "answers")
    # 18 answers, learner by learner: 1001-1005 written, 1006 and the Portuguese left out
    assert capsys.readouterr().err.splitlines() == [
        "answers: 4 of 18 rows read, 3 written",
        "answers: 8 of 18 rows read, 7 written",
        "answers: 12 of 18 rows read, 10 written",
        "answers: 16 of 18 rows read, 10 written",
        f"answers: 10 rows written to {tmp_path / 'answers.csv'}",
    ]
