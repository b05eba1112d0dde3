"""The command line: options in, exit code out (the commands, their one error boundary, the exit-code policy).

`main` is the console script's entry point (`derivcheck = "derivcheck.cli:main"`); it builds the Typer
application of `derivcheck.cli.app` only when it runs, so importing a module of this package never does.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Run the `derivcheck` command."""
    from derivcheck.cli.app import app

    app()
