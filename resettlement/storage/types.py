"""Column types shared by the tables."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant stored as UTC on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: every instant must carry its offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONData = JSON().with_variant(JSON(), "sqlite")


def new_id() -> str:
    return str(uuid.uuid4())


def utc_column(**kwargs: Any) -> Any:
    from sqlalchemy import Column

    return Column(UTCDateTime(), **kwargs)


# UK GDPR art. 9 special-category data (health: drug treatment) is marked on its column, so that
# code and tests can find every such field (`special_category_columns`).
SPECIAL_CATEGORY = "special_category"


def special(what: str) -> dict[str, Any]:
    """Column info marking special-category data, saying what it is."""
    return {SPECIAL_CATEGORY: what}


def special_category_columns(metadata: Any) -> dict[str, str]:
    """'table.column' -> what, for every column marked special category."""
    return {
        f"{table.name}.{column.name}": column.info[SPECIAL_CATEGORY]
        for table in metadata.sorted_tables
        for column in table.columns
        if SPECIAL_CATEGORY in column.info
    }
