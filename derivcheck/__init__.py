"""derivcheck: prove or refute claimed derivatives of activation functions.

The public API is small and importing it is cheap: sympy is only imported when a check runs.  Every name
in `__all__` is defined in its own module and imported here from it (tests/test_exported_members.py).
"""

from derivcheck.errors import DerivcheckError, ExpressionError, Location, SpecError, UsageError
from derivcheck.results.checks import Check, Counterexample, Kink, Math, RunResult, SpecResult, SpotCheck, Verdict

__version__ = "0.1.0"

__all__ = [
    "Check",
    "Counterexample",
    "DerivcheckError",
    "ExpressionError",
    "Kink",
    "Location",
    "Math",
    "RunResult",
    "SpecError",
    "SpecResult",
    "SpotCheck",
    "UsageError",
    "Verdict",
    "__version__",
    "verify",
]


def verify(*targets: str, timeout: float | None = None, jobs: int | None = None) -> RunResult:
    """Verify the specs named by `targets` (names, files or folders); the same as `derivcheck verify`."""
    from derivcheck.run.verify import VerifyOptions, verify_targets

    options = VerifyOptions() if timeout is None else VerifyOptions(timeout=timeout)
    if jobs is not None:
        options = VerifyOptions(timeout=options.timeout, jobs=jobs)
    return verify_targets(list(targets), options)
