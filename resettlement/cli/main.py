"""`resettle`: set up, feed, run and serve the Resettlement Gateway."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from resettlement.catalogue.loading import SERVICES_FILE, load_services
from resettlement.cli.common import config_or_exit, console, err
from resettlement.cli.daily import run_daily
from resettlement.cli.demo import demo
from resettlement.cli.deploy import deploy_command
from resettlement.cli.serve import serve
from resettlement.cli.trust import audit_app, retention
from resettlement.cli.users import users_app
from resettlement.config_files import ConfigError
from resettlement.policy import get_policy, get_reference
from resettlement.reception.importer import BATCH_SIZE, INITIAL_LOAD_BATCH_SIZE, Importer
from resettlement.settings import get_settings
from resettlement.storage import read_indexes
from resettlement.storage.db import get_engine, session_scope
from resettlement.storage.migrate import load_reference, schema_problem, upgrade_to_head

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False)
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.command("retention")(retention)
app.command("demo")(demo)
app.command("run-daily")(run_daily)
app.command("deploy")(deploy_command)
app.command("serve")(serve)


# Commands that need a database already made by `resettle init`.
NEEDS_DATABASE = {"import-events", "run-daily", "serve", "users", "audit", "retention"}


@app.callback()
def _before(ctx: typer.Context) -> None:
    """Refuse, with what to do, to run on a database that `resettle init` has not prepared."""
    if ctx.invoked_subcommand not in NEEDS_DATABASE:
        return
    url = get_settings().database_url
    problem = schema_problem(url)
    if problem:
        err.print(f"[red]database not ready[/red] ({url}): {problem}; run `resettle init` first")
        raise typer.Exit(2)


@app.command()
def init() -> None:
    """Create or migrate the database and load reference data; safe to repeat."""
    config_or_exit()
    engine = get_engine()
    upgrade_to_head(engine)
    rebuilt = read_indexes.restore(engine)  # a first load stopped half-way set them aside
    if rebuilt:
        console.print(f"case read indexes built again: {', '.join(rebuilt)}")
    changed = load_reference(engine, get_reference())
    catalogue = get_settings().config_dir / SERVICES_FILE
    try:
        with session_scope() as session:
            services = load_services(session, catalogue, get_reference())
    except ConfigError as exc:
        err.print(f"[red]configuration error[/red]\n{exc}")
        raise typer.Exit(2) from None
    console.print(f"database ready at {get_settings().database_url}")
    console.print(
        "reference data: " + ", ".join(f"{v} {k} added or updated" for k, v in changed.items())
    )
    console.print(f"services from {catalogue.name}: {services}")


@app.command("import-events")
def import_events(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, readable=True, help="JSON-lines file, one event per line"
        ),
    ],
    report: Annotated[
        Path | None, typer.Option(help="write a JSON line per input line here")
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=10_000,
            help=f"events a transaction (default {BATCH_SIZE:,}; {INITIAL_LOAD_BATCH_SIZE:,} "
            "with --initial-load)",
            show_default=False,
        ),
    ] = None,
    initial_load: Annotated[
        bool,
        typer.Option(
            "--initial-load",
            help="a first load into a database no one uses yet (the go-live's national file): "
            "the case indexes only lists and sweeps read are built once at the end, and "
            "those are slow until then",
        ),
    ] = False,
) -> None:
    """Ingest prison events, reporting accepted, duplicate and rejected lines with reasons."""
    config_or_exit()
    importer = Importer(
        get_engine(),
        actor=f"import:{file.name}",
        policy=get_policy(),
        reference=get_reference(),
        batch_size=batch_size,
        initial_load=initial_load,
    )
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    out = report.open("w", encoding="utf-8") if report else None
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=file.stat().st_size < 1_000_000,
    )
    with progress, file.open(encoding="utf-8") as lines:
        bar = progress.add_task(f"importing {file.name}", total=file.stat().st_size)
        for result in importer.run(lines, lambda n: progress.advance(bar, n)):
            o = result.outcome
            counts[o.status] += 1
            if o.status != "accepted":
                console.print(
                    f"line {result.line}: {o.status}"
                    + (f" ({o.event_id})" if o.event_id else "")
                    + (f": {o.reason}" if o.reason else ""),
                    markup=False,
                    highlight=False,
                )
            if out:
                out.write(
                    json.dumps(
                        {
                            "line": result.line,
                            "status": o.status,
                            "event_id": o.event_id,
                            "case_id": o.case_id,
                            "reason": o.reason,
                        }
                    )
                    + "\n"
                )
    if out:
        out.close()
    console.print(
        f"{counts['accepted']} accepted, {counts['duplicate']} duplicate, "
        f"{counts['rejected']} rejected"
    )


if __name__ == "__main__":
    app()
