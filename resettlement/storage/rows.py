"""Rows as plain JSON-ready dicts, for read models."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel


def as_dict(row: SQLModel, *, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
    return {k: v for k, v in row.model_dump(mode="json").items() if k not in drop}
