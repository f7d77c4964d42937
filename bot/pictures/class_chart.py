"""The class chart of the teacher's report: per CLICKS theme, the share of its lessons the
class has done and the share of answers right, as two bars side by side.

Horizontal bars, so that seven theme names in any script stay readable on a phone; for a
right-to-left language the bars grow from the right and the names stand on the right.
Drawn like the competency chart (a `Figure` of its own, under the same lock: matplotlib's
settings are global) and cached.
"""

from __future__ import annotations

import io
import textwrap
from collections import OrderedDict
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.pictures.fonts import families
from bot.pictures.radar import DONE_COLOUR, DRAWING, RETAINED_COLOUR

SIZE_INCHES = (6.0, 6.6)
DPI = 160  # 960 x 1056 pixels, like the competency chart
LABEL_WIDTH = 16
BAR = 0.38


@dataclass(frozen=True)
class ThemeBars:
    """One theme: its name, lessons done and answers right, between 0 and 1 (None: no
    answer yet)."""

    label: str
    done: float
    right: float | None


@dataclass(frozen=True)
class ClassChart:
    """Everything the picture shows, already in the teacher's language."""

    title: str
    themes: tuple[ThemeBars, ...]
    done_label: str
    right_label: str
    language: str = "en"
    right_to_left: bool = False


def _bars(axes: Axes, chart: ClassChart) -> None:
    """Two bars per theme, each with its figure beside it."""
    rows = range(len(chart.themes))
    done = [100 * t.done for t in chart.themes]
    right = [100 * (t.right or 0.0) for t in chart.themes]
    axes.barh([r - BAR / 2 for r in rows], done, BAR, color=DONE_COLOUR, label=chart.done_label)
    axes.barh(
        [r + BAR / 2 for r in rows], right, BAR, color=RETAINED_COLOUR, label=chart.right_label
    )
    # Each bar says its figure; a theme with no answer yet says "–" rather than 0%.
    edge = "right" if chart.right_to_left else "left"
    for row, theme in zip(rows, chart.themes, strict=True):
        for offset, value in ((-BAR / 2, theme.done), (BAR / 2, theme.right)):
            text = "–" if value is None else f"{round(100 * value)}%"
            axes.annotate(
                text,
                (100 * (value or 0.0), row + offset),
                ha=edge,
                va="center",
                fontsize=11,
                color="#1f2933",
                xytext=(-4 if chart.right_to_left else 4, 0),
                textcoords="offset points",
            )


def _axes(axes: Axes, chart: ClassChart) -> None:
    """The theme names, the percentage scale, the grid; mirrored for a right-to-left
    language."""
    labels = [textwrap.fill(t.label, LABEL_WIDTH, break_long_words=False) for t in chart.themes]
    axes.set_yticks(list(range(len(chart.themes))), labels=labels)
    axes.invert_yaxis()  # the first theme on top
    axes.set_xlim(0, 115)  # room for "100%" beside a full bar
    axes.set_xticks([0, 25, 50, 75, 100], labels=["0%", "25%", "50%", "75%", "100%"])
    if chart.right_to_left:
        axes.invert_xaxis()
        axes.yaxis.tick_right()
    axes.grid(axis="x", color="#e4e7eb")
    axes.set_axisbelow(True)
    for side in ("top", "left" if chart.right_to_left else "right"):
        axes.spines[side].set_visible(False)


def _draw(chart: ClassChart) -> bytes:
    with rc_context(
        {"font.family": list(families()), "font.size": 13, "text.language": chart.language}
    ):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.34, 0.14, 0.6, 0.72))
        if chart.right_to_left:
            axes.set_position((0.06, 0.14, 0.6, 0.72))
        _bars(axes, chart)
        _axes(axes, chart)
        figure.suptitle(chart.title, fontsize=18, fontweight="bold", y=0.96)
        handles, labels = axes.get_legend_handles_labels()
        if chart.right_to_left:
            handles, labels = handles[::-1], labels[::-1]
        figure.legend(
            handles,
            labels,
            loc="lower center",
            ncols=2,
            frameon=False,
            fontsize=13,
            markerfirst=not chart.right_to_left,
        )
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


_CACHE: OrderedDict[ClassChart, bytes] = OrderedDict()
KEEP = 128


def class_chart_png(chart: ClassChart) -> bytes:
    """The chart as PNG bytes, drawn once per distinct chart; safe in worker threads."""
    with DRAWING:
        png = _CACHE.get(chart)
        if png is None:
            png = _CACHE[chart] = _draw(chart)
            while len(_CACHE) > KEEP:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(chart)
        return png
