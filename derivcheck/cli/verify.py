"""The `derivcheck verify` command: verify specs and write the report in the chosen format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from derivcheck.cli.common import (
    AllowUndecided,
    ClaimTimeout,
    Debug,
    FollowSymlinks,
    Jobs,
    NoCache,
    Strict,
    run_command,
    undecided_allowed,
    verify_and_report,
)
from derivcheck.run.budget import DEFAULT_TIMEOUT

__all__ = ["verify"]


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


def verify(
    targets: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME|FILE|DIR]...", help="Specs to check: catalog names, files or folders "
        "(default: ./specs if it exists, else the built-in catalog).", show_default=False)] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", callback=_format, metavar="FORMAT",
                                               help="Report format: rich, json, ...")] = "rich",
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
    precision: Annotated[bool, typer.Option("--precision", help="Also evaluate each derivative claim in float32 "
                                            "and float64 over a wide grid and report where it loses digits.")] = False,
    convention: Annotated[str | None, typer.Option("--convention", callback=_convention, metavar="FRAMEWORK",
                                                   help="Check `at:` values against the gradients of pytorch, "
                                                   "jax or tensorflow at each kink.")] = None,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Verify specs: prove each claim, refute it with a counterexample, or say why it is undecided."""

    def run() -> int:
        from derivcheck.report import reporter

        # Everything a usage error can come from is decided before a single claim is verified.
        allow = undecided_allowed(allow_undecided, strict)
        return verify_and_report(targets, lambda: reporter(output_format, color=color, allow_undecided=allow),
                                 output=output, allow_undecided=allow, follow_symlinks=follow_symlinks,
                                 timeout=timeout, jobs=jobs, no_cache=no_cache, precision=precision,
                                 convention=convention)

    run_command(run, debug)
