"""The `derivcheck latex` command: verify specs and write the proofs as a LaTeX document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from derivcheck.cli_common import AllowUndecided, FollowSymlinks, Strict, check_timeout, run_command, undecided_allowed
from derivcheck.run.budget import DEFAULT_TIMEOUT, TIMEOUT_RANGE


def register(app: typer.Typer) -> None:
    """Add the `latex` command to `app`."""

    @app.command("latex")
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
        timeout: Annotated[float, typer.Option("--timeout", callback=check_timeout, metavar="SECONDS",
                                               help=f"Time budget per claim, in seconds ({TIMEOUT_RANGE})."
                                               )] = DEFAULT_TIMEOUT,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per "
                                          "core).")] = 0,
        no_cache: Annotated[bool, typer.Option("--no-cache", envvar="DERIVCHECK_NO_CACHE", help="Verify every "
                                               "spec again, ignoring and not updating .derivcheck_cache.")] = False,
        follow_symlinks: FollowSymlinks = False,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    ) -> None:
        """Verify specs and write the proofs as LaTeX (exit codes as for `verify`)."""

        def run() -> int:
            from derivcheck.cli_output import ReportOutput
            from derivcheck.policy import run_exit_code
            from derivcheck.report.latex import LatexReporter
            from derivcheck.run.cache import default_dir
            from derivcheck.run.progress import TerminalProgress
            from derivcheck.run.verify import VerifyOptions, verify_sources
            from derivcheck.spec.sources import resolve

            # As in `verify`: every usage error is decided before a single claim is verified.
            allow = undecided_allowed(allow_undecided, strict)
            sources = resolve(list(targets or []), follow_symlinks=follow_symlinks)
            options = VerifyOptions(timeout=timeout, jobs=jobs, cache_dir=None if no_cache else default_dir())
            with ReportOutput(output) as destination:
                with TerminalProgress() as progress:
                    result = verify_sources(sources, options, progress=progress)
                destination.write(lambda stream: LatexReporter(fragment=fragment).render(result, stream))
            return run_exit_code(result, allow_undecided=allow)

        run_command(run, debug)
