"""The arrows point one way: the core knows nothing of Telegram or SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
            if node.module.startswith("bot.telegram"):
                found.add("bot.telegram")
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("bot/learning", {"telegram", "bot.telegram", "sqlalchemy", "storage", "i18n", "httpx"}),
        ("storage", {"telegram", "bot.telegram", "httpx"}),
        ("i18n", {"telegram", "bot.telegram", "sqlalchemy", "storage"}),
    ],
)
def test_package_does_not_import(folder: str, forbidden: set[str]) -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & forbidden)
        for path in sorted((REPO / folder).rglob("*.py"))
        if _imports(path) & forbidden
    }
    assert offenders == {}


def test_only_the_telegram_adapter_imports_telegram() -> None:
    outside = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "bot").rglob("*.py"))
        if "telegram" in _imports(path) and "bot/telegram" not in str(path)
    ]
    assert outside == []


def test_nothing_below_the_entry_point_reads_the_environment() -> None:
    readers = [
        str(path.relative_to(REPO))
        for folder in ("bot", "storage", "i18n")
        for path in sorted((REPO / folder).rglob("*.py"))
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv(" in path.read_text(encoding="utf-8")
    ]
    assert readers == []
