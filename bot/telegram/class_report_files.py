"""The teacher's report as files: the class chart (a photo) and the CSV export (a document)."""

from __future__ import annotations

import re
from gettext import NullTranslations

from bot.bank.bank import Bank
from bot.languages import is_rtl
from bot.learning.class_csv import csv_document
from bot.learning.class_report import ClassReport
from bot.pictures.class_chart import ClassChart, ThemeBars
from bot.telegram.menus import theme_name


def chart(report: ClassReport, t: NullTranslations, language: str) -> ClassChart:
    """Per theme: the share of its lessons the class has done, and of answers right."""
    return ClassChart(
        title=report.name,
        themes=tuple(
            ThemeBars(theme_name(entry.theme, t), entry.done_share, entry.accuracy)
            for entry in report.themes
        ),
        done_label=t.gettext("Lessons done"),
        right_label=t.gettext("Answers right"),
        language=language,
        right_to_left=is_rtl(language),
    )


def chart_caption(t: NullTranslations) -> str:
    """What the chart shows; the figures are in the report's words too."""
    return t.gettext(
        "📊 Per theme: the green bar is the share of its lessons your class has done (all "
        "learners together), the orange one the share of first answers that were right."
    )


def csv_bytes(report: ClassReport, bank: Bank, t: NullTranslations, language: str) -> bytes:
    """One row per learner and lesson, first names only, with a header row."""
    header = [
        t.gettext("First name"),
        t.gettext("Theme"),
        t.gettext("Lesson"),
        t.gettext("Set for the class"),
        t.gettext("Finished"),
        t.gettext("Right first answers"),
        t.gettext("Questions answered"),
    ]
    yes, no = t.gettext("yes"), t.gettext("no")
    rows: list[list[str | int]] = [
        [
            row.first_name,
            theme_name(row.theme, t),
            bank.lesson(row.lesson_id, language).title,
            yes if row.assigned else no,
            yes if row.finished else no,
            row.correct,
            row.answered,
        ]
        for row in report.rows
    ]
    return csv_document(header, rows)


def csv_name(report: ClassReport) -> str:
    """A file name from the class's name, safe on every system."""
    stem = re.sub(r"[^\w-]+", "-", report.name, flags=re.UNICODE).strip("-_")[:40]
    return f"{stem or 'class'}-report.csv"


def csv_caption(t: NullTranslations) -> str:
    """What the file holds."""
    return t.gettext(
        "🗂 The same figures per learner and lesson, to open in a spreadsheet. First names "
        "only: keep the file within your school."
    )
