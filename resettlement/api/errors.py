"""Service errors to HTTP: 422 names each bad field, 409 a refused move, 404, 403. Never a 500."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from resettlement.cases.stages import IllegalTransition
from resettlement.errors import InvalidInput, ServiceError


def _field_loc(field: str) -> list[str | int]:
    return ["body", *[int(p) if p.isdecimal() else p for p in field.split(".")]]


async def _service_error(_request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, InvalidInput):
        detail = [
            {"loc": _field_loc(p.field), "msg": p.message, "type": p.kind} for p in exc.problems
        ]
        return JSONResponse({"detail": detail}, status_code=422)
    assert isinstance(exc, ServiceError)
    return JSONResponse({"detail": str(exc)}, status_code=exc.status_code)


async def _illegal_transition(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=409)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(IllegalTransition, _illegal_transition)
