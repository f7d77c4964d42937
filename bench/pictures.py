"""How long the competency chart takes to draw, cold and from the cache, per script; and
how long a MIL CLICKer badge takes to make.

.venv/bin/python bench/pictures.py
"""

from __future__ import annotations

import statistics
import time

from bot.bank.themes import THEMES
from bot.languages import translator
from bot.learning.progress import ProgressReport, ThemeEntry
from bot.pictures.badge import Badge, badge_png
from bot.pictures.radar import radar_png
from bot.telegram import competency

RUNS = 5


def report(seed: int) -> ProgressReport:
    """A learner partway through, different for each `seed` (so nothing is cached)."""
    return ProgressReport(
        tuple(
            ThemeEntry(theme, done=(seed + i) % 5, total=4, correct=i + seed, answered=12 + seed)
            for i, theme in enumerate(THEMES)
        ),
        days_active=3,
    )


def main() -> None:
    radar_png(competency.chart(report(99), translator("en"), "en"))  # fonts found, loaded
    for language in ("en", "ru", "ar", "th"):
        t = translator(language)
        cold = []
        for seed in range(RUNS):
            chart = competency.chart(report(seed), t, language)
            started = time.perf_counter()
            png = radar_png(chart)
            cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        radar_png(chart)
        cached = time.perf_counter() - started
        print(
            f"{language}: draw {statistics.median(cold) * 1000:.0f} ms median"
            f" ({min(cold) * 1000:.0f}-{max(cold) * 1000:.0f} ms, {RUNS} charts),"
            f" cached {cached * 1e6:.1f} µs, {len(png) / 1024:.0f} KiB"
        )


def badges() -> None:
    """Badges in three scripts, each made once (a learner makes theirs once per name)."""
    for language, name in (("en", "Amina"), ("ar", None), ("th", "Somchai")):
        badge = Badge(
            name,
            translator(language).gettext(
                "I think before I share, check sources, respect others, create responsibly."
            ),
            "t.me/milclicks_bot",
        )
        started = time.perf_counter()
        png = badge_png(badge)
        print(
            f"badge {language}: {(time.perf_counter() - started) * 1000:.0f} ms,"
            f" {len(png) / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
    badges()
