"""What can be checked of the packaging without a Docker engine or a network."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from bot.bank.content import LESSON
from bot.config import Settings

REPO = Path(__file__).resolve().parent.parent


def _dockerfile() -> list[tuple[str, str]]:
    lines = (REPO / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in (raw.strip() for raw in lines)
        if line and not line.startswith("#")
    ]


def test_dockerfile_uses_a_slim_base_and_a_non_root_user() -> None:
    instructions = _dockerfile()
    assert instructions[0][0] == "FROM"
    assert re.fullmatch(r"python:3\.1[1-9]-slim", instructions[0][1])
    users = [arg for op, arg in instructions if op == "USER"]
    assert users == ["milclicks"]
    assert ("VOLUME", '["/data"]') in instructions


def test_dockerfile_runs_the_console_script_the_package_declares() -> None:
    instructions = _dockerfile()
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"milclicks": "bot.cli:main"}
    assert ("CMD", '["milclicks", "run"]') in instructions


def test_dockerfile_installs_like_the_readme_and_copies_what_exists() -> None:
    instructions = _dockerfile()
    copies = [arg.split()[0] for op, arg in instructions if op == "COPY"]
    for source in copies:
        assert (REPO / source).exists(), source
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert 'pip install ".[postgres]"' in runs  # the package, with the PostgreSQL driver
    env = " ".join(arg for op, arg in instructions if op == "ENV")
    assert "DATABASE_URL=sqlite+aiosqlite:////data/" in env


def test_env_example_names_every_setting() -> None:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?\s*([A-Z_]+)=", text, flags=re.MULTILINE))
    assert named == {name.upper() for name in Settings.model_fields}


def test_the_commented_example_in_the_educators_guide_is_a_valid_lesson() -> None:
    guide = (REPO / "lessons" / "README.md").read_text(encoding="utf-8")
    block = guide.split("## A lesson, fully commented", 1)[1].split("```yaml", 1)[1]
    lesson = LESSON.validate_python(yaml.safe_load(block.split("```", 1)[0]))
    assert lesson.id == "spot-the-old-photo"


def test_settings_never_print_the_token() -> None:
    settings = Settings(telegram_bot_token="123:SECRET", _env_file=None)
    assert "SECRET" not in repr(settings)
    assert "SECRET" not in str(settings.model_dump())


def test_the_wheel_installs_no_top_level_i18n_package() -> None:
    # `i18n` is a published package's name: the catalogs' folder holds no code, and the
    # compiled catalogs travel inside the engine package instead.
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["packages"]["find"]["include"] == ["bot*", "storage*"]
    assert not list((REPO / "i18n").rglob("*.py"))
    assert setuptools["package-data"]["bot.languages"] == ["compiled/*/LC_MESSAGES/*.mo"]
