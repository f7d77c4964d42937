"""Settings, read once at the entry point from the environment or a `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO = Path(__file__).resolve().parent.parent
TELEGRAM_API_URL = "https://api.telegram.org"


class Settings(BaseSettings):
    """Everything the bot can be told from outside; frozen once read."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, description="The token BotFather gave you."
    )
    telegram_api_url: str = Field(
        default=TELEGRAM_API_URL,
        description="Bot API base URL: a local Bot API server, or the test server.",
    )
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{REPO / 'data' / 'milclicks.sqlite3'}",
        description="SQLAlchemy async URL; an SQLite file under data/ by default.",
    )
    lessons_dir: Path = Field(default=REPO / "lessons", description="The lesson bank.")
    quizzes_dir: Path = Field(default=REPO / "quizzes", description="The quiz pools.")
    admin_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(), description="Telegram user ids allowed to use admin commands, comma-separated."
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(default=False, description="One JSON object per log line.")
    webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram posts updates to; set, the bot runs a webhook.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="X-Telegram-Bot-Api-Secret-Token (A-Z, a-z, 0-9, _ and -); generated if"
        " unset, which suits one worker only: several workers need the same one.",
    )
    webhook_host: str = Field(default="127.0.0.1", description="Where the webhook listens.")
    webhook_port: int = Field(default=8080, description="The webhook's port.")
    webhook_max_connections: int = Field(
        default=40, ge=1, le=100, description="How many updates Telegram sends at once."
    )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @property
    def bot_api_base(self) -> str:
        """The prefix python-telegram-bot puts before `<token>/<method>`."""
        return self.telegram_api_url.rstrip("/") + "/bot"
