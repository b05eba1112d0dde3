"""The `derivcheck list` command: the specs of a folder (or the catalog) as a table, without proving anything."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from derivcheck.cli.common import FollowSymlinks, run_command

__all__ = ["list_specs"]


def list_specs(
    folder: Annotated[Path | None, typer.Argument(help="Folder of specs (default: ./specs, else the catalog).",
                                                  show_default=False)] = None,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """List the available specs: name, function, claimed derivative, output form, kinks and convention."""

    def run() -> int:
        from derivcheck.cli.policy import exit_code
        from derivcheck.errors import UsageError
        from derivcheck.report.list_table import write_list
        from derivcheck.results.checks import Verdict
        from derivcheck.spec.listing import list_rows
        from derivcheck.spec.sources import catalog_dir, catalog_folders, check_links, default_folder

        if folder is not None:
            check_links([folder], follow_symlinks=follow_symlinks)
        where = folder or default_folder(follow_symlinks=follow_symlinks)
        if not where.is_dir():
            raise UsageError(f"no such folder: {str(where)!r}")
        # The built-in catalog is its top folder (activations) and its sub-folders (losses, vector activations).
        folders = catalog_folders() if folder is None and where == catalog_dir() else [where]
        rows = [r for f in folders for r in list_rows(f, follow_symlinks=follow_symlinks)]
        write_list(rows, str(where), sys.stdout)
        return exit_code(Verdict.ERROR for row in rows if row.error is not None)  # a spec that does not load fails

    run_command(run, debug=False)
