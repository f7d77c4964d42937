"""The report's words: every language fills every placeholder, and a big class with long
names still fits Telegram's 4096 characters per message."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.bank.bank import Bank
from bot.bank.limits import MESSAGE_TEXT
from bot.languages import LANGUAGES, translator
from bot.learning.class_records import Assignment
from bot.learning.class_report import build_class_report
from bot.learning.class_work import CheckSorting, ClassWork, FirstAnswer
from bot.learning.mil_check import CHECK_ID
from bot.telegram import class_report_files, class_report_render

EC = "emotion-check"
SET = Assignment(1, (EC,), date(2026, 12, 7), datetime(2026, 12, 4, tzinfo=UTC))


@dataclass(frozen=True)
class Member:
    learner_id: int
    first_name: str


def _work(bank: Bank, members: int) -> ClassWork:
    items = bank.checks[CHECK_ID].forms[0].items
    answers = []
    for n in range(1, members + 1):
        answers += [
            FirstAnswer(n, EC, "ec-headline", str(n % 3), n % 3 == 1),
            FirstAnswer(n, EC, "ec-fine-news", str(n % 2), n % 2 == 0),
            FirstAnswer(n, EC, "ec-pause", "0,2", False),
        ]
    sortings = [CheckSorting(n, n, "pre", item.id, n % 2 == 0) for n in (1, 2) for item in items]
    return ClassWork(
        tuple(answers), frozenset((n, EC) for n in range(1, members, 2)), tuple(sortings)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_reads_in_every_language(bank: Bank, language: str) -> None:
    members = [Member(1, "Amina"), Member(2, "Ben"), Member(3, "Chloé")]
    report = build_class_report(bank, "7B", members, _work(bank, 3), SET)
    t = translator(language)
    messages = class_report_render.report_messages(report, bank, t, language)
    for message in messages:
        assert not re.search(r"\{[a-z_]+\}", message.html), message.html
        assert len(message.html) <= MESSAGE_TEXT
    assert "7B" in messages[0].html
    document = class_report_files.csv_bytes(report, bank, t, language).decode("utf-8-sig")
    assert document.count("\r\n") == 1 + 3  # the header and one row per member


def test_a_big_class_with_long_names_is_split_and_trimmed(bank: Bank) -> None:
    long = "Bartholomew-Maximilian<&>" * 3  # 75 characters, markup to escape
    members = [Member(n, f"{long}{n}") for n in range(1, 41)]
    report = build_class_report(bank, "7B", members, _work(bank, 40), SET)
    t = translator("en")
    messages = class_report_render.report_messages(report, bank, t, "en")
    assert all(len(m.html) <= MESSAGE_TEXT for m in messages)
    joined = messages[0].html
    assert html.escape(f"{long}1") in joined and "<&>" not in joined
    shown = joined.count("Bartholomew")
    assert 0 < shown < 80  # not every name twice: the rest are counted
    assert "more" in joined
    assert "🔎" in "".join(m.html for m in messages)
