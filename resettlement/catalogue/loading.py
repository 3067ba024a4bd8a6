"""The starter catalogue from `config/reference/services.yaml`, validated at load.

A bad entry stops the load with the file, the key and the reason (ConfigError), before anything
is written. The file's own services follow the file, matched by code: an entry not in the database
yet is added, one whose values changed is updated. A service people own is left as it is: added
through the API or pages (with no code, or with a code of its own that the file happens to use
too) or changed there since the file loaded it. Nothing is deleted or deactivated for missing
from the file (an entry says `active: false` to leave matching). A second load changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
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
LOADER = "catalogue-file"  # `updated_by` of a service the file added or last changed


@dataclass(frozen=True)
class Loaded:
    """What one load did to the file's entries, counted by code."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # people's services with the file's codes: left as people last changed them

    def __str__(self) -> str:
        counts = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        return counts + (f", {self.kept} kept as people last changed them" if self.kept else "")


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


def load_services(session: Session, path: Path, reference: Reference) -> Loaded:
    """Add the file's new entries and update its changed ones (see the module docstring)."""
    services = read_services(path, reference)
    coded = select(Service).where(col(Service.code).is_not(None))
    known = {row.code: row for row in session.exec(coded)}
    now = clock.now()
    counts = {"added": 0, "updated": 0, "unchanged": 0, "kept": 0}
    for service in services:
        columns = service.values().columns()
        row = known.get(service.code)
        if row is None:
            row = Service(**columns, code=service.code, created_at=now, updated_by=LOADER)
            counts["added"] += 1
        elif row.updated_by != LOADER:
            counts["kept"] += 1
            continue
        elif any(getattr(row, name) != value for name, value in columns.items()):
            row.sqlmodel_update(columns)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        row.updated_at = now
        session.add(row)
    session.flush()
    return Loaded(**counts)
