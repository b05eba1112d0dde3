"""The `derivcheck` command: parse options, call the library, map the result to an exit code."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

from derivcheck import __version__
from derivcheck.errors import DerivcheckError, SpecError, UsageError

app = typer.Typer(
    name="derivcheck",
    help="Prove (or refute) claimed derivatives of activation functions.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _format(value: str) -> str:
    from derivcheck.report import REPORTER_BY_NAME

    if value not in REPORTER_BY_NAME:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(REPORTER_BY_NAME)}")
    return value


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


@app.command()
def verify(
    targets: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME|FILE|DIR]...", help="Specs to check: catalog names, files or folders "
        "(default: ./specs if it exists, else the built-in catalog).", show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", callback=_format, metavar="FORMAT",
                                               help="Report format: rich, json, ...")] = "rich",
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on UNDECIDED claims too.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Time budget per claim, in seconds.")] = 20.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off "
                                               "(default: on for a terminal unless NO_COLOR is set).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Verify specs: prove each claim, refute it with a counterexample, or say why it is undecided."""

    def run() -> int:
        from derivcheck.report import reporter
        from derivcheck.results import Verdict
        from derivcheck.verify import VerifyOptions, verify_targets

        result = verify_targets(list(targets or []), VerifyOptions(timeout=timeout, jobs=jobs))
        _write(output, lambda stream: reporter(output_format, color=color).render(result, stream))
        if any(c.method == "internal error" for s in result.specs for c in s.checks):
            return EXIT_INTERNAL
        failing = {Verdict.REFUTED, Verdict.ERROR} | ({Verdict.UNDECIDED} if strict else set())
        return EXIT_FAILED if any(c.verdict in failing for s in result.specs for c in s.checks) else EXIT_OK

    _exit(run, debug)


@app.command("list")
def list_specs(
    folder: Annotated[Path | None, typer.Argument(help="Folder of specs (default: ./specs, else the catalog).",
                                                  show_default=False)] = None,
) -> None:
    """List the available specs: name, function and claimed derivative."""

    def run() -> int:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from derivcheck.catalog import default_folder, spec_files
        from derivcheck.report.safe import visible
        from derivcheck.spec import load_spec

        where = folder or default_folder()
        if not where.is_dir():
            raise UsageError(f"no such folder: {str(where)!r}")
        table = Table(title=f"specs in {where}", title_justify="left")
        for name in ("name", "g(z)", "claimed g'(z)", "description"):
            table.add_column(name, overflow="fold")
        status = EXIT_OK
        for path in spec_files(where):
            try:
                spec = load_spec(path)
            except SpecError as exc:
                table.add_row(Text(path.stem), Text("error: " + visible(str(exc)), style="red"), "", "")
                status = EXIT_FAILED
                continue
            table.add_row(*(Text(visible(t)) for t in (spec.name, spec.function.text, spec.derivative.text,
                                                       spec.description or "")))
        Console(highlight=False, markup=False, emoji=False).print(table)
        return status

    _exit(run, debug=False)


def _write(output: Path | None, render: Callable[[TextIO], None]) -> None:
    if output is None:
        render(sys.stdout)
        return
    with open(output, "w", encoding="utf-8") as stream:
        render(stream)


def _exit(run: Callable[[], int], debug: bool) -> NoReturn:
    """The one error boundary: usage errors exit 2, internal errors 3 (traceback only with --debug)."""
    try:
        code = run()
    except UsageError as exc:
        typer.echo(f"derivcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except DerivcheckError as exc:
        typer.echo(f"derivcheck: error: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc()
        typer.echo(f"derivcheck: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                   err=True)
        raise typer.Exit(EXIT_INTERNAL) from None
    raise typer.Exit(code)


#: Further commands, each a module with `register(app)`; imported at start-up, so they must not import sympy.
COMMAND_MODULES: tuple[str, ...] = ()


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
