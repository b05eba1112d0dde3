"""The exit code of every command, decided in one place from the verdicts a command found.

Which verdict fails is `derivcheck.results.fails`, the rule the CI reporters and the pytest plug-in share, so a
claim fails the exit code exactly when it fails a JUnit test case or a GitHub annotation.
"""

from __future__ import annotations

from collections.abc import Iterable

from derivcheck.results.checks import RunResult, Verdict, fails

__all__ = ["EXIT_FAILED", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "exit_code", "run_exit_code"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def exit_code(verdicts: Iterable[Verdict], *, allow_undecided: bool = False, crashed: bool = False) -> int:
    """The exit code of every command: 3 when derivcheck itself crashed, 1 when a verdict fails, else 0."""
    if crashed:
        return EXIT_INTERNAL
    return EXIT_FAILED if any(fails(v, allow_undecided=allow_undecided) for v in verdicts) else EXIT_OK


def run_exit_code(run: RunResult, *, allow_undecided: bool = False) -> int:
    """`exit_code` for a whole run of `verify` or `latex`."""
    checks = [c for spec in run.specs for c in spec.checks]
    return exit_code((c.verdict for c in checks), allow_undecided=allow_undecided,
                     crashed=any(c.crashed for c in checks))
