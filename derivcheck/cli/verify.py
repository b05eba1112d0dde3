"""The `derivcheck verify` command: verify specs and write the report in the chosen format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from derivcheck.cli.common import (
    AllowUndecided,
    ClaimTimeout,
    Convention,
    Debug,
    FollowSymlinks,
    Jobs,
    NoCache,
    Precision,
    Recheck,
    Strict,
    run_command,
    undecided_allowed,
    verify_and_report,
)
from derivcheck.report import REPORTER_BY_NAME
from derivcheck.run.budget import DEFAULT_TIMEOUT

__all__ = ["verify"]

_FORMATS = ", ".join(REPORTER_BY_NAME)


def _format(value: str) -> str:
    if value not in REPORTER_BY_NAME:
        raise typer.BadParameter(f"{value!r} is not one of {_FORMATS}")
    return value


def verify(
    targets: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME|FILE|DIR]...", help="Specs to check: catalog names, files or folders "
        "(default: ./specs if it exists, else the built-in catalog).", show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", callback=_format, metavar="FORMAT",
                                               help=f"Report format: {_FORMATS}.")] = "rich",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the full report of every spec, the "
                                          "proved ones too (format rich).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Show only the specs that are not proved, and "
                                        "the totals (format rich).")] = False,
    strict: Strict = False,
    allow_undecided: AllowUndecided = False,
    timeout: ClaimTimeout = DEFAULT_TIMEOUT,
    jobs: Jobs = 0,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to this file.")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off "
                                               "(default: on for a terminal unless NO_COLOR is set).")] = None,
    debug: Debug = False,
    no_cache: NoCache = False,
    precision: Precision = False,
    recheck: Recheck = False,
    convention: Convention = None,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Verify specs: prove each claim, refute it with a counterexample, or say why it is undecided."""

    def run() -> int:
        from derivcheck.errors import UsageError
        from derivcheck.report import SHOWS_CERTIFICATES, reporter

        # Everything a usage error can come from is decided before a single claim is verified.
        allow = undecided_allowed(allow_undecided, strict)
        if verbose and quiet:
            raise UsageError("--verbose and --quiet contradict each other; give one")
        verbosity = 1 if verbose else -1 if quiet else 0
        return verify_and_report(targets, lambda: reporter(output_format, color=color, allow_undecided=allow,
                                                           verbosity=verbosity),
                                 output=output, allow_undecided=allow, follow_symlinks=follow_symlinks,
                                 timeout=timeout, jobs=jobs, no_cache=no_cache, precision=precision,
                                 convention=convention, recheck=recheck,
                                 certificates=output_format in SHOWS_CERTIFICATES)

    run_command(run, debug)
