"""What a review round's buttons mean: start a round, answer, tick, say how sure, go on.
`bot.telegram.callbacks` packs them like every other action."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Review:
    """Start a review round (or a bonus round of items not seen yet)."""

    bonus: bool


@dataclass(frozen=True)
class ReviewPick:
    """Answer the review item at `position` of a round with option `option`."""

    round_id: int
    position: int
    option: int


@dataclass(frozen=True)
class ReviewTick:
    """Tick or untick an option of a several-answer review item: `mask` holds the ticks
    as they are after the tap (the round keeps no ticks; the buttons carry them)."""

    round_id: int
    position: int
    mask: int


@dataclass(frozen=True)
class ReviewCheck:
    """Submit the ticks in `mask` for the several-answer review item at `position`."""

    round_id: int
    position: int
    mask: int


@dataclass(frozen=True)
class ReviewSure:
    """Say how sure the learner was of a review answer (0 guessed, 1 fairly, 2 certain)."""

    round_id: int
    position: int
    level: int


@dataclass(frozen=True)
class ReviewNext:
    """Move past a review verdict."""

    round_id: int
    position: int


ReviewAction = Review | ReviewPick | ReviewTick | ReviewCheck | ReviewSure | ReviewNext
