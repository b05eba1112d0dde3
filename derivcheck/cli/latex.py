"""The `derivcheck latex` command: verify specs and write the proofs as a LaTeX document."""

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
    Strict,
    run_command,
    undecided_allowed,
    verify_and_report,
)
from derivcheck.run.budget import DEFAULT_TIMEOUT

__all__ = ["latex"]


def latex(
    targets: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME|FILE|DIR]...", help="Specs to prove: catalog names, files or folders "
        "(default: ./specs if it exists, else the built-in catalog).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the document to this file "
                                                "(default: standard output).")] = None,
    fragment: Annotated[bool, typer.Option("--fragment", help="Write only the body, for \\input into a "
                                           "larger document.")] = False,
    strict: Strict = False,
    allow_undecided: AllowUndecided = False,
    timeout: ClaimTimeout = DEFAULT_TIMEOUT,
    jobs: Jobs = 0,
    no_cache: NoCache = False,
    precision: Precision = False,
    convention: Convention = None,
    follow_symlinks: FollowSymlinks = False,
    debug: Debug = False,
) -> None:
    """Verify specs and write the proofs as LaTeX (exit codes as for `verify`)."""

    def run() -> int:
        from derivcheck.report.latex import LatexReporter

        # As in `verify`: every usage error is decided before a single claim is verified.
        allow = undecided_allowed(allow_undecided, strict)
        return verify_and_report(targets, lambda: LatexReporter(fragment=fragment), output=output,
                                 allow_undecided=allow, follow_symlinks=follow_symlinks, timeout=timeout, jobs=jobs,
                                 no_cache=no_cache, precision=precision, convention=convention)

    run_command(run, debug)
