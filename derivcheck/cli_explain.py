"""The `derive` and `show` commands: an explained derivative, and one spec in full.

Nothing here imports sympy at import time (`derivcheck --help` must stay light); the commands import the
engine when they run.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from derivcheck.cli_common import AllowUndecided, FollowSymlinks, Strict, check_timeout, run_command, undecided_allowed
from derivcheck.run.budget import EXPLAIN_TIMEOUT, TIMEOUT_RANGE

FORMATS = ("rich", "json")

_FORMAT_HELP = "Output format: rich or json."
_TIMEOUT_HELP = f"Time budget for the whole explanation, in seconds ({TIMEOUT_RANGE})."


def _format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}")
    return value


def _parameters(items: list[str] | None) -> list[tuple[str, str]]:
    from derivcheck.errors import UsageError

    pairs = []
    for item in items or []:
        name, equals, value = item.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise UsageError(f"--param {item!r}: expected NAME=VALUE, e.g. --param alpha=0.01")
        pairs.append((name.strip(), value.strip()))
    return pairs


def _emit(output_format: str, color: bool | None, block: Any, data: dict[str, Any]) -> None:
    if output_format == "json":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=True)
        sys.stdout.write("\n")
        return
    from derivcheck.report.terminal import TerminalReporter

    TerminalReporter(color=color).console(sys.stdout).print(block)


def register(app: typer.Typer) -> None:
    """Add `derive` and `show` to the application."""

    @app.command("derive")
    def derive(
        expr: Annotated[str, typer.Argument(metavar="EXPR", help="The function to differentiate, e.g. "
                                            "'1/(1 + exp(-z))' or 'max(alpha*z, z)'.", show_default=False)],
        variable: Annotated[str, typer.Option("--variable", metavar="NAME",
                                              help="The variable to differentiate by.")] = "z",
        output_name: Annotated[str, typer.Option("--output", metavar="NAME",
                                                 help="The name standing for g(z) in the output "
                                                 "form.")] = "a",
        domain: Annotated[str | None, typer.Option("--domain", metavar="CONDITION",
                                                   help="Where the steps must hold, e.g. 'z > 1' "
                                                   "(default: all real z).", show_default=False)] = None,
        param: Annotated[list[str] | None, typer.Option(
            "--param", "-p", metavar="NAME=VALUE", help="A parameter and its value (repeatable); proofs hold "
            "for every value of the same sign where they can.", show_default=False)] = None,
        output_format: Annotated[str, typer.Option("--format", "-f", callback=_format, metavar="FORMAT",
                                                   help=_FORMAT_HELP)] = "rich",
        timeout: Annotated[float, typer.Option("--timeout", callback=check_timeout, metavar="SECONDS",
                                               help=_TIMEOUT_HELP)] = EXPLAIN_TIMEOUT,
        strict: Strict = False,
        allow_undecided: AllowUndecided = False,
        color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off.")] = None,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    ) -> None:
        """Differentiate EXPR step by step, check every step, and find the output form g'(a)."""

        def run() -> int:
            from derivcheck.engine.explain.derive import problem_from_text
            from derivcheck.errors import SpecError, UsageError
            from derivcheck.policy import EXIT_FAILED, EXIT_INTERNAL, exit_code
            from derivcheck.report.explain_view import explanation_block, explanation_data
            from derivcheck.report.safe import visible
            from derivcheck.run.derive import derive_in_worker

            allow = undecided_allowed(allow_undecided, strict)
            try:
                problem = problem_from_text(expr, variable=variable, output=output_name,
                                            parameters=_parameters(param), domain=domain)
            except SpecError as exc:  # EXPR and the options are command-line input: a usage error
                raise UsageError(str(exc)) from None
            found = derive_in_worker(problem, timeout=timeout)
            explained = found.explanation
            if explained is None:
                typer.echo(f"derivcheck: error: no steps within the {visible(found.stopped)}", err=True)
                return EXIT_INTERNAL if found.crashed else EXIT_FAILED
            _emit(output_format, color, explanation_block(explained), explanation_data(explained))
            return exit_code([explained.verdict], allow_undecided=allow)

        run_command(run, debug)

    @app.command("show")
    def show(
        target: Annotated[str, typer.Argument(metavar="NAME|FILE", show_default=False,
                                              help="A spec name (./specs, then the catalog) or a spec file.")],
        steps: Annotated[bool, typer.Option("--steps", help="Also explain the derivative of g step by step, "
                                            "with its output form.")] = False,
        output_format: Annotated[str, typer.Option("--format", "-f", callback=_format, metavar="FORMAT",
                                                   help=_FORMAT_HELP)] = "rich",
        timeout: Annotated[float, typer.Option("--timeout", callback=check_timeout, metavar="SECONDS",
                                               help=_TIMEOUT_HELP)] = EXPLAIN_TIMEOUT,
        allow_undecided: AllowUndecided = False,
        follow_symlinks: FollowSymlinks = False,
        color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off.")] = None,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    ) -> None:
        """Show one spec in full: its function, claims, declared values, identities and derivation."""

        def run() -> int:
            from dataclasses import replace

            from derivcheck.errors import SpecError, UsageError
            from derivcheck.policy import EXIT_FAILED, EXIT_OK, exit_code
            from derivcheck.report.explain_view import spec_block, spec_data
            from derivcheck.report.safe import visible
            from derivcheck.spec.load import load_spec
            from derivcheck.spec.sources import resolve

            sources = resolve([target], follow_symlinks=follow_symlinks)
            if len(sources) != 1:
                raise UsageError(f"{target!r} holds {len(sources)} specs; `show` takes one name or file")
            spec = replace(load_spec(sources[0].path, display_name=sources[0].display), file=sources[0].display)

            from derivcheck.engine.explain.spec_view import spec_view

            view = spec_view(spec)
            unreadable = any(s.error for s in (view.function, view.derivative, view.second_derivative) if s)
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
            _emit(output_format, color, spec_block(view, explained), spec_data(view, explained))
            code = EXIT_OK if explained is None else exit_code([explained.verdict], allow_undecided=allow_undecided)
            return EXIT_FAILED if unreadable or (steps and explained is None) else code

        run_command(run, debug)
