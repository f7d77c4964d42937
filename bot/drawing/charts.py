"""Charts drawn with matplotlib: a truncated axis beside an honest one, or a cherry-picked
stretch beside the whole series, readable on a phone.

matplotlib (3.11 on) lays text out with libraqm, so Arabic labels are shaped and ordered
right to left as they are written."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bot.bank.pictures import Bar, Chart

INK, MUTED, ACCENT, HONEST = "#1f2933", "#7b8794", "#e4572e", "#2e86ab"
WIDTH, HEIGHT, DPI = 8.0, 4.5, 120  # 960 x 540 pixels


def _panel(
    axes: Axes,
    points: Sequence[Bar],
    chart: Chart,
    title: str,
    axis_from: float | None,
    colour: str,
    language: str,
) -> None:
    labels = [bar.label for bar in points]
    values = [bar.value for bar in points]
    if chart.kind == "line":
        axes.plot(labels, values, color=colour, linewidth=3, marker="o", markersize=7)
    else:
        axes.bar(labels, values, color=colour, width=0.6)
        for n, value in enumerate(values):
            axes.annotate(
                f"{value:g}", (n, value), ha="center", va="bottom", fontsize=12, color=INK,
                xytext=(0, 3), textcoords="offset points",
            )  # fmt: skip
    low = axis_from if axis_from is not None else 0
    high = max(values)
    axes.set_ylim(low, high + (high - low) * 0.15)
    axes.set_title(title, fontsize=15, color=INK, pad=12, weight="bold")
    if chart.unit:
        axes.set_ylabel(chart.unit, fontsize=12, color=MUTED)
    axes.tick_params(labelsize=12 if len(points) <= 4 else 10, colors=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#e4e7eb", linewidth=1)
    axes.set_axisbelow(True)


def draw_chart(chart: Chart, language: str) -> bytes:
    """The chart as a PNG: one panel, or the trick beside the honest version.

    A `Figure` of its own, not pyplot's global state: safe to draw in a worker thread.
    """
    twin = chart.honest_twin or chart.shown is not None
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    axes: list[Axes] = [figure.add_subplot(1, 2 if twin else 1, n + 1) for n in range(1 + twin)]
    points = chart.points
    if chart.shown is not None:
        first, last = chart.shown
        _panel(axes[0], points[first : last + 1], chart, chart.title, chart.axis_from,
               ACCENT, language)  # fmt: skip
    else:
        _panel(axes[0], points, chart, chart.title, chart.axis_from, ACCENT, language)
    if twin:
        honest = chart.honest_title or chart.title
        _panel(axes[1], points, chart, honest, None, HONEST, language)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor="white", metadata={"Software": None})
    return out.getvalue()
