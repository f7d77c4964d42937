"""The challenge desk: making challenges, opening them for friends, and the credit."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from bot.learning.cards import ChallengeResult
from bot.learning.challenges import (
    CODE,
    DAILY_CAP,
    LIFETIME,
    ChallengeOpened,
    ChallengeReady,
    ChallengeRefused,
    ChallengeUnavailable,
    code_from_payload,
    pick_questions,
)
from bot.learning.records import Attempt, Challenge, Learner, PeerRecord
from bot.learning.rhythm import after_quiet
from bot.learning.session import Session, card_at


class ChallengeDesk:
    """Peer challenges: made by a learner, opened by friends, credited to the challenger."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.bank = session.bank
        self._store = session.store

    async def create_challenge(
        self,
        learner_id: int,
        lesson_id: str | None,
        first_name: str,
        now: datetime,
        rng: random.Random,
        code: str,
    ) -> ChallengeReady | ChallengeRefused:
        """Make a challenge on a lesson the learner finished (their latest, if none given)."""
        if not CODE.fullmatch(code):
            raise ValueError("a challenge code is 16 URL-safe characters")
        async with self._store.transaction():
            store = self._store
            learner = await self._session.visit(learner_id, now)
            done = await store.finished_lessons(learner_id)
            if lesson_id is None:
                lesson_id = await store.latest_finished(learner_id)
            if lesson_id is None or lesson_id not in done or lesson_id not in self.bank.lessons:
                return ChallengeRefused(
                    "no-lesson", self._session.recommend(done, learner.language)
                )
            if await store.challenges_since(learner_id, now - timedelta(days=1)) >= DAILY_CAP:
                return ChallengeRefused("daily-cap")
            best = await store.best_result(learner_id, lesson_id) or (0, 0)
            challenge = Challenge(
                code,
                learner_id,
                first_name[:64],
                lesson_id,
                pick_questions(self.bank, lesson_id, done, rng),
                best[0],
                best[1],
                now,
                now + LIFETIME,
            )
            await store.save_challenge(challenge)
        return ChallengeReady(challenge, self.bank.lesson(lesson_id, learner.language))

    async def open_challenge(
        self, payload: str, learner_id: int, now: datetime
    ) -> ChallengeOpened | ChallengeUnavailable:
        """A friend follows a challenge link: start their run at the first question."""
        code = code_from_payload(payload)
        if code is None:
            return ChallengeUnavailable("malformed")
        async with self._store.transaction():
            store = self._store
            learner = await self._session.visit(learner_id, now)
            challenge = await store.challenge(code)
            if challenge is None or any(
                q not in self.bank.questions for q in challenge.question_ids
            ):
                return ChallengeUnavailable("unknown")
            if challenge.challenger_id == learner_id:
                return ChallengeUnavailable("own")
            if await store.challenge_attempt(code, learner_id) is not None:
                return ChallengeUnavailable("taken")
            if challenge.expired(now):
                return ChallengeUnavailable("expired")
            attempt = await store.new_attempt(learner_id, challenge.lesson_id, now, code)
            first = card_at(self.bank, attempt, learner.language, challenge)
        lesson = self.bank.lesson(challenge.lesson_id, learner.language)
        return ChallengeOpened(challenge, lesson, first)

    async def finish(
        self, moved: Attempt, challenge: Challenge, learner: Learner, now: datetime
    ) -> ChallengeResult:
        """End a friend's run: save it, and say whether (and in what) to tell the challenger."""
        finished = replace(moved, finished_at=now)
        await self._store.save_position(finished)
        challenger = await self._store.learner(challenge.challenger_id)
        challenger_language = challenger.language if challenger else "en"
        rhythm = await self._store.rhythms.rhythm(challenge.challenger_id)
        return ChallengeResult(
            challenge,
            self.bank.lesson(challenge.lesson_id, learner.language),
            finished.score,
            len(challenge.question_ids),
            finished.id,
            challenger is not None and challenger.challenge_notices,
            challenger_language,
            self.bank.lesson(challenge.lesson_id, challenger_language),
            after_quiet(rhythm, now),
        )

    async def challenge_for_sharing(self, code: str, learner_id: int) -> ChallengeReady | None:
        """A challenge its own maker is sharing (inline mode), or None."""
        if not CODE.fullmatch(code):
            return None
        async with self._store.transaction():
            challenge = await self._store.challenge(code)
            learner = await self._store.learner(learner_id)
        if challenge is None or challenge.challenger_id != learner_id or learner is None:
            return None
        return ChallengeReady(challenge, self.bank.lesson(challenge.lesson_id, learner.language))

    async def peer_record(self, learner_id: int) -> PeerRecord:
        """Friends who took the learner's challenges, and who went on to finish a lesson."""
        async with self._store.transaction():
            return await self._store.peer_record(learner_id)

    async def set_notices(self, learner_id: int, on: bool, now: datetime) -> Learner:
        """Turn messages about friends' challenge results on or off."""
        return await self._session.change(learner_id, now, challenge_notices=on)

    async def challenge_shared(self, code: str, learner_id: int, now: datetime) -> None:
        """Note that the challenger sent their challenge into a chat."""
        if not CODE.fullmatch(code):
            return
        async with self._store.transaction():
            challenge = await self._store.challenge(code)
            if challenge is not None and challenge.challenger_id == learner_id:
                await self._store.mark_shared(code, now)
