"""Process settings, read once from the environment (API.md "Process and settings")."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from integrations.notify import NOTIFY_BASE_URL

REPO_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class Settings(BaseSettings):
    """RESETTLE_* environment variables; every one has a safe default for the embedded mode."""

    model_config = SettingsConfigDict(env_prefix="RESETTLE_", extra="ignore")

    database_url: str = "sqlite:///./resettle.db"
    config_dir: Path = REPO_CONFIG_DIR
    now: datetime | None = None
    data_dir: Path = Path("./.resettle")
    session_secret: str | None = None
    # Other systems (API.md "Other systems"). No Notify key: messages are recorded, not sent.
    notify_api_key: SecretStr | None = None
    notify_base_url: str = NOTIFY_BASE_URL
    prisoner_search_url: str | None = None
    hmpps_auth_url: str | None = None  # the OAuth2 client-credentials token endpoint
    hmpps_client_id: str | None = None
    hmpps_client_secret: SecretStr | None = None
    public_url: str | None = None  # where people reach the pages: links in messages

    @field_validator("now")
    @classmethod
    def _now_has_offset(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("RESETTLE_NOW must carry a UTC offset, e.g. 2026-11-24T09:00:00+00:00")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("RESETTLE_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("notify_base_url", "prisoner_search_url", "hmpps_auth_url", "public_url")
    @classmethod
    def _https_beyond_this_machine(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Keys and tokens never cross a network in clear: plain http only to this machine."""
        if not value:
            return NOTIFY_BASE_URL if info.field_name == "notify_base_url" else None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host")
        if parts.scheme == "http" and parts.hostname not in LOOPBACK:
            raise ValueError("must be https (plain http is allowed only to this machine)")
        return value

    @field_validator("notify_api_key", "hmpps_client_secret")
    @classmethod
    def _blank_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value().strip() else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
