"""What every command shares: the consoles, and refusing to start on bad configuration."""

from __future__ import annotations

import typer
from rich.console import Console

from resettlement.config_files import ConfigError
from resettlement.policy import Policy, get_policy, get_reference

# Soft wrap: a report line (e.g. a rejected event's reasons) stays one line when piped.
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def config_or_exit() -> Policy:
    """The policy, with the reference data checked too; exit 2 naming file, key and reason."""
    try:
        policy = get_policy()
        get_reference()
    except ConfigError as exc:
        err.print(f"[red]configuration error[/red]\n{exc}")
        raise typer.Exit(2) from None
    return policy
