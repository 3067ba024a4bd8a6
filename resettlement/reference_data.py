"""Reference data from config/reference/: regions, prisons, CJIT areas and their mailboxes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from resettlement.config_files import Coded, ConfigError, explain, load_list, read_yaml
from resettlement.mailboxes import Mailboxes


class Region(Coded):
    code: str = Field(pattern=r"^[A-Z]{2,3}$")
    name: str = Field(min_length=1)


class Prison(Coded):
    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    region: str


class Area(Coded):
    code: str = Field(pattern=r"^[EW]\d{8}$")
    name: str = Field(min_length=1)
    region: str
    cjit_system_url: str | None = None


class Reference(BaseModel):
    model_config = ConfigDict(frozen=True)

    regions: dict[str, Region]
    prisons: dict[str, Prison]
    areas: dict[str, Area]
    mailboxes: Mailboxes = Field(default_factory=Mailboxes)


def load_reference(config_dir: Path) -> Reference:
    folder = config_dir / "reference"
    regions = load_list(folder / "regions.yaml", Region)
    prisons = load_list(folder / "prisons.yaml", Prison)
    areas = load_list(folder / "areas.yaml", Area)
    for name, table in (("prisons.yaml", prisons), ("areas.yaml", areas)):
        for index, item in enumerate(table.values()):
            region = getattr(item, "region")  # noqa: B009 (Prison and Area both carry it)
            if region not in regions:
                raise ConfigError(
                    f"{folder / name}: key '[{index}].region': unknown region "
                    f"{region!r} (not in regions.yaml)"
                )
    mailboxes = _load_mailboxes(
        folder / "mailboxes.yaml", regions=regions, prisons=prisons, areas=areas
    )
    return Reference(regions=regions, prisons=prisons, areas=areas, mailboxes=mailboxes)


def _load_mailboxes(path: Path, **known: dict[str, Any]) -> Mailboxes:
    """The mailboxes file, if there is one; every code in it must be a known one."""
    if not path.is_file():
        return Mailboxes()
    try:
        mailboxes = Mailboxes.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        raise explain(path, exc) from None
    for key, codes in known.items():
        listed: dict[str, Any] = getattr(mailboxes, key)
        for code in listed:
            if code not in codes:
                raise ConfigError(f"{path}: key '{key}.{code}': unknown code {code!r}")
    return mailboxes
