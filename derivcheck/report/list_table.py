"""The table `derivcheck list` prints: one row per spec (name, g, claimed g', output form, kinks, convention)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from derivcheck.report.columns import Column, table
from derivcheck.report.layout import paragraph, styled
from derivcheck.report.plain import as_written
from derivcheck.report.safe import visible
from derivcheck.report.screen import layout_width, use_color, write
from derivcheck.spec.listing import ListRow

__all__ = ["write_list"]

#: At a narrow width the output form goes first, then the convention, then the kinks (`derivcheck show NAME`
#: has them all); g(z) and the claim wrap at spaces.
COLUMNS = (Column("name", header_style="heading"), Column("g(z)", wrap=True, comfortable=20, header_style="heading"),
           Column("claimed g'(z)", wrap=True, comfortable=20, header_style="heading"),
           Column("output form", wrap=True, drop=1, key=False, header_style="heading"),
           Column("kinks", wrap=True, drop=3, key=False, header_style="heading"),
           Column("convention", wrap=True, drop=2, key=False, header_style="heading"))


def write_list(rows: Sequence[ListRow], folder: str, stream: TextIO, *, color: bool | None = None,
               width: int | None = None) -> None:
    """The rows of the specs in `folder` as a table; a spec that does not load gets its error under its name."""
    cells, notes = [], []
    for row in rows:
        if row.error is not None:
            cells.append([[styled(_one(row.name))], [], [], [], [], []])
            notes.append([styled(("error: ", "verdict.error"), _one(row.error))])
            continue
        cells.append([[styled((_one(row.name), "spec.name"))], *([styled(as_written(text))] for text in (
            row.function, row.derivative, row.output_form)), [styled(_one(row.kinks))], [styled(_one(row.convention))]])
        notes.append([])
    room = layout_width(stream, width)
    lines = paragraph(styled((f"specs in {_one(folder)}", "heading")), room)
    lines += table(COLUMNS, cells, room, indent=2, notes=notes)
    write(lines, stream, color=use_color(stream, color))


def _one(text: str) -> str:
    return " ".join(visible(text).split())


