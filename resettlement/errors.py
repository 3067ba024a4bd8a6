"""The errors services raise; the API turns each into one HTTP status (never a 500).

- `InvalidInput` (422): named fields are wrong; nothing was stored.
- `Conflict` (409): the request is well-formed but the case's state refuses it.
- `NotFound` (404): no such record within the caller's scope.
- `Forbidden` (403): the caller's role may not do this at all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    kind: str = "value_error"


class ServiceError(Exception):
    status_code = 400


class InvalidInput(ServiceError):
    status_code = 422

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls([FieldProblem(field, message)])


class Conflict(ServiceError):
    status_code = 409


class NotFound(ServiceError):
    status_code = 404


class Forbidden(ServiceError):
    status_code = 403
