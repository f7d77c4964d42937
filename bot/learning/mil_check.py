"""The MIL check as the learner meets it: a form before the lessons, the other one after.

The pre check is offered when a learner starts; the post check once they have finished
`post_after` lessons, or sooner when the teacher of a class they are in opens it. Forms
are counterbalanced across learners: the pre checks alternate between forms A and B in the
order learners start them, and each learner's post check is the form they did not see.
The learner sorts each post; no feedback comes until the end, so the check measures
rather than teaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bank.bank import Bank
from bot.bank.mil_check import FORMS, CheckItem
from bot.learning.check_records import CheckAnswer, CheckRun, Phase
from bot.learning.detection import Scores, Tally, scores, tally
from bot.learning.rhythm import after_quiet
from bot.learning.store import ProgressStore

CHECK_ID = "mil-check"


@dataclass(frozen=True)
class CheckCard:
    """One post to sort: where it stands in the run, and its text."""

    run_id: int
    position: int
    total: int
    phase: Phase
    post: str


@dataclass(frozen=True)
class CheckResult:
    """A finished run: the four counts, d′ and c, the posts sorted wrong, and (after the
    post check) the pre check's counts to compare."""

    phase: Phase
    tally: Tally
    scores: Scores
    missed: tuple[CheckItem, ...]
    before: Tally | None = None


@dataclass(frozen=True)
class PostOffer:
    """A member to offer the post check to, in their language, once their quiet hours end."""

    learner_id: int
    language: str
    at: datetime


@dataclass(frozen=True)
class ClassOpening:
    """The teacher opened the post check: who gets an offer, and how the class stands.
    `first` is False when it was open already (then no one is offered it again)."""

    class_name: str
    first: bool
    offers: tuple[PostOffer, ...]
    members: int
    took_post: int


def due_phase(
    runs: list[CheckRun], lessons_done: int, post_after: int, opened: bool = False
) -> Phase | None:
    """Which check is due: the pre check until one is started, the post check once the
    pre check is done and either `post_after` lessons are finished or a teacher `opened`
    it for the learner's class; else none."""
    if not any(r.phase == "pre" for r in runs):
        return "pre"
    pre_done = any(r.phase == "pre" and r.finished_at for r in runs)
    ready = lessons_done >= post_after or opened
    if pre_done and ready and not any(r.phase == "post" for r in runs):
        return "post"
    return None


def form_for(phase: Phase, started: int, pre_form: str | None) -> str:
    """The form for a new run: pre checks alternate A, B, A...; a post check takes the
    form the learner's pre check did not use."""
    if phase == "post" and pre_form in FORMS:
        return FORMS[1 - FORMS.index(pre_form)]
    return FORMS[started % len(FORMS)]


