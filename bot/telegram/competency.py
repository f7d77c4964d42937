"""The competency picture of /progress: the report turned into a chart in the learner's
language, and the caption that says what the picture shows."""

from __future__ import annotations

from gettext import NullTranslations

from bot.languages import is_rtl
from bot.learning.progress import ProgressReport, ThemeEntry
from bot.pictures.radar import Axis, RadarChart
from bot.telegram.menus import theme_name


def retained(entry: ThemeEntry) -> float | None:
    """How well the learner keeps a theme: lesson accuracy for now. The review schedule's
    retention, once the report carries it, is the value to feed here."""
    return entry.accuracy


def chart(report: ProgressReport, t: NullTranslations, language: str) -> RadarChart:
    """The seven themes: share of lessons done, and how well they are retained."""
    return RadarChart(
        title=t.gettext("Your competencies"),
        axes=tuple(
            Axis(
                theme_name(entry.theme, t),
                entry.done / entry.total if entry.total else 0.0,
                retained(entry),
            )
            for entry in report.themes
        ),
        done_label=t.gettext("Lessons done"),
        retained_label=t.gettext("Answers right"),
        language=language,
        right_to_left=is_rtl(language),
    )


def caption(t: NullTranslations) -> str:
    """What the picture shows, for everyone, and where the same is said in words."""
    return t.gettext(
        "📊 Your seven CLICKS themes: the filled shape shows the lessons you've done, the"
        " dotted line how many answers you got right. The same figures are in the message"
        " below."
    )
