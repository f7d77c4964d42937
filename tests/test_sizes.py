"""Each module can be read in one sitting: about 300 lines at most, functions about 60.

Migrations are history, written once and never edited, so their `upgrade()` bodies (one
statement per column of a new table) are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = ("bot", "storage", "bench")
MODULE_LINES = 300
FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return [
        path
        for folder in CODE
        for path in sorted((REPO / folder).rglob("*.py"))
        if "migrations" not in path.relative_to(REPO).parts
    ]


def _long_functions(path: Path, limit: int, root: Path = REPO) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(root)}:{node.lineno} {node.name} ({length} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > limit
    ]


def test_the_code_is_found() -> None:
    assert len(_sources()) > 100


def test_no_module_over_300_lines() -> None:
    long = [
        f"{path.relative_to(REPO)} ({lines} lines)"
        for path in _sources()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MODULE_LINES
    ]
    assert long == [], "split these modules by what they hold"


def test_no_function_over_60_lines() -> None:
    long = [line for path in _sources() for line in _long_functions(path, FUNCTION_LINES)]
    assert long == [], "cut these functions into named steps"


def test_the_guard_sees_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    path = tmp_path / "probe.py"
    path.write_text(f"def long():\n{body}\n\n\ndef short():\n    pass\n", encoding="utf-8")
    assert _long_functions(path, FUNCTION_LINES, tmp_path) == [
        f"probe.py:1 long ({FUNCTION_LINES + 1} lines)"
    ]
