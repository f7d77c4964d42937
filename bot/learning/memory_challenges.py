"""The challenges' part of the memory store: challenges made, and what friends did with
them (kept as an anonymous tally once a friend is erased)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.learning.records import Attempt, Challenge, PeerRecord


class MemoryChallenges:
    """Challenges by code, reading the store's attempts (the memory store hands out its
    methods)."""

    def __init__(
        self, attempts: dict[int, Attempt], lessons_done: Callable[[int], list[Attempt]]
    ) -> None:
        self.made: dict[str, Challenge] = {}
        self.shared: dict[str, datetime] = {}
        self.kept: dict[int, PeerRecord] = {}  # friends since erased, per challenger
        self._attempts = attempts
        self._lessons_done = lessons_done

    async def save_challenge(self, challenge: Challenge) -> None:
        self.made[challenge.code] = challenge

    async def challenge(self, code: str) -> Challenge | None:
        return self.made.get(code)

    async def challenges_since(self, learner_id: int, since: datetime) -> int:
        made = self.made.values()
        return sum(1 for c in made if c.challenger_id == learner_id and c.created_at >= since)

    async def challenge_attempt(self, code: str, learner_id: int) -> Attempt | None:
        return next(
            (
                a
                for a in self._attempts.values()
                if a.challenge_code == code and a.learner_id == learner_id
            ),
            None,
        )

    async def peer_record(self, learner_id: int) -> PeerRecord:
        mine = {c.code for c in self.made.values() if c.challenger_id == learner_id}
        runs = [
            a
            for a in self._attempts.values()
            if a.challenge_code in mine and a.finished_at and a.learner_id != learner_id
        ]
        friends = {a.learner_id for a in runs}
        went_on = {
            a.learner_id
            for a in runs
            if any(
                b.finished_at >= a.started_at  # type: ignore[operator]
                for b in self._lessons_done(a.learner_id)
            )
        }
        kept = self.kept.get(learner_id, PeerRecord(0, 0))
        return PeerRecord(
            len(friends) + kept.friends_challenged, len(went_on) + kept.friends_who_went_on
        )

    async def mark_shared(self, code: str, now: datetime) -> None:
        self.shared[code] = now

    def codes_of(self, learner_id: int) -> set[str]:
        """The codes of the challenges the learner made."""
        return {c.code for c in self.made.values() if c.challenger_id == learner_id}

    async def challengers_of(self, learner_id: int) -> dict[int, PeerRecord]:
        """Whose challenges the learner took, with each challenger's record today."""
        taken = {
            self.made[a.challenge_code].challenger_id
            for a in self._attempts.values()
            if a.learner_id == learner_id and a.challenge_code in self.made
        } - {learner_id}
        return {c: await self.peer_record(c) for c in taken}

    async def erase(self, learner_id: int, codes: set[str], before: dict[int, PeerRecord]) -> None:
        """Forget the learner's challenges (`codes`) and tally; once their attempts are gone,
        each challenger in `before` keeps, as a tally, what the learner counted for."""
        for code in codes:  # in place: the store reads the same dict
            del self.made[code]
        self.kept.pop(learner_id, None)
        for challenger, had in before.items():
            now = await self.peer_record(challenger)
            kept = self.kept.get(challenger, PeerRecord(0, 0))
            self.kept[challenger] = PeerRecord(
                kept.friends_challenged + had.friends_challenged - now.friends_challenged,
                kept.friends_who_went_on + had.friends_who_went_on - now.friends_who_went_on,
            )
