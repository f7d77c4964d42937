"""Poisoned or oversized lesson files: refused before they are built, each said as
`file:line:column: what is wrong (how to fix it)`; the bot does not start on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.check.loader import load_bank
from bot.bank.check.yaml_limits import MAX_DEPTH
from tests.test_run_command import _milclicks
from tests.test_run_faults import _ended

BOMB = "id: bomb\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
)
BLOCK_DEEP = "id: deep\n" + "".join(" " * i + "a:\n" for i in range(40)) + " " * 40 + "a: 1\n"
FLOW_DEEP = "id: deep\nsteps: " + "[" * 5000 + "]" * 5000 + "\n"
FILES: dict[str, tuple[bytes, str]] = {
    "bomb": (
        BOMB.encode(),
        "6:35: more than 50,000 values once its aliases are expanded (a lesson holds a few"
        " hundred; write the content out without `&name` and `*name`)",
    ),
    "huge": (
        b"id: huge\ntitle: " + b"x" * (2 << 20) + b"\n",
        "1:1: file is 2.0 MB, more than a lesson file may be (1 MB; split it, or remove what"
        " does not belong in it)",
    ),
    "block-deep": (
        BLOCK_DEEP.encode(),
        f"{MAX_DEPTH + 2}:{MAX_DEPTH + 1}: nested more than {MAX_DEPTH} levels deep (a lesson"
        " needs a few; check the indentation)",
    ),
    "flow-deep": (FLOW_DEEP.encode(), f"nested more than {MAX_DEPTH} levels deep"),
    "not-utf8": (
        b"id: bad\ntitle: caf\xe9\n",
        "2:11: file is not UTF-8 (byte 0xe9 cannot be read; save the file with UTF-8 encoding)",
    ),
}


def _bank_with(tmp_path: Path, name: str, content: bytes) -> Path:
    lessons = tmp_path / "lessons" / "critical-thinking"
    lessons.mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    (lessons / f"{name}.yaml").write_bytes(content)
    return lessons / f"{name}.yaml"


@pytest.mark.parametrize("name", list(FILES))
def test_a_poisoned_file_is_refused_with_its_place(tmp_path: Path, name: str) -> None:
    content, said = FILES[name]
    path = _bank_with(tmp_path, name, content)
    result = load_bank(tmp_path / "lessons", tmp_path / "quizzes")
    lines = [str(problem) for problem in result.errors]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:")
    assert said in lines[0]
    assert result.bank.lessons == {}


async def test_the_bot_does_not_start_on_a_bank_with_errors(tmp_path: Path) -> None:
    path = _bank_with(tmp_path, "bomb", FILES["bomb"][0])
    process = await _milclicks(
        tmp_path,
        "run",
        TELEGRAM_BOT_TOKEN="1:X",
        LESSONS_DIR=str(tmp_path / "lessons"),
        QUIZZES_DIR=str(tmp_path / "quizzes"),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
    )
    logs = await _ended(process)
    assert process.returncode == 1
    assert f"{path}:6:35: more than 50,000 values" in logs
    assert "the lesson bank has 1 problem(s)" in logs
    assert "Traceback" not in logs
