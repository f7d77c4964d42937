"""`milclicks play`: the terminal twin. The same tutor as on Telegram, no token needed."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime

from bot.bank.bank import Bank
from bot.bank.check.loader import load_bank
from bot.bank.content import SeveralCorrect, SingleChoice, TrueFalse
from bot.bank.markup import visible
from bot.config import Settings
from bot.learning.cards import Card, EndCard, Feedback, Locked, QuestionCard, Stale, StepCard
from bot.learning.grading import correct_options
from bot.learning.memory_store import MemoryStore
from bot.learning.tutor import Tutor

Read = Callable[[str], str]
Write = Callable[[str], None]
LEARNER = 1
_WIDTH = 78


def _plain(text: str) -> str:
    return html.unescape(visible(text)).strip()


class Terminal:
    """Plays lessons as a conversation in the terminal."""

    def __init__(self, bank: Bank, read: Read, write: Write, language: str = "en") -> None:
        self.bank = bank
        self.read = read
        self.write = write
        self.language = language
        self.store = MemoryStore()
        self.tutor = Tutor(bank, self.store, language)

    def _ask(self, prompt: str) -> str:
        return self.read(prompt).strip()

    def _choose_lesson(self) -> str | None:
        lessons = [lesson for theme in self.bank.by_theme.values() for lesson in theme]
        self.write("\nLessons:")
        for number, lesson in enumerate(lessons, 1):
            self.write(f"  {number:>2}. [{lesson.theme}] {lesson.title}")
        while True:
            answer = self._ask("\nPick a lesson by number (q to quit): ")
            if answer.lower() in ("q", "quit", "exit"):
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(lessons):
                return lessons[int(answer) - 1].id
            self.write(f"Type a number from 1 to {len(lessons)}.")

    async def _answer(self, card: QuestionCard) -> frozenset[int]:
        question = card.question
        self.write(f"\n❓ Question {card.number} of {card.count}\n{question.prompt.strip()}")
        if isinstance(question, TrueFalse):
            labels = ["True", "False"]
        else:
            labels = [option.text for option in question.options]
        for number, label in enumerate(labels, 1):
            self.write(f"  {number}. {label}")
        several = isinstance(question, SeveralCorrect)
        hint = "numbers separated by commas, e.g. 1,3" if several else "a number"
        while True:
            raw = self._ask(f"Your answer ({hint}): ")
            parts = [p for p in re.split(r"[,\s]+", raw) if p]
            if (
                parts
                and all(p.isdigit() and 1 <= int(p) <= len(labels) for p in parts)
                and (several or len(parts) == 1)
            ):
                return frozenset(int(p) - 1 for p in parts)
            self.write(f"Type {hint} between 1 and {len(labels)}.")

    def _feedback(self, card: Feedback) -> None:
        question = card.question
        if card.correct:
            self.write(f"✅ Right! {question.explanation.strip()}")
        else:
            right = correct_options(question)
            if isinstance(question, TrueFalse):
                answer = "True" if 0 in right else "False"
            else:
                assert isinstance(question, SingleChoice | SeveralCorrect)
                answer = "; ".join(o.text for i, o in enumerate(question.options) if i in right)
            self.write(f"Not quite. The answer: {answer}\n{question.explanation.strip()}")
        if question.why:
            self.write(f"💡 {_plain(question.why)}")

    async def lesson(self, lesson_id: str) -> str | None:
        """Play one lesson; returns the suggested next lesson's id, if any."""
        now = datetime.now(UTC)
        card: Card | Locked | Stale = await self.tutor.start(LEARNER, lesson_id, now)
        if isinstance(card, Stale):
            raise RuntimeError("a new lesson cannot be stale")
        if isinstance(card, Locked):
            # Offline nothing is locked for long: play the missing lesson first.
            self.write(f"🔒 {card.lesson.title} builds on {card.missing[0].title}: starting that.")
            return card.missing[0].id
        while True:
            now = datetime.now(UTC)
            if isinstance(card, StepCard):
                if card.number == 1:
                    self.write(
                        f"\n{'=' * _WIDTH}\n{card.lesson.title} · {card.lesson.minutes} min"
                    )
                self.write(f"\n{_plain(card.step.text)}")
                if card.step.picture:
                    self.write(f"🖼 [picture] {card.step.picture.alt}")
                if card.step.link:
                    self.write(f"🔗 {card.step.link.title}: {card.step.link.url}")
                label = card.step.button or "Next"
                self._ask(f"\n[Enter] {label} ")
                card = await self.tutor.advance(LEARNER, card.attempt_id, card.position, now)
            elif isinstance(card, QuestionCard):
                chosen = await self._answer(card)
                card = await self.tutor.answer(
                    LEARNER, card.attempt_id, card.position, chosen, now
                )
            elif isinstance(card, Feedback):
                self._feedback(card)
                self._ask("\n[Enter] " + ("See my score " if card.last else "Next question "))
                card = await self.tutor.advance(LEARNER, card.attempt_id, card.position, now)
            elif isinstance(card, EndCard):
                self.write(
                    f"\n🏁 {card.lesson.title}: done! You got {card.score} of"
                    f" {card.total} right.\n💡 {_plain(card.lesson.takeaway)}"
                )
                self.write("\n📖 Sources:")
                for source in card.lesson.sources:
                    self.write(f"  • {source.title}\n    {source.url} ({source.licence})")
                return card.next_lesson.id if card.next_lesson else None
            else:  # a stale result cannot happen with one learner at the keyboard
                raise RuntimeError(f"unexpected {card!r}")

    async def run(self, lesson_id: str | None) -> None:
        """Meet the learner, then play lessons until they quit."""
        await self.tutor.meet(LEARNER, datetime.now(UTC))
        self.write("MIL CLICKS, offline: the same lessons as the bot, right here.")
        chosen = lesson_id or self._choose_lesson()
        while chosen is not None:
            suggested = await self.lesson(chosen)
            if suggested is None:
                chosen = self._choose_lesson()
                continue
            title = self.bank.lesson(suggested, self.language).title
            answer = self._ask(f"\nNext: {title} [Y/n, or m for the menu] ").lower()
            if answer in ("", "y", "yes"):
                chosen = suggested
            elif answer == "m":
                chosen = self._choose_lesson()
            else:
                chosen = None
        self.write("Bye! Come back any time.")


def play(settings: Settings, *, lesson_id: str | None, language: str) -> int:
    """Entry point of `milclicks play`; returns the exit code."""
    import asyncio

    result = load_bank(settings.lessons_dir, settings.quizzes_dir)
    if lesson_id is not None and lesson_id not in result.bank.lessons:
        print(f"No lesson with id {lesson_id!r}. Run `milclicks play` to pick from the list.")
        return 1
    terminal = Terminal(result.bank, input, print, language)
    try:
        asyncio.run(terminal.run(lesson_id))
    except (EOFError, KeyboardInterrupt):
        print("\nBye! Come back any time.")
    return 0
