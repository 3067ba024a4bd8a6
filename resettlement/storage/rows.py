"""Rows as plain dicts: JSON-ready for read models, or column values for bulk inserts."""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticUndefined
from sqlmodel import SQLModel


def as_dict(row: SQLModel, *, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
    return {k: v for k, v in row.model_dump(mode="json").items() if k not in drop}


def new_row(model: type[SQLModel], **values: Any) -> dict[str, Any]:
    """The column values of a new row of `model` as `model(**values)` would have them (its
    defaults and default factories), for a Core bulk insert without building the object."""
    table = model.__table__  # type: ignore[attr-defined]
    row: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name in values:
            row[name] = values[name]
            continue
        info = model.model_fields[name]
        if info.default_factory is not None:
            row[name] = info.default_factory()  # type: ignore[call-arg]
        elif info.default is not PydanticUndefined:
            row[name] = info.default
        else:
            raise TypeError(f"{model.__name__}: no value for {name}")
    return row
