"""The starter catalogue from `config/reference/services.yaml`, validated at load.

A bad entry stops the load with the file, the key and the reason (ConfigError), before anything
is written. Loading adds the entries whose code is not in the database yet and leaves the others
as they are (they are managed through the API and pages from then on): safe to repeat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.catalogue.commands import check
from resettlement.catalogue.inputs import ServiceIn
from resettlement.config_files import ConfigError
from resettlement.errors import InvalidInput
from resettlement.policy import Reference
from resettlement.storage.tables import Service

SERVICES_FILE = Path("reference") / "services.yaml"
LOADER = "catalogue-file"


def read_services(path: Path, reference: Reference) -> list[ServiceIn]:
    """Every entry of the file, each with a code of its own, checked as the API checks it."""
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    entries = raw.get("services") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: key 'services': must be a list of entries")
    out: list[ServiceIn] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"services[{index}]"
        try:
            service = ServiceIn.model_validate(entry)
            check(service.values(), reference)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p) for p in err["loc"])
            raise ConfigError(f"{path}: key '{where}.{key}': {err['msg']}") from None
        except InvalidInput as exc:
            problem = exc.problems[0]
            raise ConfigError(f"{path}: key '{where}.{problem.field}': {problem.message}") from None
        if service.code is None:
            raise ConfigError(f"{path}: key '{where}.code': every entry needs a code")
        if service.code in seen:
            raise ConfigError(f"{path}: key '{where}.code': duplicate code {service.code!r}")
        seen.add(service.code)
        out.append(service)
    return out


def load_services(session: Session, path: Path, reference: Reference) -> int:
    """Add the file's services not in the database yet; returns how many were added."""
    services = read_services(path, reference)
    known = set(session.exec(select(col(Service.code)).where(col(Service.code).is_not(None))))
    now = clock.now()
    added = [
        Service(
            **s.values().columns(), code=s.code, created_at=now, updated_at=now, updated_by=LOADER
        )
        for s in services
        if s.code not in known
    ]
    session.add_all(added)
    session.flush()
    return len(added)
