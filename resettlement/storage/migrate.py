"""Schema migrations (Alembic) and the reference-data load: what `resettle init` does."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, select
from sqlmodel import Session

from resettlement.policy import Reference
from resettlement.storage.case_regions import follow_moved
from resettlement.storage.tables import Area, Prison, Region

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(engine: Engine) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def load_reference(engine: Engine, reference: Reference) -> dict[str, int]:
    """Upsert regions, prisons and areas from config; returns how many rows changed."""
    changed = {"regions": 0, "prisons": 0, "areas": 0}
    moved: dict[str, set[str]] = {"prisons": set(), "areas": set()}  # codes now in another region
    with Session(engine) as session:
        for key, model, items in (
            ("regions", Region, reference.regions.values()),
            ("prisons", Prison, reference.prisons.values()),
            ("areas", Area, reference.areas.values()),
        ):
            existing = {row.code: row for row in session.exec(select(model)).scalars()}  # type: ignore[call-overload]
            for item in items:
                values = item.model_dump()
                row = existing.get(item.code)
                if row is None:
                    session.add(model(**values))
                    changed[key] += 1
                elif any(getattr(row, k) != v for k, v in values.items()):
                    if key in moved and row.region != values["region"]:
                        moved[key].add(item.code)
                    for k, v in values.items():
                        setattr(row, k, v)
                    changed[key] += 1
            session.flush()
        # Their cases' regions and those cases' tasks' scope follow the move.
        follow_moved(session, prisons=moved["prisons"], areas=moved["areas"])
        session.commit()
    return changed


def schema_problem(url: str) -> str | None:
    """Why the database at `url` cannot be used yet (missing, or not migrated to head), or None."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    on_disk = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if on_disk and not Path(str(parsed.database)).exists():
        return f"no database at {parsed.database}"
    from resettlement.storage.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:  # unreachable server, bad credentials, ...
        return f"cannot open the database: {type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    if current != head:
        return f"the database schema is at {current or 'nothing'}, not {head}"
    return None
