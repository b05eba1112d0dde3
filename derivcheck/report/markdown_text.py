"""Turn result text into Markdown: escaped prose and formulas that survive a code-hosting site's renderer."""

from __future__ import annotations

import re

from derivcheck.report.proof import safe_formula
from derivcheck.report.safe import visible
from derivcheck.results.checks import Math, Written
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
    return math_text(value.latex)


def math_text(latex: str) -> str:
    """LaTeX made safe for Markdown math (inline or display); a formula that is not safe is not shown."""
    if not safe_formula(latex):
        return r"\text{(formula not shown)}"
    for old, new in _MATH_REWRITES:
        latex = latex.replace(old, new)
    return re.sub(r" +", " ", latex).strip()


def inline(value: Math) -> str:
    """Inline math in the $`...`$ form, whose body the Markdown parser leaves alone."""
    return "$`" + formula(value).replace("`", "") + "`$"


def written_math(value: Written | None, fallback: Math | None = None) -> str | None:
    """An expression as the spec writes it, typeset in source order (LaTeX, safe for Markdown math); sympy's
    form (`fallback`) only for a claim without a source; None when there is no LaTeX to show."""
    if value is not None:
        return math_text(value.latex) if value.latex is not None else None
    return None if fallback is None else formula(fallback)


def inline_written(value: Written | None, fallback: Math | None = None) -> str:
    """`written_math` as inline math; the text itself, escaped, where it could not be typeset."""
    shown = written_math(value, fallback)
    if shown is not None:
        return "$`" + shown.replace("`", "") + "`$"
    return escape(" ".join(value.text.split())) if value is not None else ""


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
