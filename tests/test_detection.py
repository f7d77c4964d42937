"""d′ and c of the MIL check against worked examples (log-linear correction, +0.5 a cell).

z-values from the normal table: z(5/6) = 0.96742, z(5/18) = −0.58946, z(17/18) = 1.59322.
"""

from __future__ import annotations

import pytest

from bot.learning.detection import Tally, scores, tally


def test_seven_tricks_caught_and_six_real_posts_trusted() -> None:
    # hit rate (7 + 0.5) / 9 = 5/6; false-alarm rate (2 + 0.5) / 9 = 5/18
    result = scores(Tally(hits=7, misses=1, false_alarms=2, correct_rejections=6))
    assert result.hit_rate == pytest.approx(5 / 6)
    assert result.false_alarm_rate == pytest.approx(5 / 18)
    assert result.d_prime == pytest.approx(0.96742 + 0.58946, abs=1e-4)
    assert result.c == pytest.approx(-(0.96742 - 0.58946) / 2, abs=1e-4)


def test_a_perfect_sort_has_finite_scores_and_no_bias() -> None:
    # rates of 1 and 0 become 17/18 and 1/18 instead of infinite z
    result = scores(Tally(hits=8, misses=0, false_alarms=0, correct_rejections=8))
    assert result.d_prime == pytest.approx(2 * 1.59322, abs=1e-4)
    assert result.c == pytest.approx(0.0, abs=1e-9)


def test_calling_everything_fake_is_no_skill_but_a_strong_bias() -> None:
    result = scores(Tally(hits=8, misses=0, false_alarms=8, correct_rejections=0))
    assert result.d_prime == pytest.approx(0.0, abs=1e-9)
    assert result.c == pytest.approx(-1.59322, abs=1e-4)


def test_trusting_everything_leans_the_other_way() -> None:
    result = scores(Tally(hits=0, misses=8, false_alarms=0, correct_rejections=8))
    assert result.d_prime == pytest.approx(0.0, abs=1e-9)
    assert result.c == pytest.approx(1.59322, abs=1e-4)


def test_answers_are_counted_into_the_four_cells() -> None:
    # (post is manipulative, learner said manipulative)
    answers = [(True, True), (True, False), (False, True), (False, False), (False, False)]
    assert tally(answers) == Tally(hits=1, misses=1, false_alarms=1, correct_rejections=2)
