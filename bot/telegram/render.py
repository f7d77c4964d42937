"""Lesson cards as Telegram messages: HTML text, inline keyboards and quiz polls."""

from __future__ import annotations

import html
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.content import AnyQuestion, Lesson, SeveralCorrect, SingleChoice, TrueFalse
from bot.bank.markup import to_html
from bot.bank.pictures import Picture
from bot.learning.cards import EndCard, Feedback, QuestionCard, StepCard
from bot.learning.grading import FALSE, TRUE, correct_options
from bot.learning.outbox import Buttons
from bot.telegram.actions import (
    ChallengeFriend,
    Check,
    Choose,
    Go,
    Sources,
    StartLesson,
    Toggle,
    Topics,
)
from bot.telegram.callbacks import encode
from bot.telegram.review_actions import Review

TICKED, UNTICKED = "☑️", "⬜"


@dataclass(frozen=True)
class Text:
    """A message to send: HTML text and its buttons."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None
    # sent as a photo with `html` as its caption; a picture file is named from its folder
    picture: Picture | None = None
    picture_folder: Path | None = None

    def buttons(self) -> Buttons:
        """The keyboard as the outbox keeps it: rows of (label, callback data)."""
        if self.keyboard is None:
            return ()
        return tuple(
            tuple((b.text, str(b.callback_data)) for b in row)
            for row in self.keyboard.inline_keyboard
        )


@dataclass(frozen=True)
class Poll:
    """A quiz poll to send for a single-choice question."""

    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    attempt_id: int
    position: int


def button(label: str, data: str) -> InlineKeyboardButton:
    """An inline button with callback data."""
    return InlineKeyboardButton(label, callback_data=data)


def topics_button(t: NullTranslations) -> InlineKeyboardButton:
    """The button back to the seven themes."""
    return button(t.gettext("📚 Topics"), encode(Topics()))


def step_message(card: StepCard, t: NullTranslations) -> Text:
    """A lesson step, with the button that says what comes next."""
    parts = []
    if card.number == 1:
        minutes = t.ngettext("{n} min", "{n} min", card.lesson.minutes).format(
            n=card.lesson.minutes
        )
        parts.append(f"<b>{html.escape(card.lesson.title)}</b> · {minutes}")
    parts.append(to_html(card.step.text.strip()))
    if card.step.link:
        link = card.step.link
        parts.append(f'🔗 <a href="{html.escape(link.url)}">{html.escape(link.title)}</a>')
    label = card.step.button or (
        t.gettext("I'm ready for the questions") if card.last_step else t.gettext("Next")
    )
    keyboard = InlineKeyboardMarkup([[button(label, encode(Go(card.attempt_id, card.position)))]])
    return Text("\n\n".join(parts), keyboard, card.step.picture, card.picture_folder)


def question_message(card: QuestionCard, t: NullTranslations) -> Text | Poll:
    """A question: a quiz poll for single choice, buttons for the other kinds."""
    question = card.question
    if isinstance(question, SingleChoice):
        return Poll(
            question.prompt.strip(),
            tuple(option.text for option in question.options),
            next(iter(correct_options(question))),
            question.explanation.strip(),
            card.attempt_id,
            card.position,
        )
    counter = t.gettext("❓ Question {number} of {count}").format(
        number=card.number, count=card.count
    )
    text = f"{counter}\n\n<b>{html.escape(question.prompt.strip())}</b>"
    if isinstance(question, TrueFalse):
        rows = [
            [
                button(
                    t.gettext("True"), encode(Choose(card.attempt_id, card.position, 1 << TRUE))
                ),
                button(
                    t.gettext("False"), encode(Choose(card.attempt_id, card.position, 1 << FALSE))
                ),
            ]
        ]
        return Text(text, InlineKeyboardMarkup(rows))
    return Text(text + "\n\n" + t.gettext("Tick all that apply, then check."), _ticks(card, t))


def _ticks(card: QuestionCard, t: NullTranslations) -> InlineKeyboardMarkup:
    question = card.question
    assert isinstance(question, SeveralCorrect)
    rows = [
        [
            button(
                f"{TICKED if i in card.selection else UNTICKED} {option.text}",
                encode(Toggle(card.attempt_id, card.position, i)),
            )
        ]
        for i, option in enumerate(question.options)
    ]
    if card.selection:
        check = encode(Check(card.attempt_id, card.position))
        rows.append([button(t.gettext("Check my answer"), check)])
    return InlineKeyboardMarkup(rows)


def chosen_text(card: Feedback, t: NullTranslations) -> str:
    """The question message once answered: the prompt and what the learner picked."""
    question = card.question
    counter = t.gettext("❓ Question {number} of {count}").format(
        number=card.number, count=card.count
    )
    chosen = {int(part) for part in card.answer.choice.split(",") if part}
    if isinstance(question, TrueFalse):
        picked = [t.gettext("True") if TRUE in chosen else t.gettext("False")]
    else:
        picked = [o.text for i, o in enumerate(question.options) if i in chosen]
    label = t.gettext("Your answer:")
    lines = "\n".join(f"• {html.escape(p)}" for p in picked)
    return f"{counter}\n\n<b>{html.escape(question.prompt.strip())}</b>\n\n{label}\n{lines}"


def verdict_text(question: AnyQuestion, correct: bool, t: NullTranslations) -> str:
    """Right, or not quite and what the answer was; with the explanation either way."""
    explanation = html.escape(question.explanation.strip())
    if correct:
        return t.gettext("✅ <b>Right!</b> {explanation}").format(explanation=explanation)
    right = correct_options(question)
    if isinstance(question, TrueFalse):
        answer = t.gettext("True") if TRUE in right else t.gettext("False")
    else:
        answer = "; ".join(o.text for i, o in enumerate(question.options) if i in right)
    return t.gettext("Not quite. The answer: <b>{answer}</b>\n\n{explanation}").format(
        answer=html.escape(answer), explanation=explanation
    )


def feedback_message(card: Feedback, t: NullTranslations) -> Text:
    """Right or not, why, and the button to go on."""
    question = card.question
    text = verdict_text(question, card.correct, t)
    if question.why:
        text += "\n\n💡 " + to_html(question.why.strip())
    label = t.gettext("See my score") if card.last else t.gettext("Next question")
    keyboard = InlineKeyboardMarkup([[button(label, encode(Go(card.attempt_id, card.position)))]])
    return Text(text, keyboard)


def end_message(card: EndCard, t: NullTranslations) -> Text:
    """The end-of-lesson card: score, takeaway, next lesson and topics."""
    title = html.escape(card.lesson.title)
    score = t.ngettext(
        "You got {score} of {total} question right.",
        "You got {score} of {total} questions right.",
        card.total,
    ).format(score=card.score, total=card.total)
    cheer = (
        t.gettext("Perfect score! 🎉")
        if card.score == card.total
        else t.gettext("Every question you try makes the next trick easier to spot.")
    )
    text = (
        t.gettext("🏁 <b>{title}</b>: done!").format(title=title)
        + f"\n{score} {cheer}\n\n"
        + t.gettext("💡 <b>Take this with you:</b> {takeaway}").format(
            takeaway=to_html(card.lesson.takeaway.strip())
        )
    )
    rows = []
    if card.next_lesson is not None:
        label = t.gettext("Next: {title}").format(title=card.next_lesson.title)
        rows.append([button(label, encode(StartLesson(card.next_lesson.id)))])
    rows.append(
        [button(t.gettext("🎯 Challenge a friend"), encode(ChallengeFriend(card.lesson.id)))]
    )
    if card.lesson.sources:
        rows.append([button(t.gettext("📖 Sources"), encode(Sources(card.lesson.id)))])
    rows.append([button(t.gettext("🔁 Review"), encode(Review(bonus=False))), topics_button(t)])
    return Text(text, InlineKeyboardMarkup(rows))


def sources_message(lesson: Lesson, t: NullTranslations) -> Text:
    """Where a lesson's facts come from: each source as a link, with its licence."""
    lines = [t.gettext("📖 <b>Sources for {title}</b>").format(title=html.escape(lesson.title))]
    for source in lesson.sources:
        link = f'<a href="{html.escape(str(source.url))}">{html.escape(source.title)}</a>'
        licence = t.gettext("licence: {licence}").format(licence=html.escape(source.licence))
        lines.append(f"• {link}\n  <i>{licence}</i>")
    return Text("\n\n".join(lines), InlineKeyboardMarkup([[topics_button(t)]]))


def card_message(
    card: StepCard | QuestionCard | Feedback | EndCard, t: NullTranslations
) -> Text | Poll:
    """Any lesson card as what to send (challenge results are in `sharing`)."""
    if isinstance(card, StepCard):
        return step_message(card, t)
    if isinstance(card, QuestionCard):
        return question_message(card, t)
    if isinstance(card, Feedback):
        return feedback_message(card, t)
    return end_message(card, t)
