"""The competency picture: a seven-axis radar chart of the CLICKS themes.

Two shapes over the seven themes: the share of each theme's lessons done, and how well the
learner keeps what they learned (lesson accuracy today; the review schedule's retention
once it feeds `retained`). Drawn with matplotlib's Agg canvas (no display, no global
pyplot state), at a size that reads on a phone, and cached: the same progress in the same
language gives the same picture without drawing it again.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections import OrderedDict
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes

from bot.pictures.fonts import families

DONE_COLOUR = "#2a9d8f"
RETAINED_COLOUR = "#e76f51"
SIZE_INCHES = (6.0, 6.6)
DPI = 160  # 960 x 1056 pixels: sharp on a phone, well under Telegram's 10 MB
LABEL_WIDTH = 14  # characters per line of an axis label


@dataclass(frozen=True)
class Axis:
    """One theme: its name and two values between 0 and 1 (None: nothing to show yet)."""

    label: str
    done: float
    retained: float | None


@dataclass(frozen=True)
class RadarChart:
    """Everything the picture shows, already in the learner's language."""

    title: str
    axes: tuple[Axis, ...]
    done_label: str
    retained_label: str
    language: str = "en"
    right_to_left: bool = False


def _wrap(label: str) -> str:
    """Two short lines rather than one long one; a word is never cut (Thai has no spaces)."""
    return textwrap.fill(label, LABEL_WIDTH, break_long_words=False)


def _closed(values: list[float]) -> list[float]:
    return [*values, values[0]]


def _draw(chart: RadarChart) -> bytes:
    count = len(chart.axes)
    angles = [2 * math.pi * i / count for i in range(count)]
    with rc_context(
        {"font.family": list(families()), "font.size": 13, "text.language": chart.language}
    ):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.2, 0.17, 0.6, 0.6), projection="polar")
        assert isinstance(axes, PolarAxes)
        # Clockwise from the top, as a reader of either direction expects a dial to run.
        axes.set_theta_offset(math.pi / 2)
        axes.set_theta_direction(-1)
        axes.set_ylim(0, 1)
        axes.set_yticks([0.25, 0.5, 0.75, 1.0], labels=[])
        axes.set_xticks(
            angles,
            labels=[_wrap(a.label) for a in chart.axes],
            fontsize=13,
        )
        axes.tick_params(axis="x", pad=18)
        axes.grid(color="#cccccc")
        done = [a.done for a in chart.axes]
        axes.fill(_closed(angles), _closed(done), color=DONE_COLOUR, alpha=0.35)
        axes.plot(
            _closed(angles), _closed(done), color=DONE_COLOUR, lw=2.5, label=chart.done_label
        )
        retained = [a.retained or 0.0 for a in chart.axes]
        if any(a.retained is not None for a in chart.axes):
            axes.plot(
                _closed(angles),
                _closed(retained),
                color=RETAINED_COLOUR,
                lw=2.5,
                ls="--",
                marker="o",
                label=chart.retained_label,
            )
        figure.suptitle(chart.title, fontsize=20, fontweight="bold", y=0.96)
        handles, labels = axes.get_legend_handles_labels()
        if chart.right_to_left:  # the first entry on the right, where a reader starts
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
        figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


# matplotlib's settings (rc_context) are global: one drawing at a time, whatever thread
# (the class chart takes the same lock).
# The cache is looked up under the same lock, so learners asking for the same picture at
# once wait for one drawing instead of making one each.
DRAWING = threading.Lock()
_CACHE: OrderedDict[RadarChart, bytes] = OrderedDict()
KEEP = 512  # pictures of about 120 KiB: some 60 MB at most


def radar_png(chart: RadarChart) -> bytes:
    """The chart as PNG bytes; the same chart is drawn once (the newest `KEEP` are kept).
    Safe to call from worker threads."""
    with DRAWING:
        png = _CACHE.get(chart)
        if png is None:
            png = _CACHE[chart] = _draw(chart)
            while len(_CACHE) > KEEP:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(chart)
        return png
