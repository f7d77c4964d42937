"""Item-writing rules across the bank: a learner must not score by length, by guessing
"true", or by remembering an item seen elsewhere.

Warnings with numbers, per theme, so the bank stays fair as educators add lessons
(`milclicks lessons check --strict` fails on them):
- the right answer of a single-choice item is the longest option in at most a third of
  a theme's items (length would otherwise give the answer away);
- a theme's true/false items are true in 35-65% of cases (so "true" is no safe guess);
- no two items anywhere in the bank are near-duplicates (a review item that repeats a
  lesson item tests memory, not the technique).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.bank.check.documents import Document, Loc
from bot.bank.check.parsed import Parsed
from bot.bank.content import Lesson, QuizPool, SeveralCorrect, SingleChoice, TrueFalse
from bot.bank.markup import visible
from bot.bank.themes import Theme

LONGEST_SHARE = 1 / 3
TRUE_SHARE = (0.35, 0.65)
# the smallest counts the shares are judged on: a theme with two items proves nothing
MIN_SINGLE, MIN_TRUE_FALSE = 6, 6
NEAR_DUPLICATE = 0.8
_WORD = re.compile(r"\w+")
AnyQuestion = SingleChoice | TrueFalse | SeveralCorrect


@dataclass(frozen=True)
class Item:
    """A question with where it is written."""

    question: AnyQuestion
    theme: Theme | None
    doc: Document
    loc: Loc


def items_of(lessons: Iterable[Parsed[Lesson]], pools: Iterable[Parsed[QuizPool]]) -> list[Item]:
    """Every practice and review question of the bank, lessons first; a review item with no
    theme of its pool's own counts for its lesson's theme."""
    lessons, pools = list(lessons), list(pools)
    theme_of = {parsed.model.id: Theme(parsed.model.theme) for parsed in lessons}
    found = [
        Item(question, theme_of[parsed.model.id], parsed.doc, ("questions", n))
        for parsed in lessons
        for n, question in enumerate(parsed.model.questions)
    ]
    for pool in pools:
        for n, question in enumerate(pool.model.questions):
            theme = Theme(pool.model.theme) if pool.model.theme else None
            theme = theme or theme_of.get(question.lesson or "")
            found.append(Item(question, theme, pool.doc, ("questions", n)))
    return found


def longest_is_right(question: SingleChoice) -> bool:
    """Whether the right option is strictly longer than every other (as a reader sees it)."""
    lengths = [(len(visible(o.text).strip()), o.correct) for o in question.options]
    right = max(length for length, correct in lengths if correct)
    return all(length < right for length, correct in lengths if not correct)


def _ids(items: list[Item], most: int = 6) -> str:
    names = [i.question.id for i in items[:most]]
    more = len(items) - most
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def _longest_problems(theme: Theme, items: list[Item]) -> list[tuple[Item, str]]:
    singles = [i for i in items if isinstance(i.question, SingleChoice)]
    flagged = [i for i in singles if longest_is_right(i.question)]  # type: ignore[arg-type]
    if len(singles) < MIN_SINGLE or len(flagged) <= LONGEST_SHARE * len(singles):
        return []
    return [
        (
            flagged[0],
            f"{theme.value}: the right answer is the longest option in {len(flagged)} of"
            f" {len(singles)} single-choice items ({_percent(len(flagged), len(singles))};"
            " keep it to a third or fewer, so length gives nothing away: shorten the right"
            " option or lengthen a wrong one, here and in " + _ids(flagged[1:]) + ")",
        )
    ]


def _true_false_problems(theme: Theme, items: list[Item]) -> list[tuple[Item, str]]:
    judged = [i for i in items if isinstance(i.question, TrueFalse)]
    true = [i for i in judged if i.question.answer]  # type: ignore[union-attr]
    if len(judged) < MIN_TRUE_FALSE:
        return []
    low, high = TRUE_SHARE
    share = len(true) / len(judged)
    if low <= share <= high:
        return []
    majority = true if share > high else [i for i in judged if i not in true]
    key = "true" if share > high else "false"
    return [
        (
            majority[0],
            f"{theme.value}: {len(true)} of {len(judged)} true/false items are true"
            f" ({_percent(len(true), len(judged))}; keep between {round(low * 100)}% and"
            f' {round(high * 100)}%, so "{key}" is no safe guess: rewrite some items whose'
            f" answer is {key}, such as " + ", ".join(i.question.id for i in majority[:5]) + ")",
        )
    ]


def _text(question: AnyQuestion) -> str:
    options = "" if isinstance(question, TrueFalse) else " ".join(o.text for o in question.options)
    return " ".join(_WORD.findall(visible(f"{question.prompt} {options}").casefold()))


def _pairs(texts: list[str]) -> Iterable[tuple[int, int]]:
    """Pairs of items that share enough word pairs to be worth comparing closely: an
    index of word pairs keeps this near linear in the size of the bank."""
    grams = [set(itertools.pairwise(t.split())) for t in texts]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, mine in enumerate(grams):
        shared: dict[int, int] = defaultdict(int)
        for gram in mine:
            for other in index[gram]:
                shared[other] += 1
            index[gram].append(n)
        for other, count in shared.items():
            if count >= 0.5 * min(len(mine), len(grams[other])):
                yield other, n


def _duplicate_problems(items: list[Item]) -> list[tuple[Item, str]]:
    texts = [_text(i.question) for i in items]
    found = []
    for first, second in _pairs(texts):
        ratio = difflib.SequenceMatcher(None, texts[first], texts[second], autojunk=False).ratio()
        if ratio >= NEAR_DUPLICATE:
            earlier = items[first]
            line, _ = earlier.doc.position(earlier.loc)
            found.append(
                (
                    items[second],
                    f'nearly the same item as "{earlier.question.id}" ({earlier.doc.path}:'
                    f"{line}; {round(ratio * 100)}% alike): test the technique on a"
                    " different example",
                )
            )
    return found


def fairness_problems(
    lessons: Iterable[Parsed[Lesson]], pools: Iterable[Parsed[QuizPool]]
) -> list[tuple[Document, Loc, str]]:
    """Every fairness warning: (document, location, message)."""
    items = items_of(lessons, pools)
    by_theme: dict[Theme, list[Item]] = defaultdict(list)
    for item in items:
        if item.theme is not None:
            by_theme[item.theme].append(item)
    found: list[tuple[Item, str]] = []
    for theme, theirs in by_theme.items():
        found += _longest_problems(theme, theirs) + _true_false_problems(theme, theirs)
    found += _duplicate_problems(items)
    return [(item.doc, item.loc, message) for item, message in found]
