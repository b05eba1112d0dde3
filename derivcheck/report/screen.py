"""Write laid-out lines to a stream: plain text, or coloured by the theme when the stream is a terminal.

The width to lay out for is the terminal's on a terminal; anywhere else (a pipe, a file, a CI log) a generous
one, since nothing there wraps for the reader and a report split at 80 columns reads worse than a long line.
Colour needs rich; plain text does not import it, so a report written to a pipe stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TextIO

from derivcheck.report.layout import Styled, style_of

__all__ = ["GENEROUS_WIDTH", "THEME", "layout_width", "use_color", "write"]

#: The width a report is laid out for where no terminal says otherwise.
GENEROUS_WIDTH = 160

#: Style name -> rich style; the one place colours are chosen.
THEME = {
    "verdict.proved": "bold green",
    "verdict.refuted": "bold red",
    "verdict.undecided": "bold yellow",
    "verdict.error": "bold magenta",
    "spec.name": "bold cyan",
    "muted": "dim",
    "math": "",
    "warn": "yellow",
    "heading": "bold",
}


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def use_color(stream: TextIO, color: bool | None) -> bool:
    """Colour when forced (`--color`), else on a terminal unless NO_COLOR is set or TERM is dumb."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _is_terminal(stream) and os.environ.get("TERM") != "dumb"


def layout_width(stream: TextIO, width: int | None) -> int:
    """The width to lay out for: `width` if given, else COLUMNS if set, else the terminal's, else generous."""
    if width is not None:
        return width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if _is_terminal(stream):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            pass
    return GENEROUS_WIDTH


def write(lines: Iterable[Styled], stream: TextIO, *, color: bool) -> None:
    """Write each line (trailing blanks dropped); with `color`, styled by THEME through rich."""
    if not color:
        stream.write("".join(line.plain.rstrip() + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text
    from rich.theme import Theme

    console = Console(file=stream, theme=Theme(THEME), force_terminal=True, highlight=False, markup=False,
                      emoji=False, soft_wrap=True)
    for line in lines:
        text = Text.assemble(*((piece, style_of(style)) for piece, style in line.spans))
        text.rstrip()
        console.print(text, soft_wrap=True, crop=False, overflow="ignore", no_wrap=True)
