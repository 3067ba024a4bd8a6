"""Rows as plain dicts: JSON-ready for read models, or column values for bulk inserts."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlmodel import SQLModel


def as_dict(row: SQLModel, *, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
    return {k: v for k, v in row.model_dump(mode="json").items() if k not in drop}


def new_row(model: type[SQLModel], **values: Any) -> dict[str, Any]:
    """The column values of a new row of `model` as `model(**values)` would have them (its
    defaults and default factories), for a Core bulk insert without building the object."""
    row: dict[str, Any] = {}
    for name, default, factory in _defaults(model):
        if name in values:
            row[name] = values[name]
        elif factory is not None:
            row[name] = factory()  # (no factory here takes the validated data)
        elif default is not PydanticUndefined:
            row[name] = default
        else:
            raise TypeError(f"{model.__name__}: no value for {name}")
    return row


@cache
def _defaults(model: type[SQLModel]) -> list[tuple[str, Any, Any]]:
    """(column, default, default factory) of each of the model's columns, in table order."""
    table = model.__table__  # type: ignore[attr-defined]
    found = []
    for column in table.columns:
        info = model.model_fields[column.name]
        found.append((column.name, info.default, info.default_factory))
    return found
