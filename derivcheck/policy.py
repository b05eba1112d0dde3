"""The run policy every front end shares: which verdicts fail, and the exit codes.

The CLI commands, the CI reporters (JUnit failures, GitHub error annotations) and the pytest plugin all ask
this module, so a claim fails in one of them exactly when it fails in the others.
"""

from __future__ import annotations

from collections.abc import Iterable

from derivcheck.results import Check, RunResult, Verdict

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

#: Verdicts that fail a run whatever the options.
FAILING = frozenset({Verdict.REFUTED, Verdict.ERROR})

#: The `method` of a check whose worker crashed (a bug in derivcheck, not in the spec); see verify.py.
INTERNAL_ERROR = "internal error"


def fails(verdict: Verdict, *, allow_undecided: bool = False) -> bool:
    """Whether a check with `verdict` fails the run.

    A proof checker fails closed: an UNDECIDED claim is a claim nobody checked, so it fails like a refuted
    one unless the user lets it pass on purpose (`--allow-undecided`).
    """
    return verdict in FAILING or (verdict is Verdict.UNDECIDED and not allow_undecided)


def is_internal(check: Check) -> bool:
    """Whether `check` records a crash inside derivcheck rather than a verdict on the spec."""
    return check.verdict is Verdict.ERROR and check.method == INTERNAL_ERROR


def exit_code(verdicts: Iterable[Verdict], *, allow_undecided: bool = False, crashed: bool = False) -> int:
    """The exit code of every command: 3 when derivcheck itself crashed, 1 when a verdict fails, else 0."""
    if crashed:
        return EXIT_INTERNAL
    return EXIT_FAILED if any(fails(v, allow_undecided=allow_undecided) for v in verdicts) else EXIT_OK


def run_exit_code(run: RunResult, *, allow_undecided: bool = False) -> int:
    """`exit_code` for a whole run of `verify` or `latex`."""
    checks = [c for spec in run.specs for c in spec.checks]
    return exit_code((c.verdict for c in checks), allow_undecided=allow_undecided,
                     crashed=any(is_internal(c) for c in checks))

