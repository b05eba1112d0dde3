"""The command line: options in, exit code out (the commands, their one error boundary, the exit-code policy).

`main` is the console script's entry point (`derivcheck = "derivcheck.cli:main"`); it builds the Typer
application of `derivcheck.cli.app` only when it runs, so importing a module of this package never does.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Run the `derivcheck` command with only what it needs: the command named on the command line, or, when
    none is named (`derivcheck --help`, `--version`, an unknown name), the commands' names and help lines."""
    from derivcheck.cli.app import COMMANDS, GROUPS, application

    first = sys.argv[1] if len(sys.argv) > 1 else None
    if first in COMMANDS or first in GROUPS:
        application(first)()
    else:
        application(listing=True)()
