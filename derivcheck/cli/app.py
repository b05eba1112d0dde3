"""The `derivcheck` command: the Typer application, the commands registered on it, and the entry point.

Each command lives in a module of its own (`verify`, `list`, `show`/`derive`, `latex`, `cache`, `schema`); they
are imported at start-up, so none of them imports sympy before it runs (`derivcheck --help` stays light).
"""

from __future__ import annotations

from typing import Annotated

import typer

from derivcheck import __version__
from derivcheck.cli import cache, explain, latex, list_specs, schema, verify
from derivcheck.cli.coerce import Commands

__all__ = ["app"]

app = typer.Typer(
    name="derivcheck",
    cls=Commands,  # option values read without importing pydantic (a cached run stays fast)
    help="Prove (or refute) claimed derivatives of activation functions.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: typer's rich help imports markdown and pygments (+0.12 s)
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"derivcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                 help="Show the version and exit.")] = None,
) -> None:
    """Prove (or refute) claimed derivatives of activation functions."""


app.command("verify")(verify.verify)
app.command("list")(list_specs.list_specs)
app.command("schema")(schema.schema)
app.command("latex")(latex.latex)
app.command("derive")(explain.derive)
app.command("show")(explain.show)
app.add_typer(cache.group)
