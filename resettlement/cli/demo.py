"""`resettle demo`: build a synthetic region on a fresh SQLite database, simulate it day by day
for 26 weeks through the real services (the real Prefect daily flow on the final day), print a
sign-in for each role, and serve the web pages and API."""

from __future__ import annotations

import os
import secrets
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

DEFAULT_DIR = Path("./.resettle-demo")
console = Console()


def _fresh_database(data_dir: Path) -> None:
    """Point the process at a new SQLite database under the demo folder (the old one removed)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir.resolve() / "resettle.db"
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.environ["RESETTLE_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["RESETTLE_DATA_DIR"] = str(data_dir.resolve())
    from resettlement.settings import get_settings

    get_settings.cache_clear()


def demo(
    people: Annotated[int, typer.Option(min=20, max=5000, help="people in the region")] = 300,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="weeks simulated, ending today")] = 26,
    seed: Annotated[int | None, typer.Option(help="random seed (default: a new one)")] = None,
    data_dir: Annotated[Path, typer.Option(help="folder for the demo database")] = DEFAULT_DIR,
    host: Annotated[str, typer.Option(help="interface to serve on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="serve when done")] = True,
) -> None:
    """Build and simulate a synthetic region, then serve it with a sign-in for each role."""
    _fresh_database(data_dir)
    from resettlement import clock
    from resettlement.cli.common import config_or_exit
    from resettlement.demo.actors import create_sign_ins
    from resettlement.demo.allocation import give_demo_cases
    from resettlement.demo.simulation import Plan, make_world, simulate
    from resettlement.policy import get_policy, get_reference
    from resettlement.storage.db import get_engine
    from resettlement.storage.migrate import load_reference, upgrade_to_head

    config_or_exit()
    engine = get_engine()
    upgrade_to_head(engine)
    load_reference(engine, get_reference())
    end = clock.today()  # today, or the day RESETTLE_NOW fixes (a training copy)
    plan = Plan(people=people, weeks=weeks, end=end, seed=seed or secrets.randbelow(10**6))
    world = make_world(plan, get_policy(), get_reference())
    console.print(
        f"Simulating the North East region: {people} people, {weeks} weeks "
        f"({plan.start:%d %b %Y} to {plan.end:%d %b %Y}), seed {plan.seed}"
    )
    started = time.perf_counter()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        bar = progress.add_task("simulated days", total=plan.days + 1)

        def on_day(day: date) -> None:
            progress.update(bar, advance=1, description=f"simulated {day:%a %d %b %Y}")

        timings = simulate(world, plan, on_day=on_day, final_daily_flow=_prefect_daily_flow)
    console.print(
        f"Done in {time.perf_counter() - started:.0f} s: the region already running "
        f"{timings.prelude_s:.0f} s, {plan.days} days {timings.days_s:.0f} s "
        f"(daily sweeps {timings.sweeps_s:.0f} s), the Prefect daily flow today "
        f"{timings.final_flow_s:.0f} s. {sum(world.done.values())} changes, "
        f"{world.refused} refused by the rules."
    )
    _messages_line()
    sign_ins = create_sign_ins(get_reference())
    table = Table(
        title=f"Sign in at http://{host}:{port}/sign-in",
        caption="Each sign-in opens that role's Today page.",
    )
    for column in ("role", "username", "password"):
        table.add_column(column)
    for s in sign_ins:
        table.add_row(s.role, s.username, s.password)
    console.print(table)
    give_demo_cases(world)
    _print_person_link(f"http://{host}:{port}")
    if serve_after:
        from resettlement.cli.serve import serve

        serve(host=host, port=port)


def _messages_line() -> None:
    """How many GOV.UK Notify messages the region gave, and where the admin sees them."""
    from resettlement.pipes.reads import pipe_states
    from resettlement.storage.db import session_scope

    with session_scope(write=False) as session:
        states = {p.name: p.counts for p in pipe_states(session)}
    counts = states["notifications"]
    console.print(
        f"{sum(counts.values())} GOV.UK Notify messages, {counts['sent']} sent, "
        f"{counts['not_sent']} recorded only (set RESETTLE_NOTIFY_API_KEY to send): "
        "sign in as the administrator and open Pipes (/pipes)."
    )


def _print_person_link(base_url: str) -> None:
    """One person's one-time link to their own plan, as the slip at the gate would give it."""
    from resettlement.demo.person_link import demo_person_link
    from resettlement.policy import get_policy

    link = demo_person_link(base_url, get_policy())
    if link is None:
        return
    console.print(
        f"{link.name}'s own plan (one sign-in, with the date of birth "
        f"{link.date_of_birth:%d %m %Y}): {link.url}"
    )


def _prefect_daily_flow(day: date) -> object:
    """The real daily flow (Prefect, embedded server) as of the final day."""
    from resettlement.orchestration import orchestrator

    return orchestrator().run_daily(day)
