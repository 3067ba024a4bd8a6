"""The needs catalogue (config/needs.yaml): what may be recorded as a need on each pathway, who
usually owns it, and its plain words (English and Welsh) for the person's own page.

Validated at load like the rest of config: a bad file stops start-up with a `ConfigError` naming
the file, the key and the reason.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field

from resettlement.config_files import Coded, ConfigError, Strict, read_yaml, validated_entries
from resettlement.settings import get_settings
from resettlement.vocabulary import Pathway, PlanParty

CATALOGUE_FILE = "needs.yaml"


class Words(Strict):
    """The same words in English and in Welsh (GOV.UK services in Wales offer both)."""

    en: str = Field(min_length=1, max_length=200)
    cy: str = Field(min_length=1, max_length=200)

    def say(self, lang: str) -> str:
        return self.cy if lang == "cy" else self.en


class CatalogueNeed(Coded):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,49}$")
    title: str = Field(min_length=1, max_length=200)
    owner: PlanParty
    person: Words
    bring: Words | None = None


class Catalogue(Strict):
    """Every pathway's needs, by pathway then code."""

    pathways: dict[Pathway, dict[str, CatalogueNeed]]

    def get(self, pathway: str, code: str) -> CatalogueNeed | None:
        try:
            return self.pathways[Pathway(pathway)].get(code)
        except ValueError:
            return None

    def title(self, pathway: str, code: str) -> str:
        """The staff's words for a need (its code if the catalogue no longer lists it)."""
        need = self.get(pathway, code)
        return need.title if need else code.replace("_", " ")

    def choices(self) -> list[tuple[Pathway, list[CatalogueNeed]]]:
        return [(p, list(self.pathways[p].values())) for p in Pathway]


def _entries(path: Path, pathway: str, raw: Any) -> dict[str, CatalogueNeed]:
    if isinstance(raw, list) and not raw:
        raise ConfigError(f"{path}: key '{pathway}': must list at least one need")
    return validated_entries(path, raw, CatalogueNeed, key=pathway)


def load_catalogue(config_dir: Path) -> Catalogue:
    """Every one of the seven pathways, each with at least one need; nothing else."""
    path = config_dir / CATALOGUE_FILE
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: key '(top level)': must map each pathway to its needs")
    known = [p.value for p in Pathway]
    for key in raw:
        if key not in known:
            raise ConfigError(f"{path}: key '{key}': not a pathway; known: {', '.join(known)}")
    for pathway in Pathway:
        if pathway.value not in raw:
            raise ConfigError(f"{path}: key '{pathway.value}': missing pathway")
    return Catalogue(pathways={p: _entries(path, p.value, raw[p.value]) for p in Pathway})


@lru_cache(maxsize=4)
def _cached(config_dir: Path) -> Catalogue:
    return load_catalogue(config_dir)


def get_catalogue() -> Catalogue:
    return _cached(get_settings().config_dir)
