"""The arrows point one way, and no module imports itself back through another.

telegram adapter, terminal twin -> learning (the tutor) -> bank (content model);
storage -> learning; the bank's checker is used by the command line and the runner only;
the sandbox's server and web chat know the bot only through the Bot API (its launcher and
entry compose them, as the runner does).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "storage")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


@cache
def _imports(module: str) -> frozenset[str]:
    """Every module `module` imports, at any depth of its code (type-only imports too)."""
    path = _modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                base = module.split(".")[: -node.level or None]
                if path.name == "__init__.py":
                    base = module.split(".")[: len(module.split(".")) - node.level + 1]
                name = ".".join([*base, node.module])
            else:
                name = node.module
            # `from package import module` imports the module, not the package's __init__
            modules = {f"{name}.{alias.name}" for alias in node.names} & _modules().keys()
            found |= modules or {name}
            if len(modules) < len(node.names):
                found.add(name)
    return frozenset(found)


def _project_imports(module: str) -> set[str]:
    known = _modules()
    return {name for name in _imports(module) if name in known and name != module}


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


# (package, what it must never import); third-party names are matched by their top level
RULES = [
    ("bot.bank", {"bot.learning", "bot.telegram", "bot.languages", "bot.terminal", "storage",
                  "bot.pictures",
                  "telegram", "sqlalchemy", "httpx"}),
    ("bot.learning", {"bot.bank.check", "bot.telegram", "bot.languages", "bot.terminal",
                      "storage", "telegram", "sqlalchemy", "httpx"}),
    ("storage", {"bot.telegram", "bot.bank.check", "bot.languages", "telegram", "httpx"}),
    ("bot.languages", {"bot.learning", "bot.telegram", "storage", "telegram", "sqlalchemy"}),
    ("bot.telegram", {"storage", "bot.bank.check", "bot.terminal", "sqlalchemy"}),
    ("bot.terminal", {"storage", "bot.telegram", "telegram", "sqlalchemy"}),
    # pictures are drawn from plain values and the bank's picture data: no tutor, no
    # Telegram, no database
    ("bot.pictures", {"bot.learning", "bot.telegram", "storage", "telegram", "sqlalchemy"}),
    # the sandbox's server and web chat stand for Telegram: they know the bot only by HTTP
    ("bot.sandbox.server", {"bot.learning", "bot.telegram", "bot.bank", "bot.languages",
                            "storage", "telegram", "sqlalchemy"}),
    ("bot.sandbox.web", {"bot.learning", "bot.telegram", "bot.bank", "storage", "telegram",
                         "sqlalchemy"}),
    ("bot.web", {"bot.learning", "bot.telegram", "storage", "telegram", "sqlalchemy"}),
]  # fmt: skip


@pytest.mark.parametrize(("package", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_package_does_not_import(package: str, forbidden: set[str]) -> None:
    offenders = {}
    for module in _modules():
        if not _inside(module, package):
            continue
        bad = sorted(
            name for name in _imports(module) for banned in forbidden if _inside(name, banned)
        )
        if bad:
            offenders[module] = bad
    assert offenders == {}


def test_only_the_telegram_adapter_imports_telegram() -> None:
    outside = [
        module
        for module in _modules()
        if any(_inside(name, "telegram") for name in _imports(module))
        and not _inside(module, "bot.telegram")
    ]
    assert outside == []


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    graph = {module: _project_imports(module) for module in _modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_the_cycle_finder_finds_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "tests.test_architecture._project_imports",
        lambda module: (
            {"bot.bank.content"}
            if module == "bot.bank.themes"
            else ({"bot.bank.themes"} if module == "bot.bank.content" else set())
        ),
    )
    assert ["bot.bank.content", "bot.bank.themes"] in _cycles()


def test_nothing_below_the_entry_point_reads_the_environment() -> None:
    readers = [
        module
        for module, path in _modules().items()
        if module != "bot.config"
        and ("os.environ" in path.read_text(encoding="utf-8")
             or "getenv(" in path.read_text(encoding="utf-8"))
    ]  # fmt: skip
    assert readers == []
