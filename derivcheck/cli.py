"""The `derivcheck` command: parse options, call the library, map the result to an exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from derivcheck import __version__
from derivcheck.cli_common import AllowUndecided, FollowSymlinks, Strict, check_timeout, run_command, undecided_allowed
from derivcheck.errors import UsageError
from derivcheck.policy import EXIT_FAILED, EXIT_OK
from derivcheck.run.budget import DEFAULT_TIMEOUT, TIMEOUT_RANGE

app = typer.Typer(
    name="derivcheck",
    help="Prove (or refute) claimed derivatives of activation functions.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: typer's rich help imports markdown and pygments (+0.12 s)
)

def _format(value: str) -> str:
    from derivcheck.report import REPORTER_BY_NAME

    if value not in REPORTER_BY_NAME:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(REPORTER_BY_NAME)}")
    return value


def _convention(value: str | None) -> str | None:
    from derivcheck.spec.conventions import FRAMEWORKS

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
    strict: Strict = False,
    allow_undecided: AllowUndecided = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", callback=check_timeout, metavar="SECONDS",
        help=f"Time budget per claim, in seconds ({TIMEOUT_RANGE}).")] = DEFAULT_TIMEOUT,
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
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Verify specs: prove each claim, refute it with a counterexample, or say why it is undecided."""

    def run() -> int:
        from derivcheck.cli_output import ReportOutput
        from derivcheck.policy import run_exit_code
        from derivcheck.report import reporter
        from derivcheck.run.cache import default_dir
        from derivcheck.run.progress import TerminalProgress
        from derivcheck.run.verify import VerifyOptions, verify_sources
        from derivcheck.spec.sources import resolve

        # Everything a usage error can come from is decided here, before a single claim is verified.
        allow = undecided_allowed(allow_undecided, strict)
        sources = resolve(list(targets or []), follow_symlinks=follow_symlinks)
        report = reporter(output_format, color=color, allow_undecided=allow)
        options = VerifyOptions(timeout=timeout, jobs=jobs, cache_dir=None if no_cache else default_dir(),
                                precision=precision, convention=convention)
        with ReportOutput(output) as destination:
            with TerminalProgress() as progress:
                result = verify_sources(sources, options, progress=progress)
            destination.write(lambda stream: report.render(result, stream))
        return run_exit_code(result, allow_undecided=allow)

    run_command(run, debug)


@app.command("list")
def list_specs(
    folder: Annotated[Path | None, typer.Argument(help="Folder of specs (default: ./specs, else the catalog).",
                                                  show_default=False)] = None,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """List the available specs: name, function, claimed derivative, output form, kinks and convention."""

    def run() -> int:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from derivcheck.report.safe import visible
        from derivcheck.spec.listing import list_rows
        from derivcheck.spec.sources import check_links, default_folder

        if folder is not None:
            check_links([folder], follow_symlinks=follow_symlinks)
        where = folder or default_folder(follow_symlinks=follow_symlinks)
        if not where.is_dir():
            raise UsageError(f"no such folder: {str(where)!r}")
        table = Table(title=f"specs in {visible(str(where))}", title_justify="left")
        for name in ("name", "g(z)", "claimed g'(z)", "output form", "kinks", "convention"):
            table.add_column(name, overflow="fold")
        rows = list_rows(where, follow_symlinks=follow_symlinks)
        for row in rows:
            if row.error is not None:
                table.add_row(Text(visible(row.name)), Text("error: " + visible(row.error), style="red"))
                continue
            table.add_row(*(Text(visible(t)) for t in (row.name, row.function, row.derivative, row.output_form,
                                                       row.kinks, row.convention)))
        Console(highlight=False, markup=False, emoji=False).print(table)
        return EXIT_FAILED if any(row.error is not None for row in rows) else EXIT_OK

    run_command(run, debug=False)



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
