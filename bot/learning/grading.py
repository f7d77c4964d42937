"""Grading an answer: which options are right, and whether a choice matches them."""

from __future__ import annotations

from bot.bank.content import AnyQuestion, TrueFalse

# A true-false question behaves as two options: 0 is "true", 1 is "false".
TRUE, FALSE = 0, 1


def correct_options(question: AnyQuestion) -> frozenset[int]:
    """The indices of the right options."""
    if isinstance(question, TrueFalse):
        return frozenset({TRUE if question.answer else FALSE})
    return frozenset(i for i, option in enumerate(question.options) if option.correct)


def option_count(question: AnyQuestion) -> int:
    """How many options the learner chooses from."""
    return 2 if isinstance(question, TrueFalse) else len(question.options)


def is_correct(question: AnyQuestion, chosen: frozenset[int]) -> bool:
    """Whether the chosen options are exactly the right ones."""
    return chosen == correct_options(question)


def encode_choice(chosen: frozenset[int]) -> str:
    """A compact, sortable text form of a choice, as stored with an answer."""
    return ",".join(str(i) for i in sorted(chosen))
