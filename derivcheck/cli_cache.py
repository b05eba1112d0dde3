"""The `derivcheck cache` commands: manage the result cache in the working directory."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `cache` command group to `app`."""
    group = typer.Typer(name="cache", help="Manage the result cache (.derivcheck_cache in the working directory).",
                        no_args_is_help=True)

    @group.command("clear")
    def clear() -> None:
        """Delete .derivcheck_cache: the next `derivcheck verify` checks every spec again."""
        from derivcheck.cache import ResultCache, default_dir
        from derivcheck.report.safe import visible

        directory = default_dir()
        try:
            removed = ResultCache(directory).clear()
        except OSError as exc:
            typer.echo(f"derivcheck: error: cannot clear the cache: {visible(str(exc))}", err=True)
            raise typer.Exit(1) from None
        plural = "s" if removed != 1 else ""
        typer.echo(f"removed {removed} cached result{plural} from {visible(str(directory))}")

    app.add_typer(group)
