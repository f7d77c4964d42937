"""The progress store port: what the core needs to remember (adapters: memory, SQL)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Literal, Protocol

from bot.learning.check_records import CheckAnswer, CheckRun, Phase
from bot.learning.class_store import ClassStore
from bot.learning.my_data import LearnerData
from bot.learning.pact import Pact
from bot.learning.records import Answer, Attempt, Challenge, Learner, PeerRecord, PollRef, Tally
from bot.learning.report_store import ReportStore
from bot.learning.review_store import ReviewStore
from bot.learning.rhythm_store import RhythmStore
from bot.learning.round_store import RoundStore
from bot.learning.totals import Totals

# What claiming an update id found (see `bot.learning.redelivery`).
Claim = Literal["new", "done", "unfinished"]


class ProgressStore(Protocol):
    """Where learners, attempts and answers live; one instance serves one update."""

    @property
    def reviews(self) -> ReviewStore:
        """Spaced review's part of the store, on the same session and transactions."""

    @property
    def rhythms(self) -> RhythmStore:
        """Reminders and weekly goals, on the same session and transactions."""

    @property
    def classes(self) -> ClassStore:
        """Classes, their members and set lessons, on the same session and transactions."""

    @property
    def reports(self) -> ReportStore:
        """The teacher's report's reads, on the same session and transactions."""

    @property
    def rounds(self) -> RoundStore:
        """Group rounds, their polls and votes, on the same session and transactions."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """A transaction: committed when the block ends, rolled back on an error."""

    async def learner(self, learner_id: int) -> Learner | None:
        """The learner, or None if they never came."""

    async def save_learner(self, learner: Learner) -> None:
        """Create or update a learner."""

    async def new_attempt(
        self, learner_id: int, lesson_id: str, now: datetime, challenge_code: str | None = None
    ) -> Attempt:
        """Start a fresh attempt at a lesson (or at a friend's challenge on it)."""

    async def attempt(self, attempt_id: int) -> Attempt | None:
        """An attempt with its answers."""

    async def open_attempt(self, learner_id: int) -> Attempt | None:
        """The learner's newest unfinished attempt."""

    async def save_position(self, attempt: Attempt) -> None:
        """Store an attempt's position, ticked options and finish time."""

    async def add_answer(self, attempt: Attempt, answer: Answer) -> bool:
        """Record an answer; False if that position was answered already."""

    async def finished_lessons(self, learner_id: int) -> frozenset[str]:
        """Ids of lessons the learner finished at least once."""

    async def tallies(self, learner_id: int) -> dict[str, Tally]:
        """Right and total answers per lesson."""

    async def mark_active(self, learner_id: int, day: date) -> None:
        """Note that the learner was active on `day` (UTC)."""

    async def days_active(self, learner_id: int) -> int:
        """On how many distinct days the learner was active."""

    async def save_poll(self, poll_id: str, ref: PollRef, now: datetime) -> None:
        """Remember which question a quiz poll asks."""

    async def find_poll(self, poll_id: str) -> PollRef | None:
        """The question a quiz poll asks, if the bot sent it."""

    async def best_result(self, learner_id: int, lesson_id: str) -> tuple[int, int] | None:
        """The learner's best finished score on a lesson, as (right, questions)."""

    async def latest_finished(self, learner_id: int) -> str | None:
        """The lesson the learner finished most recently."""

    async def save_challenge(self, challenge: Challenge) -> None:
        """Store a new challenge."""

    async def challenge(self, code: str) -> Challenge | None:
        """A challenge by its code."""

    async def mark_shared(self, code: str, now: datetime) -> None:
        """Note when a challenge was last sent into a chat."""

    async def challenges_since(self, learner_id: int, since: datetime) -> int:
        """How many challenges the learner made since `since`."""

    async def challenge_attempt(self, code: str, learner_id: int) -> Attempt | None:
        """The learner's run at a challenge, if they started one."""

    async def peer_record(self, learner_id: int) -> PeerRecord:
        """Friends who finished the learner's challenges, and who then finished a lesson."""

    async def totals(self, since: datetime) -> Totals:
        """Learners, learners seen since `since`, finished lessons and challenge runs."""

    async def pact(self, learner_id: int) -> Pact | None:
        """The learner's MIL CLICKS pledge, if they took it."""

    async def save_pact(self, pact: Pact) -> None:
        """Store a pledge."""

    async def withdraw_pact(self, learner_id: int) -> None:
        """Delete the learner's pledge, if any."""

    async def claim_update(self, update_id: int, learner_id: int | None, now: datetime) -> Claim:
        """Take an update id on: "new", or whether it was already handled to the end."""

    async def unfinished_updates(self, since: datetime) -> list[tuple[int, int]]:
        """(update id, learner id) of updates taken on since `since` and never finished."""

    async def finish_update(self, update_id: int) -> None:
        """Note that an update was handled to the end."""

    async def forget_updates(self, before: datetime) -> int:
        """Forget update ids received before `before`; how many went."""

    async def inactive_learners(self, before: datetime) -> list[int]:
        """Learners last seen before `before`."""

    async def erase_learner(self, learner_id: int) -> None:
        """Delete every row naming the learner; challengers keep an anonymous tally."""

    async def learner_data(self, learner_id: int) -> LearnerData:
        """Every row naming the learner, as records (what erasing them would delete)."""

    async def check_runs(self, learner_id: int) -> list[CheckRun]:
        """The learner's runs at the MIL check, oldest first."""

    async def new_check_run(
        self, learner_id: int, phase: Phase, form: str, now: datetime
    ) -> CheckRun:
        """Start a run at one form of the MIL check."""

    async def finish_check_run(self, run_id: int, now: datetime) -> None:
        """Note that a run at the check is complete."""

    async def check_runs_started(self, phase: Phase) -> int:
        """How many runs of `phase` all learners started (to alternate the forms)."""

    async def add_check_answer(self, answer: CheckAnswer) -> bool:
        """Record how a post was sorted; False if that position was answered already."""

    async def open_post_check(self, class_id: int, now: datetime) -> bool:
        """Note that the class's teacher opened the post check; False if they had already."""

    async def post_check_opened(self, learner_id: int) -> bool:
        """Whether an open class the learner is in has its post check open."""

    async def check_answers(self, run_id: int) -> list[CheckAnswer]:
        """A run's answers by position."""


class StoreFactory(Protocol):
    """Opens a store for one update; it closes when the update is handled. Given the
    learner, a store shared by several processes keeps that learner's updates one at a time."""

    def __call__(
        self, learner_id: int | None = None
    ) -> AbstractAsyncContextManager[ProgressStore]: ...
