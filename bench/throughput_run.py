"""Running an application for `bench/bot_throughput.py`, and printing its figures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from statistics import median
from typing import TYPE_CHECKING

from telegram.ext import Application
from throughput_timing import ms

from bot.telegram.serving import ALLOWED_UPDATES

if TYPE_CHECKING:
    from bot_throughput import Phase


@asynccontextmanager
async def polling(application: Application) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Run an application the way `milclicks run` does, in this event loop."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, allowed_updates=ALLOWED_UPDATES)
    try:
        yield
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def _row(phase: Phase) -> str:
    figures = phase.figures
    return (
        f"{phase.name:<26} {phase.rate:>7.0f}"
        + f" {phase.cpu * 1000:>6.2f} {phase.loop_cpu * 1000:>6.2f}"
        + "".join(
            f" {ms(values, 0.5):>6.1f} {ms(values, 0.99):>6.1f}"
            for values in (figures.handled, figures.own)
        )
        + f" {ms(figures.without_charts(), 0.99):>6.1f}"
        + f" {figures.calls / phase.updates:>5.2f} {phase.updates:>5}"
    )


HEADER = (
    f"{'':26} {'':>7} {'CPU ms/update':>13} {'handling':>13} {'own work':>13} {'no chart':>6}\n"
    f"{'':26} {'upd./s':>7} {'all':>6} {'loop':>6}"
    + f" {'p50':>6} {'p99':>6}" * 2
    + f" {'p99':>6} {'calls':>5} {'upd.':>5}"
)


def report(rows: Sequence[Phase], learners: int, paced: int, think: float, peak: float) -> None:
    """The table, then the ratios the goals are about."""
    print(
        f"{learners} learners flat out, {paced} paced, one lesson each; SQLite file;"
        " loopback HTTP; ms unless said"
    )
    print(HEADER)
    for phase in rows:
        print(_row(phase))
    bots = [p for p in rows if p.name == "bot"]
    echoes = [p for p in rows if p.name.startswith("echo")]
    for run, (bot, echo) in enumerate(zip(bots, echoes, strict=True), 1):
        print(
            f"run {run}: bot / echo throughput {bot.rate / echo.rate:.2f} (goal >= 0.8);"
            f" CPU per update {bot.cpu / echo.cpu:.2f}, in the event loop"
            f" {bot.loop_cpu / echo.loop_cpu:.2f} (goal <= 1.25)"
        )
    small = [p for p in rows if "1k" in p.name]
    big = [p for p in rows if "1M" in p.name]
    for run, (one, two) in enumerate(zip(small, big, strict=True), 1):
        for what, pick in (("all", _all), ("but /progress", _no_chart)):
            p99_small, p99_big = ms(pick(one), 0.99), ms(pick(two), 0.99)
            print(
                f"run {run}, paced ({think:g} s reading), {what}: handling p99 at 1M"
                f" {p99_big:.1f} ms, at 1k {p99_small:.1f} ms: {p99_big / p99_small:.2f} times"
                " (goal <= 1.2, < 20 ms)"
            )
        _slowest(two)
    print(f"peak memory of the bot's process (RSS): {peak:.0f} MB")


def _all(phase: Phase) -> list[float]:
    return phase.figures.handled


def _no_chart(phase: Phase) -> list[float]:
    return phase.figures.without_charts()


def _slowest(phase: Phase) -> None:
    """The statements a waiting learner met at 1M, slowest median first."""
    timed = phase.figures.statements
    ranked = sorted(timed.items(), key=lambda item: -median(item[1]))[:4]
    for statement, seconds in ranked:
        print(
            f"    median {median(seconds) * 1000:.3f} ms, worst {max(seconds) * 1000:.2f} ms,"
            f" {len(seconds)} runs: {statement}"
        )
