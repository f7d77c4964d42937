"""The competency picture of /progress: the report turned into a chart in the learner's
language, and the caption that says what the picture shows."""

from __future__ import annotations

from collections.abc import Mapping
from gettext import NullTranslations

from bot.bank.themes import Theme
from bot.languages import is_rtl
from bot.learning.progress import ProgressReport, ThemeEntry
from bot.pictures.radar import Axis, RadarChart
from bot.telegram.menus import theme_name


def retained(entry: ThemeEntry, remembered: Mapping[Theme, float]) -> float | None:
    """How well the learner keeps a theme: the review schedule's retention where the
    learner has review cards in it, else the share of lesson answers right."""
    return remembered.get(entry.theme, entry.accuracy)


def chart(
    report: ProgressReport,
    t: NullTranslations,
    language: str,
    remembered: Mapping[Theme, float] | None = None,
) -> RadarChart:
    """The seven themes: share of lessons done, and how well they are retained (review's
    `remembered` per theme, once there is some)."""
    remembered = remembered or {}
    return RadarChart(
        title=t.gettext("Your competencies"),
        axes=tuple(
            Axis(
                theme_name(entry.theme, t),
                entry.done / entry.total if entry.total else 0.0,
                retained(entry, remembered),
            )
            for entry in report.themes
        ),
        done_label=t.gettext("Lessons done"),
        retained_label=t.gettext("Remembered") if remembered else t.gettext("Answers right"),
        language=language,
        right_to_left=is_rtl(language),
    )


def caption(t: NullTranslations, remembered: bool = False) -> str:
    """What the picture shows, for everyone, and where the same is said in words."""
    if remembered:
        return t.gettext(
            "📊 Your seven CLICKS themes: the filled shape shows the lessons you've done, the"
            " dotted line how much you still remember from your reviews. The same figures are"
            " in the message below."
        )
    return t.gettext(
        "📊 Your seven CLICKS themes: the filled shape shows the lessons you've done, the"
        " dotted line how many answers you got right. The same figures are in the message"
        " below."
    )
