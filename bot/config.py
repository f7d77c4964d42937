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
    mil_check_post_after: int = Field(
        default=6, ge=1, description="Finished lessons after which the post MIL check opens."
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
