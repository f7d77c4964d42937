"""Item analysis for a class: which questions it got wrong most, and what it chose instead.

Only first answers count (see `class_work.FirstAnswer`). For each question the share of
learners who picked each option tells a teacher whether a wrong answer is a spread of
guesses or one tempting distractor, the one to take apart in class.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.bank.bank import Bank
from bot.bank.content import AnyQuestion
from bot.learning.class_work import FirstAnswer
from bot.learning.grading import correct_options, option_count

HARDEST = 3  # items a report names


@dataclass(frozen=True)
class ItemStat:
    """How a class answered one lesson question."""

    lesson_id: str
    question_id: str
    answered: int
    wrong: int
    picks: tuple[int, ...]  # per option: how many learners chose it
    correct: frozenset[int]

    @property
    def wrong_share(self) -> float:
        """Share of the class's answers that were wrong."""
        return self.wrong / self.answered

    def share(self, option: int) -> float:
        """Share of the learners who answered that chose `option` (on a several-answer
        question one learner can choose several, so the shares may add up past 1)."""
        return self.picks[option] / self.answered


def _chosen(choice: str) -> set[int]:
    return {int(part) for part in choice.split(",") if part.isdigit()}


def _question(bank: Bank, lesson_id: str, question_id: str) -> AnyQuestion | None:
    lesson = bank.lessons.get(lesson_id)
    if lesson is None:  # retired from the bank since
        return None
    return next((q for q in lesson.questions if q.id == question_id), None)


def item_stats(bank: Bank, answers: Iterable[FirstAnswer]) -> list[ItemStat]:
    """Every question the class answered, with its counts, in the order first answered."""
    grouped: dict[tuple[str, str], list[FirstAnswer]] = defaultdict(list)
    for answer in answers:
        grouped[answer.lesson_id, answer.question_id].append(answer)
    stats = []
    for (lesson_id, question_id), given in grouped.items():
        question = _question(bank, lesson_id, question_id)
        if question is None:
            continue
        picks = [0] * option_count(question)
        for answer in given:
            for option in _chosen(answer.choice):
                if option < len(picks):
                    picks[option] += 1
        wrong = sum(not answer.correct for answer in given)
        stats.append(
            ItemStat(
                lesson_id, question_id, len(given), wrong, tuple(picks), correct_options(question)
            )
        )
    return stats


def hardest(stats: Iterable[ItemStat], count: int = HARDEST) -> tuple[ItemStat, ...]:
    """The items most learners got wrong (ties: the larger share wrong first); items
    nobody got wrong are never named."""
    missed = [stat for stat in stats if stat.wrong]
    missed.sort(key=lambda stat: (-stat.wrong, -stat.wrong_share))
    return tuple(missed[:count])
