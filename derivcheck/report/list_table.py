"""The table `derivcheck list` prints: one row per spec (name, g, claimed g', output form, kinks, convention)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from derivcheck.report.safe import visible
from derivcheck.spec.listing import ListRow

__all__ = ["write_list"]

COLUMNS = ("name", "g(z)", "claimed g'(z)", "output form", "kinks", "convention")


def write_list(rows: Sequence[ListRow], folder: str, stream: TextIO) -> None:
    """The rows of the specs in `folder` as a table; a spec that does not load is a red error row."""
    table = Table(title=f"specs in {visible(folder)}", title_justify="left")
    for name in COLUMNS:
        table.add_column(name, overflow="fold")
    for row in rows:
        if row.error is not None:
            table.add_row(Text(visible(row.name)), Text("error: " + visible(row.error), style="red"))
            continue
        table.add_row(*(Text(visible(t)) for t in (row.name, row.function, row.derivative, row.output_form,
                                                   row.kinks, row.convention)))
    Console(file=stream, highlight=False, markup=False, emoji=False).print(table)
