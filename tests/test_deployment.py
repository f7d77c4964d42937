"""docker-compose.yml and the Caddyfile agree with the settings the bot reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings

REPO = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))
    return loaded


def test_compose_runs_postgresql_migrations_workers_and_a_proxy() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "migrate", "bot", "proxy"}
    assert services["migrate"]["command"] == ["milclicks", "db", "upgrade"]
    assert services["bot"]["command"] == ["milclicks", "run", "--webhook"]
    assert services["bot"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"}
    }
    assert services["bot"]["deploy"]["replicas"] == "${WORKERS:-2}"


def test_every_variable_given_to_the_bot_is_a_setting() -> None:
    settings = {name.upper() for name in Settings.model_fields}
    services = _compose()["services"]
    for name in ("migrate", "bot"):
        assert set(services[name]["environment"]) <= settings, name
    bot = services["bot"]["environment"]
    assert bot["WEBHOOK_URL"].endswith("/telegram")
    assert bot["WEBHOOK_PORT"] == "8080"
    assert bot["DATABASE_URL"].startswith("postgresql+asyncpg://")


def test_the_proxy_opens_only_the_update_path_to_the_workers() -> None:
    caddy = (REPO / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "handle /telegram {" in caddy
    assert "name bot" in caddy and "port 8080" in caddy
    assert "respond 404" in caddy  # /healthz and /metrics are not proxied
