"""Reference data loaded from config/ by `resettle init`: regions, prisons, CJIT areas."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Region(SQLModel, table=True):
    __tablename__ = "region"

    code: str = Field(primary_key=True, max_length=3)
    name: str


class Prison(SQLModel, table=True):
    __tablename__ = "prison"

    code: str = Field(primary_key=True, max_length=3)
    name: str
    region: str = Field(foreign_key="region.code", index=True)


class Area(SQLModel, table=True):
    """A CJIT area: the local authority a person returns to."""

    __tablename__ = "area"

    code: str = Field(primary_key=True, max_length=9)
    name: str
    region: str = Field(foreign_key="region.code", index=True)
    cjit_system_url: str | None = None
