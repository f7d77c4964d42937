"""A class's MIL check, pre beside post: mean d′ and c, and how many took both."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from bot.learning.check_records import Phase
from bot.learning.class_work import CheckSorting
from bot.learning.detection import Scores, scores, tally


@dataclass(frozen=True)
class PhaseScores:
    """One phase's finished runs in the class: how many learners, mean d′ and mean c."""

    takers: int
    d_prime: float | None
    c: float | None


@dataclass(frozen=True)
class CheckComparison:
    """The class's pre and post checks side by side."""

    pre: PhaseScores
    post: PhaseScores
    both: int  # learners with a finished pre and a finished post check


def _mean(found: list[Scores]) -> PhaseScores:
    if not found:
        return PhaseScores(0, None, None)
    return PhaseScores(len(found), fmean(s.d_prime for s in found), fmean(s.c for s in found))


def compare_checks(
    sortings: Iterable[CheckSorting], manipulative: Mapping[str, bool]
) -> CheckComparison:
    """Score each learner's first finished run of each phase (items the bank no longer has
    are left out), then average per phase."""
    runs: dict[tuple[int, Phase], int] = {}
    answers: dict[int, list[tuple[bool, bool]]] = defaultdict(list)
    for sorting in sortings:
        run = runs.setdefault((sorting.learner_id, sorting.phase), sorting.run_id)
        if run == sorting.run_id and sorting.item_id in manipulative:
            answers[run].append((manipulative[sorting.item_id], sorting.said_manipulative))
    by_phase: dict[Phase, dict[int, Scores]] = {"pre": {}, "post": {}}
    for (learner, phase), run in runs.items():
        if answers[run]:
            by_phase[phase][learner] = scores(tally(answers[run]))
    pre, post = by_phase["pre"], by_phase["post"]
    return CheckComparison(
        _mean(list(pre.values())), _mean(list(post.values())), len(pre.keys() & post.keys())
    )
