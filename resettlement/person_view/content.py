"""The fixed content of the person's page (config/person_page.yaml): what everyone brings on the
day of release, and the helplines of each nation, in English and Welsh. Validated at load."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from resettlement.config_files import Strict, explain, read_yaml
from resettlement.needs.catalogue import Words
from resettlement.settings import get_settings

CONTENT_FILE = "person_page.yaml"
Nation = Literal["england", "wales"]


class Helpline(Strict):
    name: Words
    number: str = Field(pattern=r"^[0-9 ]{3,20}$")
    nations: list[Nation] = Field(min_length=1)


class PersonPage(Strict):
    bring: list[Words] = Field(min_length=1)
    helplines: list[Helpline]

    def helplines_for(self, nation: Nation) -> list[Helpline]:
        return [h for h in self.helplines if nation in h.nations]


def nation_of(area_code: str | None) -> Nation:
    """An area code starting W is in Wales (GSS codes); any other, or none, England."""
    return "wales" if (area_code or "").startswith("W") else "england"


def load_person_page(config_dir: Path) -> PersonPage:
    path = config_dir / CONTENT_FILE
    try:
        return PersonPage.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise explain(path, exc) from None


@lru_cache(maxsize=4)
def _cached(config_dir: Path) -> PersonPage:
    return load_person_page(config_dir)


def get_person_page() -> PersonPage:
    return _cached(get_settings().config_dir)
