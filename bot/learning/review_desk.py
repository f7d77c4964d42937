"""The review desk: rounds of spaced review for one learner's update."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from bot.bank.bank import Bank
from bot.bank.content import AnyQuestion, Lesson, SeveralCorrect
from bot.learning.grading import encode_choice, is_correct, option_count
from bot.learning.review import (
    Confidence,
    ItemIndex,
    TechniqueCard,
    due_techniques,
    new_card,
    pick_bonus,
    pick_round,
    rating,
    retention_by_theme,
    review,
)
from bot.learning.review_records import (
    HowSure,
    NoLessonYet,
    NothingDue,
    ReviewAnswer,
    ReviewDone,
    ReviewQuestion,
    ReviewRound,
    ReviewStale,
    ReviewStatus,
    ReviewVerdict,
)
from bot.learning.session import Session

# The index is built once per bank (a bank lives as long as the process); keyed by identity,
# as a bank is not hashable.
_INDEXES: dict[int, tuple[Bank, ItemIndex]] = {}


def _index(bank: Bank) -> ItemIndex:
    found = _INDEXES.get(id(bank))
    if found is None or found[0] is not bank:
        found = _INDEXES[id(bank)] = (bank, ItemIndex.of(bank))
    return found[1]


def _next_due(cards: tuple[TechniqueCard, ...]) -> datetime | None:
    return min((c.due for c in cards), default=None)


def _fits(question: AnyQuestion, chosen: frozenset[int]) -> bool:
    """A choice the item's buttons can make: one option, or several ticks on a
    several-answer item; every option in range."""
    if not chosen or not all(0 <= i < option_count(question) for i in chosen):
        return False
    return len(chosen) == 1 or isinstance(question, SeveralCorrect)


class ReviewDesk:
    """Starts rounds, takes answers and confidence, and keeps each technique's schedule."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.bank = session.bank
        self._store = session.store
        self.index = _index(session.bank)

    def _question(self, review_round: ReviewRound, language: str) -> ReviewQuestion:
        position = review_round.position
        question = self.bank.review_question(review_round.question_ids[position], language)
        return ReviewQuestion(
            review_round.id,
            position,
            position + 1,
            len(review_round.question_ids),
            question,
            review_round.bonus,
        )

    async def met(self, learner_id: int, lesson: Lesson, now: datetime) -> None:
        """A lesson is finished: schedule its techniques' first review (call in a transaction)."""
        reviews = self._store.reviews
        have = {c.technique for c in await reviews.cards(learner_id)}
        for technique in lesson.techniques:
            if technique not in have:
                await reviews.save_card(new_card(learner_id, technique, now))

    async def _cards(
        self, learner_id: int, done: frozenset[str], now: datetime
    ) -> tuple[TechniqueCard, ...]:
        """The learner's cards; lessons finished before review existed are due at once."""
        reviews = self._store.reviews
        cards = await reviews.cards(learner_id)
        have = {c.technique for c in cards}
        missing = {
            t for lesson_id in done if lesson_id in self.bank.lessons
            for t in self.bank.lessons[lesson_id].techniques
        } - have  # fmt: skip
        for technique in sorted(missing):
            await reviews.save_card(replace(new_card(learner_id, technique, now), due=now))
        return await reviews.cards(learner_id) if missing else cards

    async def start(
        self, learner_id: int, now: datetime, rng: random.Random, bonus: bool = False
    ) -> ReviewQuestion | NothingDue | NoLessonYet:
        """A round of the due techniques (or a bonus round of unseen items), or why not."""
        async with self._store.transaction():
            learner = await self._session.visit(learner_id, now)
            done = await self._store.finished_lessons(learner_id)
            if not done:
                return NoLessonYet(self._session.recommend(done, learner.language))
            reviews = self._store.reviews
            open_round = await reviews.open_round(learner_id)
            if open_round is not None:
                return self._question(open_round, learner.language)
            cards = await self._cards(learner_id, done, now)
            seen = await reviews.seen_items(learner_id)
            last = max(seen, key=lambda item: seen[item], default=None)
            met = [c.technique for c in cards]
            extra = pick_bonus(met, self.index, seen, last, rng)
            due = due_techniques(cards, now)
            items = extra if bonus else pick_round(due, self.index, seen, last, rng)
            if not items:
                return NothingDue(_next_due(cards), bool(extra))
            review_round = await reviews.new_round(learner_id, items, now, bonus)
            return self._question(review_round, learner.language)

    async def _on_screen(
        self, learner_id: int, round_id: int, position: int, now: datetime
    ) -> tuple[str, ReviewRound] | ReviewStale:
        learner = await self._session.visit(learner_id, now)
        review_round = await self._store.reviews.open_round(learner_id)
        if review_round is None or review_round.id != round_id:
            return ReviewStale("old-round")
        if review_round.position != position:
            return ReviewStale("moved-on")
        return learner.language, review_round

    async def tick(
        self, learner_id: int, round_id: int, position: int, ticked: frozenset[int], now: datetime
    ) -> ReviewQuestion | ReviewStale:
        """The several-answer item on screen with these options ticked (nothing is stored:
        the ticks travel in the buttons, and the check sends the ones the learner saw)."""
        async with self._store.transaction():
            found = await self._on_screen(learner_id, round_id, position, now)
            if isinstance(found, ReviewStale):
                return found
            language, review_round = found
            question = self.bank.review_question(review_round.question_ids[position], language)
            if (
                review_round.answered(position) is not None
                or not isinstance(question, SeveralCorrect)
                or not all(0 <= i < option_count(question) for i in ticked)
            ):
                return ReviewStale("already-answered")
            return replace(self._question(review_round, language), selection=ticked)

    async def answer(
        self, learner_id: int, round_id: int, position: int, chosen: frozenset[int], now: datetime
    ) -> HowSure | ReviewStale:
        """Grade the item on screen; the verdict waits for the confidence tap."""
        async with self._store.transaction():
            found = await self._on_screen(learner_id, round_id, position, now)
            if isinstance(found, ReviewStale):
                return found
            language, review_round = found
            question = self.bank.review_question(review_round.question_ids[position], language)
            if not _fits(question, chosen):
                return ReviewStale("already-answered")
            answer = ReviewAnswer(
                question.id, position, encode_choice(chosen), is_correct(question, chosen), now
            )
            if not await self._store.reviews.add_answer(review_round, answer):
                return ReviewStale("already-answered")
            return HowSure(
                round_id, position, question, chosen,
                len(review_round.question_ids), review_round.bonus,
            )  # fmt: skip

    async def confidence(
        self, learner_id: int, round_id: int, position: int, level: Confidence, now: datetime
    ) -> ReviewVerdict | ReviewStale:
        """Take how sure the learner was, and reschedule the item's techniques with FSRS."""
        async with self._store.transaction():
            found = await self._on_screen(learner_id, round_id, position, now)
            if isinstance(found, ReviewStale):
                return found
            language, review_round = found
            answer = review_round.answered(position)
            reviews = self._store.reviews
            if answer is None or not await reviews.set_confidence(round_id, position, level):
                return ReviewStale("already-answered")
            grade = rating(answer.correct, level)
            techniques = set(self.index.techniques_of.get(answer.question_id, ()))
            for card in await reviews.cards(learner_id):
                if card.technique in techniques:
                    await reviews.save_card(review(card, grade, now))
            question = self.bank.review_question(answer.question_id, language)
            last = position + 1 == len(review_round.question_ids)
            return ReviewVerdict(round_id, position, question, answer.correct, level, last)

    async def advance(
        self, learner_id: int, round_id: int, position: int, now: datetime
    ) -> ReviewQuestion | ReviewDone | ReviewStale:
        """Move past a verdict: the next item, or the round's end."""
        async with self._store.transaction():
            found = await self._on_screen(learner_id, round_id, position, now)
            if isinstance(found, ReviewStale):
                return found
            language, review_round = found
            answer = review_round.answered(position)
            if answer is None or answer.confidence is None:
                return ReviewStale("moved-on")
            moved = replace(review_round, position=position + 1)
            if moved.position < len(moved.question_ids):
                await self._store.reviews.save_round(moved)
                return self._question(moved, language)
            await self._store.reviews.save_round(replace(moved, finished_at=now))
            cards = await self._store.reviews.cards(learner_id)
            done = await self._store.finished_lessons(learner_id)
            return ReviewDone(
                review_round.score,
                len(review_round.question_ids),
                _next_due(cards),
                self._session.recommend(done, language),
            )

    async def status(self, learner_id: int, now: datetime) -> ReviewStatus:
        """Techniques due now, when the next one is, and retention per theme."""
        async with self._store.transaction():
            cards = await self._store.reviews.cards(learner_id)
        due = due_techniques(cards, now)
        upcoming = [c.due for c in cards if c.due > now]
        return ReviewStatus(
            len(due), min(upcoming, default=None), retention_by_theme(cards, self.index, now)
        )
