"""Lay text out in lines and columns for a width (or none) without ever breaking a token.

Text is wrapped only at spaces, and never inside a span marked whole (a method, a label, a path), so a number,
a name, a path or a method is never cut in two.  A single token wider than the whole width is left whole (the
terminal may fold it; the report never does).  Tables are laid out by `columns.py` on the same rules.

Styled text is a tuple of spans (text, style name); the writer (`report/styled_output.py`) gives the styles
their colours.  Widths are terminal cells: wide East Asian characters count two, combining marks and
zero-width characters nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["KEEP", "Span", "Styled", "cells", "paragraph", "style_of", "styled", "whole", "wrap"]

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
