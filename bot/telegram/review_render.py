"""Spaced review as Telegram messages: items, the confidence tap, verdicts, the round's end."""

from __future__ import annotations

import html
from datetime import datetime
from gettext import NullTranslations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.content import Lesson, SeveralCorrect, TrueFalse
from bot.bank.themes import THEMES
from bot.languages import percent
from bot.learning.grading import FALSE, TRUE
from bot.learning.review import Confidence
from bot.learning.review_records import (
    HowSure,
    NoLessonYet,
    NothingDue,
    ReviewDone,
    ReviewQuestion,
    ReviewStatus,
    ReviewVerdict,
)
from bot.telegram.actions import StartLesson
from bot.telegram.callbacks import encode
from bot.telegram.menus import EMOJI
from bot.telegram.render import (
    TICKED,
    UNTICKED,
    Text,
    button,
    topics_button,
    verdict_text,
)
from bot.telegram.review_actions import (
    Review,
    ReviewCheck,
    ReviewNext,
    ReviewPick,
    ReviewSure,
    ReviewTick,
)

LETTERS = "ABCDEFGH"


def when(due: datetime, now: datetime, t: NullTranslations) -> str:
    """When something is due, said relative to now: "in 3 hours", "in 2 days"."""
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return t.gettext("now")
    hours = round(seconds / 3600)
    if hours < 1:
        return t.gettext("in less than an hour")
    if hours < 24:
        return t.ngettext("in {count} hour", "in {count} hours", hours).format(count=hours)
    days = round(hours / 24)
    return t.ngettext("in {count} day", "in {count} days", days).format(count=days)


def _prompt(card: ReviewQuestion | HowSure, number: int, count: int, bonus: bool,
            t: NullTranslations) -> str:  # fmt: skip
    header = (
        t.gettext("✨ Bonus {number} of {count}")
        if bonus
        else t.gettext("🔁 Review {number} of {count}")
    ).format(number=number, count=count)
    question = card.question
    text = f"{header}\n\n<b>{html.escape(question.prompt.strip())}</b>"
    if not isinstance(question, TrueFalse):
        options = "\n".join(
            f"{LETTERS[i]}. {html.escape(o.text)}" for i, o in enumerate(question.options)
        )
        text += "\n\n" + options
    return text


def _labels(card: ReviewQuestion | HowSure, t: NullTranslations) -> list[str]:
    if isinstance(card.question, TrueFalse):
        return [t.gettext("True"), t.gettext("False")]
    return list(LETTERS[: len(card.question.options)])


def _mask(options: frozenset[int]) -> int:
    return sum(1 << i for i in options)


def _ticks(card: ReviewQuestion, t: NullTranslations) -> InlineKeyboardMarkup:
    """A several-answer item's buttons: each letter ticks or unticks, then the check.

    Each button carries the ticks as they would be after tapping it."""
    ticked = card.selection
    row = [
        button(
            f"{TICKED if i in ticked else UNTICKED} {label}",
            encode(ReviewTick(card.round_id, card.position, _mask(ticked ^ {i}))),
        )
        for i, label in enumerate(_labels(card, t))
    ]
    rows = [row]
    if ticked:
        check = ReviewCheck(card.round_id, card.position, _mask(ticked))
        rows.append([button(t.gettext("Check my answer"), encode(check))])
    return InlineKeyboardMarkup(rows)


def question(card: ReviewQuestion, t: NullTranslations) -> Text:
    """A review item: the prompt, lettered options, one tap to answer (several-answer
    items: tick the letters, then check)."""
    text = _prompt(card, card.number, card.count, card.bonus, t)
    if isinstance(card.question, SeveralCorrect):
        return Text(text + "\n\n" + t.gettext("Tick all that apply, then check."), _ticks(card, t))
    labels = _labels(card, t)
    options = [TRUE, FALSE] if isinstance(card.question, TrueFalse) else list(range(len(labels)))
    row = [
        button(label, encode(ReviewPick(card.round_id, card.position, option)))
        for label, option in zip(labels, options, strict=True)
    ]
    return Text(text, InlineKeyboardMarkup([row]))


