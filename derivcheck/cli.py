"""The `derivcheck` command: parse options, call the library, map the result to an exit code."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TextIO

import typer

from derivcheck import __version__
from derivcheck.errors import DerivcheckError, UsageError

app = typer.Typer(
    name="derivcheck",
    help="Prove (or refute) claimed derivatives of activation functions.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: typer's rich help imports markdown and pygments (+0.12 s)
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command whose reader closed the pipe


def _format(value: str) -> str:
    from derivcheck.report import REPORTER_BY_NAME

    if value not in REPORTER_BY_NAME:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(REPORTER_BY_NAME)}")
    return value


def _convention(value: str | None) -> str | None:
    from derivcheck.conventions import FRAMEWORKS

    if value is not None and value not in FRAMEWORKS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FRAMEWORKS)}")
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
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, metavar="SECONDS",
                                           help="Time budget per claim, in seconds.")] = 20.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N",
                                      help="Worker processes (0: one per core).")] = 0,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to this file.")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off "
                                               "(default: on for a terminal unless NO_COLOR is set).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", envvar="DERIVCHECK_NO_CACHE", help="Verify every spec "
                                           "again, ignoring and not updating .derivcheck_cache.")] = False,
    precision: Annotated[bool, typer.Option("--precision", help="Also evaluate each derivative claim in float32 "
                                            "and float64 over a wide grid and report where it loses digits.")] = False,
    convention: Annotated[str | None, typer.Option("--convention", callback=_convention, metavar="FRAMEWORK",
                                                   help="Check `at:` values against the gradients of pytorch, "
                                                   "jax or tensorflow at each kink.")] = None,
) -> None:
    """Verify specs: prove each claim, refute it with a counterexample, or say why it is undecided."""

    def run() -> int:
        from derivcheck.cache import default_dir
        from derivcheck.progress import TerminalProgress
        from derivcheck.report import reporter
        from derivcheck.results import Verdict
        from derivcheck.verify import VerifyOptions, verify_targets

        options = VerifyOptions(timeout=timeout, jobs=jobs, cache_dir=None if no_cache else default_dir(),
                                precision=precision, convention=convention)
        with TerminalProgress() as progress:
            result = verify_targets(list(targets or []), options, progress=progress)
        report = reporter(output_format, color=color, strict=strict)
        _write(output, lambda stream: report.render(result, stream))
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
    """List the available specs: name, function, claimed derivative, output form, kinks and convention."""

    def run() -> int:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from derivcheck.catalog import default_folder
        from derivcheck.listing import list_rows
        from derivcheck.report.safe import visible

        where = folder or default_folder()
        if not where.is_dir():
            raise UsageError(f"no such folder: {str(where)!r}")
        table = Table(title=f"specs in {visible(str(where))}", title_justify="left")
        for name in ("name", "g(z)", "claimed g'(z)", "output form", "kinks", "convention"):
            table.add_column(name, overflow="fold")
        rows = list_rows(where)
        for row in rows:
            if row.error is not None:
                table.add_row(Text(visible(row.name)), Text("error: " + visible(row.error), style="red"))
                continue
            table.add_row(*(Text(visible(t)) for t in (row.name, row.function, row.derivative, row.output_form,
                                                       row.kinks, row.convention)))
        Console(highlight=False, markup=False, emoji=False).print(table)
        return EXIT_FAILED if any(row.error is not None for row in rows) else EXIT_OK

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
        _say(f"derivcheck: error: {exc}\n")
        raise typer.Exit(EXIT_USAGE) from None
    except DerivcheckError as exc:
        _say(f"derivcheck: error: {exc}\n")
        raise typer.Exit(EXIT_FAILED) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except BrokenPipeError:
        # The reader went away (`derivcheck verify | head`): stop quietly, as a shell tool does on SIGPIPE.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except Exception as exc:
        if debug:
            _say(traceback.format_exc())
        _say(f"derivcheck: internal error: {type(exc).__name__}: {exc} (run with --debug for details)\n")
        raise typer.Exit(EXIT_INTERNAL) from None
    raise typer.Exit(code)


def _say(text: str) -> None:
    """Write `text` to stderr, made inert first: error messages quote user text (paths, keys, values)."""
    from derivcheck.report.safe import visible  # here, not at start-up: `--help` stays light

    typer.echo(visible(text), err=True, nl=False)


#: Further commands, each a module with `register(app)`; imported at start-up, so they must not import sympy.
COMMAND_MODULES: tuple[str, ...] = ("derivcheck.cli_cache", "derivcheck.cli_schema", "derivcheck.cli_latex",
                                    "derivcheck.cli_explain")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
