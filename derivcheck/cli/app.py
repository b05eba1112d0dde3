"""The `derivcheck` command: the Typer application and the commands registered on it.

Each command lives in a module of its own (`verify`, `list`, `show`/`derive`, `latex`, `cache`, `schema`), and
none of them imports sympy before it runs.  `application(name)` registers only the command being run, so a
cached `derivcheck verify` does not read the other commands' modules; `app` is the whole application (help,
tests, an unknown command).
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Annotated, Any

import typer

from derivcheck import __version__
from derivcheck.cli.coerce import Command, Commands

__all__ = ["COMMANDS", "GROUPS", "application"]  # and `app`, built on first use (module __getattr__)

#: Command name -> "module:function" of its implementation and the line `--help` shows for it (written out:
#: click would cut a command's docstring to fit).
COMMANDS: dict[str, tuple[str, str]] = {
    "verify": ("derivcheck.cli.verify:verify", "Prove, refute or leave undecided each claim of the specs."),
    "list": ("derivcheck.cli.list_specs:list_specs", "List the specs of a folder or of the catalog."),
    "schema": ("derivcheck.cli.schema:schema", "Print the JSON Schema of spec files."),
    "latex": ("derivcheck.cli.latex:latex", "Verify specs and write the proofs as a LaTeX document."),
    "derive": ("derivcheck.cli.explain:derive", "Differentiate an expression step by step, each step checked."),
    "show": ("derivcheck.cli.explain:show", "Show one spec in full, as written."),
}
#: Command groups: name -> "module:attribute" of their Typer, and their help line.
GROUPS: dict[str, tuple[str, str]] = {"cache": ("derivcheck.cli.cache:group", "Manage the result cache.")}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"derivcheck {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                 help="Show the version and exit.")] = None,
) -> None:
    """Prove (or refute) claimed derivatives of activation functions."""


def _load(where: str) -> Any:
    module, name = where.split(":")
    return getattr(importlib.import_module(module), name)


def _listed_only() -> None:
    """Stands for a command in an application that only lists the commands (`derivcheck --help`)."""


@cache
def application(only: str | None = None, *, listing: bool = False) -> typer.Typer:
    """The application with every command, or with `only` the one named (what a run of that command needs).

    With `listing`, the commands are there by name and help line only, enough for `derivcheck --help`, for
    `derivcheck` alone and for the error about an unknown command; none of their modules is read.
    """
    built = typer.Typer(
        name="derivcheck",
        cls=Commands,  # option values read without importing pydantic (a cached run stays fast)
        help="Prove (or refute) claimed derivatives of activation functions.",
        no_args_is_help=True,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain click help: typer's rich help imports markdown and pygments (+0.12 s)
    )
    built.callback()(_root)
    for name, (where, short) in COMMANDS.items():
        if only in (None, name):
            built.command(name, cls=Command, short_help=short)(_listed_only if listing else _load(where))
    for name, (where, short) in GROUPS.items():
        if only in (None, name):
            if listing:
                built.command(name, cls=Command, short_help=short)(_listed_only)
            else:
                built.add_typer(_load(where), short_help=short)
    return built


def __getattr__(name: str) -> typer.Typer:
    """`app`, the whole application, built when first asked for."""
    if name == "app":
        return application()
    raise AttributeError(name)
