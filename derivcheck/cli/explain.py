"""The `derive` and `show` commands: an explained derivative, and one spec in full.

Nothing here imports sympy at import time (`derivcheck --help` must stay light); the commands import the
engine when they run.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from derivcheck.cli.common import (
    AllowUndecided,
    Debug,
    FollowSymlinks,
    Strict,
    check_timeout,
    run_command,
    undecided_allowed,
)
from derivcheck.run.budget import EXPLAIN_TIMEOUT, TIMEOUT_RANGE

if TYPE_CHECKING:
    from derivcheck.results.checks import Verdict

__all__ = ["derive", "show"]

_FORMAT_HELP = "Output format: rich or json."
_TIMEOUT_HELP = f"Time budget for the whole explanation, in seconds ({TIMEOUT_RANGE})."

Color = Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off.")]


def _format(value: str) -> str:
    from derivcheck.report import EXPLANATION_REPORTER_BY_NAME

    if value not in EXPLANATION_REPORTER_BY_NAME:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(EXPLANATION_REPORTER_BY_NAME)}")
    return value


Format = Annotated[str, typer.Option("--format", "-f", callback=_format, metavar="FORMAT", help=_FORMAT_HELP)]
Timeout = Annotated[float, typer.Option("--timeout", callback=check_timeout, metavar="SECONDS", help=_TIMEOUT_HELP)]


def _parameters(items: list[str] | None) -> list[tuple[str, str]]:
    from derivcheck.errors import UsageError

    pairs = []
    for item in items or []:
        name, equals, value = item.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise UsageError(f"--param {item!r}: expected NAME=VALUE, e.g. --param alpha=0.01")
        pairs.append((name.strip(), value.strip()))
    return pairs


def derive(
    expr: Annotated[str, typer.Argument(metavar="EXPR", help="The function to differentiate, e.g. "
                                        "'1/(1 + exp(-z))' or 'max(alpha*z, z)'.", show_default=False)],
    variable: Annotated[str, typer.Option("--variable", metavar="NAME",
                                          help="The variable to differentiate by.")] = "z",
    output_name: Annotated[str, typer.Option("--output", metavar="NAME",
                                             help="The name standing for g(z) in the output form.")] = "a",
    domain: Annotated[str | None, typer.Option("--domain", metavar="CONDITION",
                                               help="Where the steps must hold, e.g. 'z > 1' "
                                               "(default: all real z).", show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar="NAME=VALUE", help="A parameter and its value (repeatable); proofs hold "
        "for every value of the same sign where they can.", show_default=False)] = None,
    output_format: Format = "rich",
    timeout: Timeout = EXPLAIN_TIMEOUT,
    strict: Strict = False,
    allow_undecided: AllowUndecided = False,
    color: Color = None,
    debug: Debug = False,
) -> None:
    """Differentiate EXPR step by step, check every step, and find the output form g'(a)."""

    def run() -> int:
        from derivcheck.cli.policy import exit_code
        from derivcheck.engine.explain.derive import problem_from_text
        from derivcheck.errors import SpecError, UsageError
        from derivcheck.report import explanation_reporter
        from derivcheck.report.safe import visible
        from derivcheck.results.checks import Verdict
        from derivcheck.run.derive import derive_in_worker

        allow = undecided_allowed(allow_undecided, strict)
        try:
            problem = problem_from_text(expr, variable=variable, output=output_name,
                                        parameters=_parameters(param), domain=domain)
        except SpecError as exc:  # EXPR and the options are command-line input: a usage error
            raise UsageError(str(exc)) from None
        found = derive_in_worker(problem, timeout=timeout)
        if found.explanation is None:
            typer.echo(f"derivcheck: error: no steps within the {visible(found.stopped)}", err=True)
            return exit_code([Verdict.ERROR], crashed=found.crashed)
        explanation_reporter(output_format, color=color).explanation(found.explanation, sys.stdout)
        return exit_code([found.explanation.verdict], allow_undecided=allow)

    run_command(run, debug)


def show(
    target: Annotated[str, typer.Argument(metavar="NAME|FILE", show_default=False,
                                          help="A spec name (./specs, then the catalog) or a spec file.")],
    steps: Annotated[bool, typer.Option("--steps", help="Also explain the derivative of g step by step, "
                                        "with its output form.")] = False,
    proof: Annotated[bool, typer.Option("--proof", help="Verify the spec and print each claim's proof (or "
                                        "counterexample) line by line, as the LaTeX document argues it.")] = False,
    output_format: Format = "rich",
    timeout: Timeout = EXPLAIN_TIMEOUT,
    allow_undecided: AllowUndecided = False,
    follow_symlinks: FollowSymlinks = False,
    color: Color = None,
    debug: Debug = False,
) -> None:
    """Show one spec in full: its function, claims, declared values, identities and derivation."""

    def run() -> int:
        from dataclasses import replace

        from derivcheck.cli.policy import exit_code
        from derivcheck.errors import SpecError, UsageError
        from derivcheck.report import explanation_reporter
        from derivcheck.report.safe import visible
        from derivcheck.results.checks import Verdict
        from derivcheck.spec.load import load_spec
        from derivcheck.spec.multi import MultiSpec
        from derivcheck.spec.network import NetworkSpec
        from derivcheck.spec.sources import resolve

        sources = resolve([target], follow_symlinks=follow_symlinks)
        if len(sources) != 1:
            raise UsageError(f"{target!r} holds {len(sources)} specs; `show` takes one name or file")
        spec = replace(load_spec(sources[0].path, display_name=sources[0].display), file=sources[0].display)
        if isinstance(spec, MultiSpec | NetworkSpec):
            kind = "a network spec" if isinstance(spec, NetworkSpec) else "a spec of several variables"
            raise UsageError(f"{target!r} is {kind}; `show` explains specs of one variable "
                             f"(run `derivcheck verify {target}` for its report)")

        from derivcheck.engine.explain.spec_view import spec_view

        view = spec_view(spec)
        verdicts = [Verdict.ERROR for s in (view.function, view.derivative, view.second_derivative) if s and s.error]
        explained = None
        if steps and view.function.error is None:
            from derivcheck.engine.build import build
            from derivcheck.run.derive import derive_in_worker

            try:
                problem = build(spec).problem
            except SpecError:
                problem = None
            if problem is not None:
                found = derive_in_worker(problem, timeout=timeout)
                explained = found.explanation
                if explained is None:
                    typer.echo(f"derivcheck: error: no steps within the {visible(found.stopped)}", err=True)
        explanation_reporter(output_format, color=color).spec(view, explained, sys.stdout)
        if proof:
            verdicts += _proofs(sources[0], timeout)
        if explained is not None:
            verdicts.append(explained.verdict)
        elif steps:
            verdicts.append(Verdict.ERROR)  # the steps were asked for and none came back
        return exit_code(verdicts, allow_undecided=allow_undecided)

    run_command(run, debug)


def _proofs(source: object, timeout: float) -> list[Verdict]:
    """Verify one spec and print its claims' arguments; their verdicts."""
    from derivcheck.report.proof_text import text_proofs
    from derivcheck.run.cache import default_dir
    from derivcheck.run.verify import VerifyOptions, verify_sources
    from derivcheck.spec.sources import SpecSource

    assert isinstance(source, SpecSource)
    result = verify_sources([source], VerifyOptions(timeout=timeout, cache_dir=default_dir())).specs[0]
    typer.echo("\nProofs\n")
    for line in text_proofs(result):
        typer.echo(line)
    return [check.verdict for check in result.checks]
