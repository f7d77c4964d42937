"""Settings, read once at the entry point from the environment or a `.env` file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

REPO = Path(__file__).resolve().parent.parent
TELEGRAM_API_URL = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
# What each setting looks like when right, for the one-line error about a wrong one.
EXAMPLES = {
    "log_level": "LOG_LEVEL=INFO (or DEBUG, WARNING, ERROR)",
    "admin_ids": "ADMIN_IDS=123456789,987654321",
    "retention_months": "RETENTION_MONTHS=24",
    "database_url": "DATABASE_URL=sqlite+aiosqlite:///data/milclicks.sqlite3"
    " or postgresql+asyncpg://user:password@host/db",
}


class Settings(BaseSettings):
    """Everything the bot can be told from outside; frozen once read."""

    # `.env` beside the project, then one in the current folder (which wins).
    model_config = SettingsConfigDict(
        env_file=(REPO / ".env", ".env"), env_file_encoding="utf-8", extra="ignore", frozen=True
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
    cues_file: Path = Field(
        default=REPO / "cues" / "cues.yaml", description="The post check's cue rules."
    )
    admin_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(), description="Telegram user ids allowed to use admin commands, comma-separated."
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    retention_months: int = Field(
        default=24, ge=1, description="Erase learners not seen for this many months."
    )
    send_rate: float = Field(
        default=30.0,
        gt=0,
        description="Messages a second the bot sends at most, replies and reminders together.",
    )
    sender_claim_seconds: float = Field(
        default=3.0,
        gt=0,
        le=60,
        description="With several workers, how often the others try to take over the sender.",
    )
    sandbox_port: int = Field(
        default=8080, ge=0, le=65535, description="The sandbox's web chat port (loopback only)."
    )
    sandbox_database_url: str = Field(
        default=f"sqlite+aiosqlite:///{REPO / 'data' / 'sandbox.sqlite3'}",
        description="The sandbox's own progress database (the page's Reset empties it).",
    )
    telegram_api_spec: Path | None = Field(
        default=None,
        description="The Bot API specification (api.json) the sandbox checks calls against.",
    )
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
    mil_check_post_after: int = Field(
        default=6, ge=1, description="Finished lessons after which the post MIL check opens."
    )
    research_secret: SecretStr | None = Field(
        default=None,
        description="The key of the research export's pseudonyms (32 characters or more).",
    )
    group_poll_seconds: int = Field(
        default=45, ge=10, le=600, description="How long each poll of a group round is open."
    )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part for part in value.replace(" ", "").split(",") if part]
            wrong = [part for part in parts if not (part.isascii() and part.isdigit())]
            if wrong:
                raise ValueError(f"{wrong[0]!r} is not a Telegram user id")
            return tuple(int(part) for part in parts)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a log level")
        return value.upper()

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("not a database URL") from None
        if url.drivername not in DRIVERS:
            raise ValueError(f"{url.drivername!r} is not a supported database driver")
        return value

    @property
    def bot_api_base(self) -> str:
        """The prefix python-telegram-bot puts before `<token>/<method>`."""
        return self.telegram_api_url.rstrip("/") + "/bot"


def masked(url: str) -> str:
    """A database URL fit to print: the password, if any, as ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


def setting_errors(error: ValidationError) -> list[str]:
    """One line per wrong setting: its name, what is wrong, and a valid example. The
    value itself is left out (it may be a secret, such as a database password)."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "settings"
        reason = str(problem["msg"]).removeprefix("Value error, ")
        example = EXAMPLES.get(field, "see .env.example")
        lines.append(f"{field.upper()}: {reason}; for example {example}")
    return lines


def unreachable(url: str, error: BaseException) -> str:
    """One line for a database that cannot be used, with the URL's password masked."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return (
        f"DATABASE_URL: cannot use the database at {masked(url)} ({reason}); check that it"
        " runs and the URL is right, for example"
        " postgresql+asyncpg://user:password@host/db"
    )


def prepare_libraries() -> None:
    """Settings the libraries read from the environment, set once at the entry point.

    python-telegram-bot 22 gives `RetryAfter.retry_after` as a timedelta (its next major
    version's type) under PTB_TIMEDELTA, instead of warning on every 429.
    """
    os.environ.setdefault("PTB_TIMEDELTA", "true")
