"""Turn result text into Markdown: escaped prose and formulas that survive a code-hosting site's renderer."""

from __future__ import annotations

import re

from derivcheck.report.proof import safe_formula
from derivcheck.report.safe import visible
from derivcheck.results.checks import Math
from derivcheck.results.numbers import DIGITS, short_number

#: Markdown punctuation that could start emphasis, links, images, code, table cells, headings or math, and
#: HTML as entities. (Line-start markers such as `-` or `1.` need nothing: user text never starts a line.)
_PUNCTUATION = set("\\`*_[]#|~$")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "@": "&#64;"}

#: Rewrites that keep sympy's LaTeX intact when the site runs Markdown over it before MathJax does:
#: backslash-escaped punctuation (`\{`, `\,`, `\\`) would lose its backslash, `<`/`>` may open HTML,
#: and `|` splits table cells.
_MATH_REWRITES = (
    ("\\\\", r" \cr "), ("\\{", r"\lbrace "), ("\\}", r"\rbrace "), ("\\,", r"\mkern3mu "),
    ("\\;", r"\mkern5mu "), ("\\:", r"\mkern4mu "), ("\\!", r"\mkern-3mu "), ("\\|", r"\Vert "),
    ("<", r"\lt "), (">", r"\gt "), ("|", r"\vert "), ("\\ ", r"\mkern6mu "),
)


def escape(text: str | None) -> str:
    """User text as inert Markdown on one line: punctuation backslash-escaped, HTML characters as entities."""
    out: list[str] = []
    for char in visible(text or "", newlines=False):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def formula(value: Math) -> str:
    """The sympy LaTeX of `value` made safe for Markdown math (inline or display), or None-safe plain text."""
    if not safe_formula(value.latex):
        return r"\text{(formula not shown)}"
    latex = value.latex
    for old, new in _MATH_REWRITES:
        latex = latex.replace(old, new)
    return re.sub(r" +", " ", latex).strip()


def inline(value: Math) -> str:
    """Inline math in the $`...`$ form, whose body the Markdown parser leaves alone."""
    return "$`" + formula(value).replace("`", "") + "`$"


def display(latex: str) -> str:
    """A display-math block with `$$` on lines of their own, blank lines around it."""
    return f"\n$$\n{latex}\n$$\n\n"


def number(text: str | None, digits: int = DIGITS) -> str:
    """A value for a table cell: decimals shortened (`4.53958e-05`, the plain-text spelling of every report),
    a fraction too long to read by its value (`≈ 1.75813`), other text escaped."""
    if text is None:
        return "—"
    shown = short_number(text, digits)
    if shown is not None:
        power = "" if shown.exponent is None else f"e{shown.exponent:+03d}"
        return ("≈ " if shown.approximate else "") + escape(shown.mantissa + power)
    return escape(text)
