"""The terminal twin: the same tutor, played with typed answers and no Telegram."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.bank.bank import Bank
from bot.terminal import Terminal


def _keyboard(keys: list[str]) -> Iterator[str]:
    yield from keys
    raise EOFError  # the learner pressed Ctrl+D


class Screen:
    """What the terminal printed, and the learner's keys for each prompt."""

    def __init__(self, keys: list[str]) -> None:
        self.lines: list[str] = []
        self._keys = _keyboard(keys)

    def read(self, prompt: str) -> str:
        self.lines.append(prompt)
        return next(self._keys)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


async def test_a_whole_lesson_in_the_terminal(bank: Bank) -> None:
    keys = (
        ["", "", "",  # three steps
         "2", "",  # the headline: right
         "5", "1", "",  # true-false: a wrong number first, then True
         "1,2,4", "",  # several answers, all right
         "n"]  # no next lesson
    )  # fmt: skip
    screen = Screen(keys)
    terminal = Terminal(bank, screen.read, screen.lines.append)
    await terminal.run("emotion-check")
    text = screen.text
    assert "The emotion check · 3 min" in text
    assert "🧠 You're scrolling and see:" in text
    assert "This trick is called emotional language:" in text  # tags shown as plain text
    assert "Type a number between 1 and 2." in text
    assert text.count("✅ Right!") == 3
    assert "🏁 The emotion check: done! You got 3 of 3 right." in text
    assert "\n📖 Sources:" in screen.lines
    sift = next(s for s in bank.lessons["emotion-check"].sources if "SIFT" in s.title)
    assert f"  • {sift.title}\n    {sift.url} ({sift.licence})" in screen.lines
    assert "\nNext: The either-or trap [Y/n, or m for the menu] " in screen.lines
    assert screen.lines[-1] == "Bye! Come back any time."


async def test_lessons_in_another_language(bank: Bank) -> None:
    screen = Screen(["", "", "", "1"])
    terminal = Terminal(bank, screen.read, screen.lines.append, "pt")
    with pytest.raises(EOFError):
        await terminal.run("emotion-check")
    text = screen.text
    assert bank.lesson("emotion-check", "pt").title in text
    assert "Esse truque se chama linguagem emocional" in text
