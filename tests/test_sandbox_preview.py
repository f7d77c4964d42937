"""`milclicks preview`: the sandbox follows a bank as an educator edits it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.bank.check.loader import load_bank
from bot.sandbox.preview import LiveBank, problem_lines, target_of, watcher
from tests.sandbox_harness import running_sandbox

REPO = Path(__file__).resolve().parent.parent
LESSON = Path("lessons/critical-thinking/emotion-check.yaml")


def _bank_copy(tmp_path: Path) -> Path:
    root = tmp_path / "bank"
    shutil.copytree(REPO / "lessons", root / "lessons")
    shutil.copytree(REPO / "quizzes", root / "quizzes")
    return root


def test_a_path_names_its_bank_and_lesson(tmp_path: Path) -> None:
    root = _bank_copy(tmp_path)
    elsewhere = tmp_path / "pools"
    lesson = target_of(root / LESSON, elsewhere)
    translation = target_of(root / "lessons/critical-thinking/emotion-check.pt.yaml", elsewhere)
    theme = target_of(root / "lessons/critical-thinking", elsewhere)
    folder = target_of(root / "lessons", elsewhere)
    whole = target_of(root, elsewhere)
    assert (lesson.lessons_dir, lesson.quizzes_dir, lesson.lesson_id) == (
        root / "lessons",
        root / "quizzes",
        "emotion-check",
    )
    assert translation.lesson_id == "emotion-check"
    assert {theme.lessons_dir, folder.lessons_dir, whole.lessons_dir} == {root / "lessons"}
    assert (theme.lesson_id, folder.lesson_id, whole.lesson_id) == (None, None, None)


async def test_an_edit_is_checked_and_served_and_an_error_keeps_the_last_good_bank(
    tmp_path: Path,
) -> None:
    root = _bank_copy(tmp_path)
    target = target_of(root / LESSON, tmp_path / "unused")
    first = load_bank(target.lessons_dir, target.quizzes_dir, root=root)
    live = LiveBank(first.bank)
    watch = watcher(live, target, problem_lines(first), root=root)
    lesson = root / LESSON
    good = lesson.read_text(encoding="utf-8")
    async with running_sandbox(
        tmp_path, live, start_payload="lesson-emotion-check", beside=watch
    ) as visit:
        hook = await visit.last_message("The emotion check · 3 min")

        lesson.write_text(good.replace("title: ", "titel: ", 1), encoding="utf-8")
        broken = await visit.until(lambda s: bool(s["problems"]))
        # file:line:column lines; files that build on the broken lesson say so too
        assert all(re.match(r"[\w/.-]+\.yaml:\d+:\d+: ", line) for line in broken["problems"])
        assert any(line.startswith("lessons/critical-thinking/emotion-check.yaml:")
                   for line in broken["problems"])  # fmt: skip
        assert any('"titel"' in line for line in broken["problems"])
        assert broken["notice"] == ""  # the page's box of problems says it all
        await visit.act("tap", message_id=hook["id"], row=0, column=0)  # still served
        await visit.last_message("This trick is called emotional language")

        lesson.write_text(good.replace("The emotion check", "The feelings check"), "utf-8")
        fixed = await visit.until(lambda s: not s["problems"] and "reloaded" in s["notice"])
        assert fixed["notice"] == f"Bank checked and reloaded: {len(first.bank.lessons)} lessons."
        await visit.act("start", payload="lesson-emotion-check")
        await visit.last_message("The feelings check · 3 min")
