"""The checker's summary: lessons and questions per theme and per language."""

from __future__ import annotations

from bot.bank.bank import SOURCE_LANGUAGE, Bank
from bot.bank.themes import THEMES


def summary(bank: Bank, languages: list[str]) -> str:
    """A small table an educator can read at a glance."""
    langs = [SOURCE_LANGUAGE, *sorted(set(languages) - {SOURCE_LANGUAGE})]
    head = f"{'theme':<18} {'lessons':>7} {'questions':>9} {'review':>6}"
    head += "".join(f" {lang:>7}" for lang in langs)
    lines = [head]
    totals = [0, 0, 0] + [0] * len(langs)
    review = bank.review_items
    for theme in THEMES:
        lessons = bank.by_theme[theme]
        row = [
            len(lessons),
            sum(len(lesson.questions) for lesson in lessons),
            sum(len(review.get(lesson.id, ())) for lesson in lessons),
        ]
        row += [sum(bank.has_translation(lesson.id, lang) for lesson in lessons) for lang in langs]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        lines.append(
            f"{theme:<18} {row[0]:>7} {row[1]:>9} {row[2]:>6}"
            + "".join(f" {n:>7}" for n in row[3:])
        )
    lines.append(
        f"{'total':<18} {totals[0]:>7} {totals[1]:>9} {totals[2]:>6}"
        + "".join(f" {n:>7}" for n in totals[3:])
    )
    lines.append("(language columns: lessons with text in that language)")
    return "\n".join(lines)
