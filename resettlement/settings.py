"""Process settings, read once from the environment (API.md "Process and settings")."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class Settings(BaseSettings):
    """RESETTLE_* environment variables; every one has a safe default for the embedded mode."""

    model_config = SettingsConfigDict(env_prefix="RESETTLE_", extra="ignore")

    database_url: str = "sqlite:///./resettle.db"
    config_dir: Path = REPO_CONFIG_DIR
    now: datetime | None = None
    data_dir: Path = Path("./.resettle")
    session_secret: str | None = None

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
