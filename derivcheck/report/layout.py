"""Lay text out in lines and columns for a width (or none) without ever breaking a token.

Text is wrapped only at spaces, and never inside a span marked whole (a method, a label, a path), so a number,
a name, a path or a method is never cut in two.  A table that does
not fit first wraps its wrappable columns at spaces, then drops the columns that can go, and as a last resort
stacks each row: its first cells on one line, the others each on a line of their own beneath.  A single token
wider than the whole width is left whole (the terminal may fold it; the report never does).

Styled text is a tuple of spans (text, style name); the writer (`report/styled_output.py`) gives the styles
their colours.  Widths are terminal cells: wide East Asian characters count two, combining marks and
zero-width characters nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["KEEP", "Column", "Styled", "cells", "paragraph", "style_of", "styled", "table", "whole"]

#: A piece of text and the name of its style ("" for none).
Span = tuple[str, str]
#: Marks a span that is one token however many spaces it holds (a method, a label, a path): never wrapped.
KEEP = "keep:"


def whole(text: str, style: str = "") -> Span:
    """A span that is never wrapped inside, such as `exp-rational normal form` or `identity 1`."""
    return text, KEEP + style


def style_of(span_style: str) -> str:
    """The theme's name of a span's style (without the KEEP mark)."""
    return span_style.removeprefix(KEEP)


def cells(text: str) -> int:
    """The terminal width of `text`."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn", "Me"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


@dataclass(frozen=True)
class Styled:
    """One line of styled text (no line breaks inside)."""

    spans: tuple[Span, ...] = ()

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.spans)

    @property
    def width(self) -> int:
        return sum(cells(text) for text, _ in self.spans)

    def __add__(self, other: Styled) -> Styled:
        return Styled(self.spans + other.spans)

    def words(self) -> list[Styled]:
        """The text split at spaces into words, each keeping its styles (spaces themselves are dropped)."""
        found: list[Styled] = []
        current: list[Span] = []
        for text, style in self.spans:
            for index, piece in enumerate([text] if style.startswith(KEEP) else text.split(" ")):
                if index:  # a space ended the word before
                    if current:
                        found.append(Styled(tuple(current)))
                    current = []
                if piece:
                    current.append((piece, style))
        if current:
            found.append(Styled(tuple(current)))
        return _glued(found)


def _glued(words: list[Styled]) -> list[Styled]:
    """Words with a lone `=` joined to its neighbours, so that `z = 0` never ends a line at `=`."""
    out: list[Styled] = []
    index = 0
    while index < len(words):
        word = words[index]
        if out and word.plain == "=" and index + 1 < len(words):
            out[-1] = out[-1] + Styled(((" ", ""),)) + word + Styled(((" ", ""),)) + words[index + 1]
            index += 2
            continue
        out.append(word)
        index += 1
    return out


def styled(*parts: str | Span | Styled) -> Styled:
    """A Styled line from plain strings, (text, style) spans and other Styled lines."""
    spans: list[Span] = []
    for part in parts:
        if isinstance(part, Styled):
            spans.extend(part.spans)
        elif isinstance(part, str):
            spans.append((part, ""))
        else:
            spans.append(part)
    return Styled(tuple(span for span in spans if span[0]))


def wrap(text: Styled, width: int | None) -> list[Styled]:
    """`text` as lines of at most `width` cells, broken only at spaces (None: one line)."""
    if width is None or text.width <= width:
        return [text]
    lines: list[Styled] = []
    line = Styled()
    for word in text.words():
        if line.spans and line.width + 1 + word.width > width:
            lines.append(line)
            line = Styled()
        line = word if not line.spans else line + Styled(((" ", ""),)) + word
    lines.append(line)
    return lines


def paragraph(text: Styled, width: int | None, *, indent: int = 0, hang: int = 0) -> list[Styled]:
    """`text` wrapped at spaces to `width`, its first line indented by `indent`, the others by `indent + hang`."""
    room = None if width is None else max(1, width - indent - hang)
    first_room = None if width is None else max(1, width - indent)
    lines = wrap(text, first_room)
    if len(lines) > 1 and room is not None:
        lines = [lines[0], *wrap(Styled(_joined(lines[1:])), room)]
    return [Styled(((" " * (indent + (hang if i else 0)), ""), *line.spans)) for i, line in enumerate(lines)]


def _joined(lines: list[Styled]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for i, line in enumerate(lines):
        if i:
            spans.append((" ", ""))
        spans.extend(line.spans)
    return tuple(spans)


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
