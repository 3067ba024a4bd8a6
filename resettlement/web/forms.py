"""Forms: what the user typed, turned into a service call's input, and every problem named.

A form is validated by the same request model the JSON API uses, then by the service itself;
each problem (from either) is shown beside its field and in the GOV.UK error summary, and the
user's input is kept. Nothing is written until everything is valid (the service's one
transaction rolls back on a refusal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from resettlement.errors import Conflict, FieldProblem, InvalidInput
from resettlement.inputs import problems_from
from resettlement.web.filters import field_id

M = TypeVar("M", bound=BaseModel)
YES, NO = "yes", "no"
DATE_PARTS = ("day", "month", "year")
MIN_YEAR = 1900


@dataclass
class FormState:
    """One form's values (as typed), field errors, and the labels used to word them."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    missing: Mapping[str, str] = field(default_factory=dict)
    date_fields: frozenset[str] = frozenset()
    form_anchor: str = "main-content"

    def add(self, name: str, message: str) -> None:
        """Record a problem (the first one per field wins: it is the one to fix first)."""
        self.errors.setdefault(name, self._worded(name, message))

    def label(self, name: str) -> str:
        label = self.labels.get(name) or name.rsplit(".", 1)[-1].replace("_", " ")
        return label[:1].upper() + label[1:]

    def _worded(self, name: str, message: str) -> str:
        """A service's "is after the reception date" reads "Start date is after ..."."""
        return f"{self.label(name)} {message}" if message[:1].islower() else message

    def add_problems(self, problems: Iterable[FieldProblem], *, from_model: bool = False) -> None:
        """Problems from a service (worded after the label) or a request model (label: msg)."""
        for problem in problems:
            name = problem.field
            if problem.kind == "missing":
                self.add(name, self.missing.get(name) or f"Enter {self.label(name).lower()}")
            elif from_model:
                message = problem.message[:1].lower() + problem.message[1:]
                self.add(name, f"{self.label(name)}: {message}")
            else:
                self.add(name, problem.message)

    def refuse(self, message: str) -> None:
        """A refusal that is about the whole form, not one field (e.g. a 409 from the service)."""
        self.errors.setdefault("", message)

    def anchor(self, name: str) -> str:
        if not name:
            return self.form_anchor
        known = name if name in self.values or name in self.date_fields else None
        base = field_id(known or name)
        return f"{base}-day" if name in self.date_fields else base

    def _position(self, name: str) -> int:
        """Where the field sits in the form, so the summary lists problems in page order."""
        order = list(self.values)
        key = f"{name}-day" if name in self.date_fields else name
        return order.index(key) if key in order else len(order)

    @property
    def error_list(self) -> list[tuple[str, str]]:
        ordered = sorted(self.errors.items(), key=lambda item: self._position(item[0]))
        return [(self.anchor(name), message) for name, message in ordered]

    @property
    def ok(self) -> bool:
        return not self.errors

    def context(self) -> dict[str, Any]:
        return {"values": self.values, "errors": self.errors, "error_list": self.error_list}


def read(
    form: FormData,
    names: Iterable[str],
    *,
    labels: Mapping[str, str] | None = None,
    missing: Mapping[str, str] | None = None,
    dates: Iterable[str] = (),
    anchor: str = "main-content",
) -> FormState:
    """The named fields as typed (trimmed), in page order; date fields as their three parts
    (where they are named among `names`, else at the end)."""
    date_fields = frozenset(dates)
    ordered = [*names, *(d for d in dates if d not in names)]
    keys = [
        key
        for name in ordered
        for key in ([f"{name}-{p}" for p in DATE_PARTS] if name in date_fields else [name])
    ]
    values: dict[str, str] = {}
    for key in keys:
        raw = form.get(key)
        values[key] = raw.strip() if isinstance(raw, str) else ""
    return FormState(values, {}, labels or {}, missing or {}, date_fields, anchor)


def yes_no(state: FormState, name: str) -> bool | None:
    value = state.values.get(name, "")
    return {YES: True, NO: False}.get(value)


def many(form: FormData, state: FormState, name: str) -> list[str]:
    """A group of checkboxes: every value ticked (kept on the form, comma-separated)."""
    ticked = [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]
    state.values[name] = ",".join(ticked)
    return ticked


def optional(state: FormState, name: str) -> str | None:
    return state.values.get(name) or None


def date_value(state: FormState, name: str, *, required: bool = False) -> str | None:
    """A GOV.UK date input as an ISO date; a partial or impossible date is a field error."""
    parts = [state.values.get(f"{name}-{p}", "") for p in DATE_PARTS]
    if not any(parts):
        if required:
            state.add(name, state.missing.get(name) or f"Enter {state.label(name).lower()}")
        return None
    if not all(p.isdecimal() for p in parts):
        state.add(name, "must be a real date: day, month and year as numbers")
        return None
    day, month, year = (int(p) for p in parts)
    if year < MIN_YEAR:
        state.add(name, "must be a real date with a four-digit year")
        return None
    try:
        return date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        state.add(name, "must be a real date")
        return None


def validate(state: FormState, model: type[M], payload: dict[str, Any]) -> M | None:
    """The payload checked by the API's own request model; its problems go on the form."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        state.add_problems(problems_from(exc), from_model=True)
        return None


@contextmanager
def refusals(state: FormState) -> Iterator[None]:
    """Around a form's service call: a refusal goes on the form (its problems beside their
    fields, a conflict as the form's error) and the code after the block shows it again."""
    try:
        yield
    except InvalidInput as exc:
        state.add_problems(exc.problems)
    except Conflict as exc:
        state.refuse(str(exc))