def how_sure(card: HowSure, t: NullTranslations) -> Text:
    """The item once answered: the choice, and how sure the learner is (one tap)."""
    labels = _labels(card, t)
    picked = ", ".join(labels[i] for i in sorted(card.choice))
    text = (
        _prompt(card, card.position + 1, card.count, card.bonus, t)
        + "\n\n"
        + t.gettext("Your answer: <b>{answer}</b>").format(answer=html.escape(picked))
        + "\n"
        + t.gettext("How sure are you?")
    )
    levels = (
        (Confidence.GUESSED, t.gettext("🤷 I guessed")),
        (Confidence.FAIRLY_SURE, t.gettext("🙂 Fairly sure")),
        (Confidence.CERTAIN, t.gettext("💪 Certain")),
    )
    row = [
        button(label, encode(ReviewSure(card.round_id, card.position, int(level))))
        for level, label in levels
    ]
    return Text(text, InlineKeyboardMarkup([row]))


def verdict(card: ReviewVerdict, t: NullTranslations) -> Text:
    """Right or not, why, and a word on what the confidence means."""
    question = card.question
    text = verdict_text(question, card.correct, t)
    if not card.correct and card.confidence is Confidence.CERTAIN:
        text += "\n\n" + t.gettext(
            "🎯 You felt sure, so this one comes back soon. Catching a sure mistake is how "
            "it sticks."
        )
    elif card.confidence is Confidence.GUESSED:
        text += "\n\n" + t.gettext("🤷 A guess, so this one comes back soon to make sure.")
    label = t.gettext("Finish the review") if card.last else t.gettext("Next question")
    next_button = button(label, encode(ReviewNext(card.round_id, card.position)))
    return Text(text, InlineKeyboardMarkup([[next_button]]))


def _next_lesson_row(
    lesson: Lesson | None, t: NullTranslations
) -> list[list[InlineKeyboardButton]]:
    if lesson is None:
        return []
    label = t.gettext("Next: {title}").format(title=lesson.title)
    return [[button(label, encode(StartLesson(lesson.id)))]]


def done(card: ReviewDone, now: datetime, t: NullTranslations) -> Text:
    """The round's end: the score and when the next review is."""
    text = t.ngettext(
        "🔁 Review done: {score} of {count} right.",
        "🔁 Review done: {score} of {count} right.",
        card.count,
    ).format(score=card.score, count=card.count)
    if card.next_due is not None:
        text += "\n" + t.gettext("Next review: {when}.").format(when=when(card.next_due, now, t))
    rows = [*_next_lesson_row(card.next_lesson, t), [topics_button(t)]]
    return Text(text, InlineKeyboardMarkup(rows))


def nothing_due(card: NothingDue, now: datetime, t: NullTranslations) -> Text:
    """Nothing due: when the next review is, and a bonus round if there are new items."""
    text = t.gettext("✅ Nothing to review right now.")
    if card.next_due is not None:
        text += " " + t.gettext("Next review: {when}.").format(when=when(card.next_due, now, t))
    rows = []
    if card.bonus_available:
        text += "\n\n" + t.gettext("Fancy a quick bonus round of questions you haven't seen?")
        rows.append([button(t.gettext("✨ Bonus round"), encode(Review(bonus=True)))])
    rows.append([topics_button(t)])
    return Text(text, InlineKeyboardMarkup(rows))


def no_lesson_yet(card: NoLessonYet, t: NullTranslations) -> Text:
    """Before any lesson: review brings back what lessons teach, so start one."""
    text = t.gettext(
        "🔁 Review brings back what you learned in lessons, right when you're about to forget "
        "it. Take your first lesson, and your first review comes the next day."
    )
    rows = []
    if card.first_lesson is not None:
        rows.append([button(t.gettext("Let's go"), encode(StartLesson(card.first_lesson.id)))])
    rows.append([topics_button(t)])
    return Text(text, InlineKeyboardMarkup(rows))


def progress_lines(
    status: ReviewStatus, now: datetime, t: NullTranslations, language: str
) -> list[str]:
    """The review lines of `/progress`: what is due, and how well each theme is retained."""
    if status.due:
        lines = [
            t.ngettext(
                "🔁 To review now: {count} technique (/review)",
                "🔁 To review now: {count} techniques (/review)",
                status.due,
            ).format(count=status.due)
        ]
    elif status.next_due is not None:
        lines = [t.gettext("🔁 Next review: {when}").format(when=when(status.next_due, now, t))]
    else:
        return []
    if status.retention:
        kept = " · ".join(
            f"{EMOJI[theme]} {percent(share, language)}"
            for theme, share in sorted(status.retention.items(), key=lambda k: THEMES.index(k[0]))
        )
        lines.append(t.gettext("🧠 Remembered: {themes}").format(themes=kept))
    return lines
