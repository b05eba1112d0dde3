"""What the commands share: options checked before any work, the verify-and-report run, the one error boundary.

Nothing here imports sympy or the loader at import time (`derivcheck --help` must stay light).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from derivcheck.cli.policy import EXIT_FAILED, EXIT_INTERNAL, EXIT_USAGE
from derivcheck.errors import DerivcheckError, UsageError
from derivcheck.run.budget import TIMEOUT_RANGE, timeout_problem

if TYPE_CHECKING:
    from derivcheck.report import Reporter

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command whose reader closed the pipe


def check_timeout(value: float) -> float:
    """Option callback: a time budget must be a finite number of seconds in range (not inf, not nan)."""
    problem = timeout_problem(value)
    if problem is not None:
        raise typer.BadParameter(problem)
    return value


def undecided_allowed(allow_undecided: bool, strict: bool) -> bool:
    """Whether UNDECIDED claims may pass; `--strict` (the default behaviour) and `--allow-undecided` conflict."""
    if allow_undecided and strict:
        raise UsageError("--strict and --allow-undecided contradict each other: UNDECIDED claims fail by "
                         "default (--strict only says so), and --allow-undecided lets them pass; give one")
    return allow_undecided


Strict = Annotated[bool, typer.Option(
    "--strict", help="Fail (exit 1) on UNDECIDED claims. This is the default; the option is kept so that "
    "existing command lines keep working.")]
AllowUndecided = Annotated[bool, typer.Option(
    "--allow-undecided", help="Let UNDECIDED claims pass (they are still reported): exit 0 unless a claim is "
    "refuted or a spec is in error.")]
FollowSymlinks = Annotated[bool, typer.Option(
    "--follow-symlinks", help="Read spec files and folders through symbolic links that lead outside the "
    "folder holding them (refused by default: a spec from a pull request could point at a secret).")]
ClaimTimeout = Annotated[float, typer.Option(
    "--timeout", callback=check_timeout, metavar="SECONDS",
    help=f"Time budget per claim, in seconds ({TIMEOUT_RANGE}).")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per core).")]
NoCache = Annotated[bool, typer.Option(
    "--no-cache", envvar="DERIVCHECK_NO_CACHE",
    help="Verify every spec again, ignoring and not updating .derivcheck_cache.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
Recheck = Annotated[bool, typer.Option(
    "--recheck", help="Re-check every certificate with the independent checker (derivcheck.kernel); a "
    "certificate that does not re-check makes its claim an ERROR.")]
Precision = Annotated[bool, typer.Option(
    "--precision", help="Also evaluate each derivative claim in float32 and float64 over a wide grid and report "
    "where it loses digits.")]


def _convention(value: str | None) -> str | None:
    if value is None:
        return value
    from derivcheck.spec.conventions import FRAMEWORKS

    if value not in FRAMEWORKS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FRAMEWORKS)}")
    return value


Convention = Annotated[str | None, typer.Option(
    "--convention", callback=_convention, metavar="FRAMEWORK",
    help="Check `at:` values against the gradients of pytorch, jax or tensorflow at each kink.")]

__all__ = ["AllowUndecided", "ClaimTimeout", "Convention", "Debug", "FollowSymlinks", "Jobs", "NoCache", "Precision",
           "Strict", "check_timeout", "run_command", "undecided_allowed", "verify_and_report"]


def verify_and_report(targets: list[str] | None, report: Callable[[], Reporter], *, output: Path | None,
                      allow_undecided: bool, follow_symlinks: bool, timeout: float, jobs: int, no_cache: bool,
                      precision: bool = False, convention: str | None = None, recheck: bool = False,
                      certificates: bool = True) -> int:
    """`verify` and `latex` once their options are read: the specs resolved first (a usage error ends the
    command before any work), then verified, the report written, and the run's exit code returned."""
    from derivcheck.cli.output import ReportOutput
    from derivcheck.cli.policy import run_exit_code
    from derivcheck.report.progress import TerminalProgress
    from derivcheck.run.cache import default_dir
    from derivcheck.run.verify import VerifyOptions, verify_sources
    from derivcheck.spec.sources import resolve

    sources = resolve(list(targets or []), follow_symlinks=follow_symlinks)
    reporter = report()
    options = VerifyOptions(timeout=timeout, jobs=jobs, cache_dir=None if no_cache else default_dir(),
                            precision=precision, convention=convention, recheck=recheck, certificates=certificates)
    with ReportOutput(output) as destination:
        with TerminalProgress() as progress:
            result = verify_sources(sources, options, progress=progress)
        for warning in result.warnings:
            _say(f"derivcheck: warning: {warning}\n")
        destination.write(lambda stream: reporter.render(result, stream))
    return run_exit_code(result, allow_undecided=allow_undecided)


def run_command(run: Callable[[], int], debug: bool) -> NoReturn:
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
    """Write `text` to stderr, made inert first: error messages quote user text (paths, keys, values).

    On a terminal a long message is wrapped at spaces to its width, so that the terminal never folds a path or
    a name in two; anywhere else it stays on one line, for tools that read it.
    """
    from derivcheck.report.layout import paragraph, styled  # here, not at start-up: `--help` stays light
    from derivcheck.report.safe import visible
    from derivcheck.report.screen import layout_width

    shown = visible(text)
    if sys.stderr.isatty() and "\n" not in shown.rstrip("\n"):
        width = layout_width(sys.stderr, None)
        shown = "\n".join(line.plain for line in paragraph(styled(shown.rstrip("\n")), width, hang=2)) + "\n"
    typer.echo(shown, err=True, nl=False)
