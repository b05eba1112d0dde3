"""Lay rows out in columns for a width (or none), never cutting a token: wrap, then drop, then stack.

A table that does not fit first wraps its wrappable columns at spaces while each stays comfortably wide, then
drops the columns that can go (lowest `drop` first), then wraps as far as the longest word, and as a last
resort stacks each row: its key cells on one line, the others each on a line of their own beneath.  Cells are
wrapped by `layout.wrap`, so a span marked whole is never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from derivcheck.report.layout import Span, Styled, cells, paragraph, styled, wrap

__all__ = ["Cell", "Column", "table"]


@dataclass(frozen=True)
class Column:
    """A column: its header, alignment, whether it may wrap at spaces (and the width below which it would rather
    another column went), and when it is dropped (lowest first; None: never)."""

    header: str = ""
    right: bool = False
    wrap: bool = False
    drop: int | None = None
    header_style: str = "muted"
    comfortable: int = 24
    key: bool = True  # when rows are stacked: on the row's first line (as long as it fits), else on a line beneath
    labelled: bool = True  # when rows are stacked: its header before it on its own line


#: A cell: one or more lines of styled text.
Cell = Sequence[Styled]


@dataclass
class _Plan:
    columns: list[int]  # indices of the columns shown
    widths: dict[int, int] = field(default_factory=dict)  # shown column -> width
    stacked: bool = False


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int | None, *, indent: int = 2,
          gap: int = 2, header: bool = True, notes: Sequence[Sequence[Styled]] | None = None,
          note_column: int = 1) -> list[Styled]:
    """Rows laid out in columns within `width` (None: as wide as they are); `notes[i]` are lines of text set
    under row i, across the columns (wrapped at spaces, starting under column `note_column`)."""
    plan = _plan(columns, rows, width, indent, gap, header)
    out: list[Styled] = []
    if plan.stacked:
        return _stacked(columns, plan.columns, rows, width, indent, gap, notes)
    if header and any(c.header for c in columns):
        out += _row(plan, columns, [[styled((c.header, c.header_style))] for c in columns], indent, gap)
    before = [j for j in plan.columns if j < note_column]
    note_indent = indent + sum(plan.widths[j] + gap for j in before) if len(before) < len(plan.columns) else indent + 2
    for index, row in enumerate(rows):
        out += _row(plan, columns, row, indent, gap)
        for note in (notes[index] if notes else ()):
            out += paragraph(note, width, indent=note_indent, hang=2)
    return out


def _natural(rows: Sequence[Sequence[Cell]], columns: Sequence[Column], header: bool, j: int) -> int:
    widths = [line.width for row in rows for line in row[j]]
    if header:
        widths.append(cells(columns[j].header))
    return max(widths, default=0)


def _longest_word(rows: Sequence[Sequence[Cell]], j: int, columns: Sequence[Column], header: bool) -> int:
    words = [word.width for row in rows for line in row[j] for word in line.words()]
    if header:
        words += [cells(word) for word in columns[j].header.split()]
    return max(words, default=0)


def _plan(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int | None, indent: int, gap: int,
          header: bool) -> _Plan:
    """Which columns to show and how wide: as they are if that fits; else wrapped at spaces while each wrapped
    column stays comfortably wide; else without the droppable columns, one at a time; else wrapped as far as the
    longest word; else stacked."""
    shown = [j for j in range(len(columns)) if any(line.spans for row in rows for line in row[j])
             or (header and columns[j].header and not rows)]
    natural = {j: _natural(rows, columns, header, j) for j in shown}
    while True:
        total = indent + sum(natural[j] for j in shown) + gap * (len(shown) - 1)
        if width is None or total <= width:
            return _Plan(shown, dict(natural))
        longest = {j: _longest_word(rows, j, columns, header) for j in shown if columns[j].wrap}
        comfortable = {j: min(natural[j], max(columns[j].comfortable, longest[j])) for j in longest}
        wrapped = _shrunk(natural, comfortable, total - width)
        if wrapped is not None:
            return _Plan(shown, wrapped)
        droppable = [j for j in shown if columns[j].drop is not None]
        if droppable:
            shown.remove(min(droppable, key=lambda j: columns[j].drop or 0))
            continue
        # Below their comfortable widths only what is still missing, then down to the longest word.
        wrapped = _shrunk(comfortable, longest, total - width - sum(natural[j] - comfortable[j] for j in longest),
                          natural)
        return _Plan(shown, wrapped) if wrapped is not None else _Plan(shown, dict(natural), stacked=True)


def _shrunk(widths: dict[int, int], floors: dict[int, int], excess: int,
            others: dict[int, int] | None = None) -> dict[int, int] | None:
    """`widths` (the wrappable ones; `others` for the rest) with `excess` cells taken from the wrappable
    columns, never below their floors; None when they cannot give that much."""
    room = {j: widths[j] - floors[j] for j in floors}
    if sum(room.values()) < excess:
        return None
    result = {**(others or {}), **widths}
    while excess > 0:  # a cell at a time from the widest wrappable column that still has room
        j = max((j for j in room if room[j] > 0), key=lambda j: result[j])
        result[j] -= 1
        room[j] -= 1
        excess -= 1
    return result


def _row(plan: _Plan, columns: Sequence[Column], row: Sequence[Cell], indent: int, gap: int) -> list[Styled]:
    blocks = {j: [piece for line in row[j] for piece in wrap(line, plan.widths[j])] for j in plan.columns}
    height = max((len(block) for block in blocks.values()), default=1)
    lines: list[Styled] = []
    for k in range(height):
        spans: list[Span] = [(" " * indent, "")]
        pending = 0  # spaces owed before the next non-empty cell (no trailing blanks)
        for position, j in enumerate(plan.columns):
            piece = blocks[j][k] if k < len(blocks[j]) else Styled()
            pad = plan.widths[j] - piece.width
            if position:
                pending += gap
            if piece.spans:
                lead = pad if columns[j].right else 0
                spans.append((" " * (pending + lead), ""))
                spans.extend(piece.spans)
                pending = 0 if columns[j].right else pad
            else:
                pending += plan.widths[j]
        lines.append(Styled(tuple(s for s in spans if s[0])))
    return lines


def _between(parts: list[Styled], gap: str) -> list[Styled]:
    joined: list[Styled] = []
    for i, part in enumerate(parts):
        if i:
            joined.append(styled(gap))
        joined.append(part)
    return joined


def _stacked(columns: Sequence[Column], shown: list[int], rows: Sequence[Sequence[Cell]], width: int | None,
             indent: int, gap: int, notes: Sequence[Sequence[Styled]] | None) -> list[Styled]:
    """Each row as its leading cells on one line (as many as fit) and every other cell on a line beneath."""
    out: list[Styled] = []
    for index, row in enumerate(rows):
        present = [j for j in shown if any(line.spans for line in row[j])]
        head: list[Styled] = []
        used = indent
        rest = [j for j in present if not columns[j].key]
        for j in (j for j in present if columns[j].key):
            needed = (row[j][0].width if len(row[j]) == 1 else 0) + (gap if head else 0)
            if len(head) < len([k for k in present if columns[k].key and k < j]) or len(row[j]) != 1 or (
                    head and width is not None and used + needed > width):
                rest.append(j)  # this one, and every key column after it, goes beneath
                continue
            head.append(row[j][0])
            used += needed
        rest.sort()
        if head:
            out.append(styled(" " * indent, *_between(head, " " * gap)))
        for j in rest:
            label = columns[j].header if columns[j].labelled else ""
            for k, line in enumerate(row[j]):
                text = styled((f"{label}: ", "muted"), line) if label and k == 0 else line
                out += paragraph(text, width, indent=indent + 4, hang=2)
        for note in (notes[index] if notes else ()):
            out += paragraph(note, width, indent=indent + 4, hang=2)
    return out
