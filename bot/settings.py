"""The bot's settings, read once from the environment (and an optional `.env`): the only place
that looks at the environment."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.logs import LogFormat

DEFAULT_DATABASE_URL = "sqlite:///roundtable.db"


class SettingsError(Exception):
    """Raised when a setting is missing or malformed; its message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    port: int = Field(default=3000, ge=1, le=65535, alias="PORT")
    coordinators: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), alias="ROUNDTABLE_COORDINATORS"
    )
    timezone_name: str = Field(default="America/New_York", alias="ROUNDTABLE_TIMEZONE")
    log_format: LogFormat = Field(default="text", alias="ROUNDTABLE_LOG_FORMAT")
    # How long questions, profiles, withdrawn signatures and sent messages are kept.
    retention_days: int = Field(default=90, ge=1, le=3650, alias="ROUNDTABLE_RETENTION_DAYS")
    # Seconds a stopping bot gives the requests, listeners and sends under way to finish (Docker
    # waits the compose file's stop_grace_period, 30 s, before it kills).
    shutdown_grace: float = Field(default=20.0, ge=0, le=600, alias="ROUNDTABLE_SHUTDOWN_GRACE")
    # Seconds a Slack call may take before it is given up as in doubt (slack-sdk's own default);
    # the outbox's claims last a few times as long (jobs.outbox.lease_for).
    slack_timeout: float = Field(default=30.0, gt=0, le=120, alias="ROUNDTABLE_SLACK_TIMEOUT")
    # An optional generative reader: any OpenAI-compatible chat completions endpoint.
    llm_url: str | None = Field(default=None, alias="ROUNDTABLE_LLM_URL")
    llm_model: str | None = Field(default=None, alias="ROUNDTABLE_LLM_MODEL")
    llm_api_key: SecretStr | None = Field(default=None, alias="ROUNDTABLE_LLM_API_KEY")
    llm_timeout: float = Field(default=8.0, gt=0, le=120, alias="ROUNDTABLE_LLM_TIMEOUT")

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "llm_url",
        "llm_model",
        "llm_api_key",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("llm_url")
    @classmethod
    def _llm_url_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as http://localhost:11434/v1")
        return value

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> Settings:
        if self.llm_url is not None and self.llm_model is None:
            raise ValueError("ROUNDTABLE_LLM_MODEL must be set with ROUNDTABLE_LLM_URL")
        return self

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "sqlite+", "postgresql:", "postgresql+", "postgres:")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value

    @field_validator("coordinators", mode="before")
    @classmethod
    def _split_user_ids(cls, value: object) -> object:
        if isinstance(value, str):
            ids = [part.strip() for part in value.split(",") if part.strip()]
            bad = [
                user_id for user_id in ids if user_id[:1] not in ("U", "W") or not user_id.isalnum()
            ]
            if bad:
                raise ValueError("must be comma-separated Slack user ids such as U012ABCDEF")
            return frozenset(ids)
        return value

    @field_validator("timezone_name")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as America/New_York") from None
        return value

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @property
    def has_llm(self) -> bool:
        """Whether a generative reader is set up (ROUNDTABLE_LLM_URL and ROUNDTABLE_LLM_MODEL)."""
        return self.llm_url is not None and self.llm_model is not None

    @property
    def has_slack(self) -> bool:
        """Whether Slack credentials are set; without them the bot runs its offline console."""
        return self.slack_bot_token is not None

    def require_slack(self) -> None:
        """Fail fast, naming the variable, when serving Slack without what it needs."""
        if self.slack_bot_token is None:
            raise SettingsError("SLACK_BOT_TOKEN is not set: the bot needs its xoxb- token")
        if self.slack_app_token is None and self.slack_signing_secret is None:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify Slack's requests"
                " (or set SLACK_APP_TOKEN for Socket Mode)"
            )


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one line that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        alias = Settings.model_fields[field].alias if field in Settings.model_fields else field
        message = first["msg"].removeprefix("Value error, ")
        # A rule across settings names its variables itself.
        raise SettingsError(f"{alias or field} {message}" if first["loc"] else message) from None
