"""Signal detection scores of a check: discernment d′ and response bias c.

A "hit" is calling a manipulative post manipulative; a "false alarm" is calling a real
post manipulative. d′ = z(hit rate) − z(false-alarm rate) grows with telling the two apart;
c = −(z(hit rate) + z(false-alarm rate)) / 2 is negative for a learner who calls everything
fake and positive for one who trusts everything, so suspicion alone never looks like skill.

Rates of 0 and 1 would make z infinite. The log-linear correction (Hautus 1995) adds 0.5 to
every cell before the rates are taken: hit rate = (hits + 0.5) / (tricks + 1), and the same
for false alarms. It is applied to every learner, not only to extreme rates, so scores stay
comparable.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

_Z = NormalDist().inv_cdf


@dataclass(frozen=True)
class Tally:
    """How a learner sorted the posts of one form."""

    hits: int  # manipulative posts called manipulative
    misses: int  # manipulative posts trusted
    false_alarms: int  # real posts called manipulative
    correct_rejections: int  # real posts trusted

    @property
    def tricks(self) -> int:
        """How many manipulative posts the form had."""
        return self.hits + self.misses

    @property
    def real(self) -> int:
        """How many real posts the form had."""
        return self.false_alarms + self.correct_rejections


@dataclass(frozen=True)
class Scores:
    """d′ and c, with the corrected rates they come from."""

    d_prime: float
    c: float
    hit_rate: float
    false_alarm_rate: float


def tally(answers: list[tuple[bool, bool]]) -> Tally:
    """Count (post is manipulative, learner said manipulative) pairs into the four cells."""
    return Tally(
        hits=sum(m and s for m, s in answers),
        misses=sum(m and not s for m, s in answers),
        false_alarms=sum(s and not m for m, s in answers),
        correct_rejections=sum(not m and not s for m, s in answers),
    )


def scores(counts: Tally) -> Scores:
    """d′ and c with the log-linear correction (+0.5 to each cell)."""
    hit_rate = (counts.hits + 0.5) / (counts.tricks + 1)
    false_alarm_rate = (counts.false_alarms + 0.5) / (counts.real + 1)
    z_hit, z_fa = _Z(hit_rate), _Z(false_alarm_rate)
    return Scores(
        d_prime=z_hit - z_fa,
        c=-(z_hit + z_fa) / 2,
        hit_rate=hit_rate,
        false_alarm_rate=false_alarm_rate,
    )