class CheckDesk:
    """Runs the MIL check for one learner's update."""

    def __init__(self, bank: Bank, store: ProgressStore, post_after: int) -> None:
        self._bank = bank
        self._store = store
        self.post_after = post_after

    def _items(self, form: str, language: str) -> list[CheckItem]:
        check = self._bank.mil_check(CHECK_ID, language)
        assert check is not None
        return next(f.items for f in check.forms if f.form == form)

    @property
    def available(self) -> bool:
        """Whether the bank has a check to offer."""
        return CHECK_ID in self._bank.checks

    async def due(self, learner_id: int) -> Phase | None:
        """The check due for this learner now, if any (for an offer)."""
        if not self.available:
            return None
        async with self._store.transaction():
            runs = await self._store.check_runs(learner_id)
            done = await self._store.finished_lessons(learner_id)
            opened = await self._store.post_check_opened(learner_id)
        return due_phase(runs, len(done), self.post_after, opened)

    async def post_offer(self, learner_id: int, every: int) -> int | None:
        """Lessons finished, when the post check is due and this is a moment to offer it:
        the lesson that opens it, then every `every` lessons; else None."""
        if not self.available:
            return None
        async with self._store.transaction():
            runs = await self._store.check_runs(learner_id)
            done = len(await self._store.finished_lessons(learner_id))
        # A check the teacher opened early was offered by message: no lesson-end offer
        # before the usual number of lessons.
        if due_phase(runs, done, self.post_after) != "post":
            return None
        return done if (done - self.post_after) % every == 0 else None

    async def lessons_to_go(self, learner_id: int) -> int | None:
        """With no check due: lessons left before the post check opens; None when the
        learner has done both checks (or has no pre check to compare with)."""
        async with self._store.transaction():
            runs = await self._store.check_runs(learner_id)
            done = await self._store.finished_lessons(learner_id)
        if any(r.phase == "post" for r in runs) or not any(r.phase == "pre" for r in runs):
            return None
        return max(self.post_after - len(done), 1)

    async def begin(self, learner_id: int, language: str, now: datetime) -> CheckCard | None:
        """The next post of the learner's open run, or the first of a new run of the due
        check; None when no check is due."""
        if not self.available:
            return None
        async with self._store.transaction():
            runs = await self._store.check_runs(learner_id)
            open_runs = [r for r in runs if r.finished_at is None]
            if open_runs:
                run = open_runs[-1]
            else:
                done = await self._store.finished_lessons(learner_id)
                opened = await self._store.post_check_opened(learner_id)
                phase = due_phase(runs, len(done), self.post_after, opened)
                if phase is None:
                    return None
                pre_form = next((r.form for r in runs if r.phase == "pre"), None)
                started = await self._store.check_runs_started(phase)
                form = form_for(phase, started, pre_form)
                run = await self._store.new_check_run(learner_id, phase, form, now)
            answered = len(await self._store.check_answers(run.id))
        return self._card(run, answered, language)

    async def open_for_class(
        self, teacher_id: int, class_id: int, now: datetime
    ) -> ClassOpening | None:
        """The teacher opens their class's post check: each member who finished the pre
        check and has not started the post one gets an offer. None when the class is not
        the teacher's (or closed)."""
        store = self._store
        async with store.transaction():
            classroom = await store.classes.classroom(class_id)
            if classroom is None or classroom.teacher_id != teacher_id or classroom.closed_at:
                return None
            first = await store.open_post_check(class_id, now)
            members = await store.classes.members(class_id)
            offers, took_post = [], 0
            for member in members:
                runs = await store.check_runs(member.learner_id)
                took_post += any(r.phase == "post" and r.finished_at for r in runs)
                learner = await store.learner(member.learner_id)
                if first and learner and due_phase(runs, 0, self.post_after, True) == "post":
                    rhythm = await store.rhythms.rhythm(member.learner_id)
                    at = after_quiet(rhythm, now)
                    offers.append(PostOffer(learner.id, learner.language, at))
        return ClassOpening(classroom.name, first, tuple(offers), len(members), took_post)

    def _card(self, run: CheckRun, position: int, language: str) -> CheckCard:
        items = self._items(run.form, language)
        return CheckCard(run.id, position, len(items), run.phase, items[position].post)

    async def sort(
        self,
        learner_id: int,
        run_id: int,
        position: int,
        said_manipulative: bool,
        language: str,
        now: datetime,
    ) -> CheckCard | CheckResult | None:
        """Record how the learner sorted a post; the next post, the result after the last,
        or None for a tap on a run that is not theirs or a post answered already."""
        async with self._store.transaction():
            runs = await self._store.check_runs(learner_id)
            run = next((r for r in runs if r.id == run_id and r.finished_at is None), None)
            if run is None:
                return None
            items = self._items(run.form, language)
            if not 0 <= position < len(items):
                return None
            answer = CheckAnswer(run_id, position, items[position].id, said_manipulative, now)
            if not await self._store.add_check_answer(answer):
                return None
            if position + 1 < len(items):
                return self._card(run, position + 1, language)
            await self._store.finish_check_run(run_id, now)
            answers = await self._store.check_answers(run_id)
            before = None
            pre = next((r for r in runs if r.phase == "pre" and r.finished_at), None)
            if run.phase == "post" and pre is not None:
                before = self._tally(await self._store.check_answers(pre.id), pre.form)
        return self._result(run, answers, language, before)

    def _tally(self, answers: list[CheckAnswer], form: str) -> Tally:
        kind = {item.id: item.manipulative for item in self._items(form, "en")}
        return tally([(kind[a.item_id], a.said_manipulative) for a in answers])

    def _result(
        self, run: CheckRun, answers: list[CheckAnswer], language: str, before: Tally | None
    ) -> CheckResult:
        items = {item.id: item for item in self._items(run.form, language)}
        counts = self._tally(answers, run.form)
        missed = tuple(
            items[a.item_id]
            for a in answers
            if items[a.item_id].manipulative != a.said_manipulative
        )
        return CheckResult(run.phase, counts, scores(counts), missed, before)
