"""What every command shares: the options checked before any work, and the one error boundary.

Nothing here imports sympy (`derivcheck --help` must stay light).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, NoReturn

import typer

from derivcheck.errors import DerivcheckError, UsageError
from derivcheck.policy import EXIT_FAILED, EXIT_INTERNAL, EXIT_USAGE
from derivcheck.run.budget import timeout_problem

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
    """Write `text` to stderr, made inert first: error messages quote user text (paths, keys, values)."""
    from derivcheck.report.safe import visible  # here, not at start-up: `--help` stays light

    typer.echo(visible(text), err=True, nl=False)
