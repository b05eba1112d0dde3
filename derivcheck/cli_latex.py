"""The `derivcheck latex` command: verify specs and write the proofs as a LaTeX document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from derivcheck.results import RunResult, Verdict


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
        strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on UNDECIDED claims too.")] = False,
        timeout: Annotated[float, typer.Option("--timeout", min=0.1, metavar="SECONDS",
                                               help="Time budget per claim, in "
                                               "seconds.")] = 20.0,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per "
                                          "core).")] = 0,
        no_cache: Annotated[bool, typer.Option("--no-cache", envvar="DERIVCHECK_NO_CACHE", help="Verify every "
                                               "spec again, ignoring and not updating .derivcheck_cache.")] = False,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    ) -> None:
        """Verify specs and write the proofs as LaTeX (exit codes as for `verify`)."""
        from derivcheck import cli

        def run() -> int:
            from derivcheck.cache import default_dir
            from derivcheck.progress import TerminalProgress
            from derivcheck.report.latex import LatexReporter
            from derivcheck.verify import VerifyOptions, verify_targets

            options = VerifyOptions(timeout=timeout, jobs=jobs, cache_dir=None if no_cache else default_dir())
            with TerminalProgress() as progress:
                result = verify_targets(list(targets or []), options, progress=progress)
            cli._write(output, lambda stream: LatexReporter(fragment=fragment).render(result, stream))
            return exit_code(result, strict)

        cli._exit(run, debug)


def exit_code(result: RunResult, strict: bool) -> int:
    """The exit code `verify` gives for `result`: 3 internal error, 1 failed, 0 otherwise."""
    from derivcheck.cli import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK

    checks = [c for s in result.specs for c in s.checks]
    if any(c.method == "internal error" for c in checks):
        return EXIT_INTERNAL
    failing = {Verdict.REFUTED, Verdict.ERROR} | ({Verdict.UNDECIDED} if strict else set())
    return EXIT_FAILED if any(c.verdict in failing for c in checks) else EXIT_OK
