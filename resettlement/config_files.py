"""Reading config/ files: YAML read and validated with an error that names the file, the key
and the reason (`ConfigError`), and lists of coded entries (no code twice)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class ConfigError(Exception):
    """A configuration file is missing, unreadable or invalid."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Coded(Strict):
    code: str


M = TypeVar("M", bound=Coded)


def read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc


def explain(path: Path, exc: ValidationError, prefix: str = "") -> ConfigError:
    """A validation error as one line per problem, naming the file and the key."""
    problems = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        problems.append(f"{path}: key '{prefix}{key}': {err['msg']}")
    return ConfigError("\n".join(problems))


def validated_entries(path: Path, raw: Any, model: type[M], key: str = "") -> dict[str, M]:
    """Each entry of a list (at `key` of the file) validated by `model`, by code: no code twice."""
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: key '{key or '(top level)'}': must be a list of entries")
    items: dict[str, M] = {}
    for index, entry in enumerate(raw):
        try:
            item = model.model_validate(entry)
        except ValidationError as exc:
            raise explain(path, exc, prefix=f"{key}[{index}].") from None
        code = item.code
        if code in items:
            raise ConfigError(f"{path}: key '{key}[{index}].code': duplicate code {code!r}")
        items[code] = item
    return items


def load_list(path: Path, model: type[M]) -> dict[str, M]:
    return validated_entries(path, read_yaml(path), model)
