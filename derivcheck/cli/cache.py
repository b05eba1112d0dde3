"""The `derivcheck cache` commands: manage the result cache in the working directory."""

from __future__ import annotations

import typer

from derivcheck.cli.coerce import Command, Commands
from derivcheck.cli.policy import EXIT_FAILED

__all__ = ["clear", "group"]

_SHOWN = 10  # kept names listed before "and N more"

group = typer.Typer(name="cache", help="Manage the result cache (.derivcheck_cache in the working directory).",
                    no_args_is_help=True, cls=Commands)


@group.command("clear", cls=Command)
def clear() -> None:
    """Delete derivcheck's files from .derivcheck_cache: the next `derivcheck verify` checks every spec again.

    Only a real folder tagged by derivcheck's CACHEDIR.TAG is touched, and in it only the files derivcheck
    wrote; anything else is kept and listed.
    """
    from derivcheck.report.safe import visible
    from derivcheck.run.cache import default_dir
    from derivcheck.run.cache_folder import ClearRefused
    from derivcheck.run.cache_folder import clear as clear_folder

    directory = default_dir()
    try:
        done = clear_folder(directory)
    except (ClearRefused, OSError) as exc:
        typer.echo(f"derivcheck: error: cannot clear the cache: {visible(str(exc))}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    where = visible(str(directory))
    typer.echo(f"removed {done.removed} cached result{'s' if done.removed != 1 else ''} from {where}")
    if done.kept:
        # repr: a name may hold a newline; visible: or two colons
        names = ", ".join(visible(repr(name)) for name in done.kept[:_SHOWN])
        more = f" and {len(done.kept) - _SHOWN} more" if len(done.kept) > _SHOWN else ""
        typer.echo(f"derivcheck: kept {len(done.kept)} file{'s' if len(done.kept) != 1 else ''} in {where} "
                   f"that derivcheck did not write (only its own regular files are removed): {names}{more}",
                   err=True)
