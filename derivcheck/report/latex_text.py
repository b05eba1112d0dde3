"""Turn result text into LaTeX: escaped prose, guarded formulas, short numbers, symbol names."""

from __future__ import annotations

import re
import unicodedata

from derivcheck.report.proof import identifier_parts, rational, safe_formula
from derivcheck.report.safe import COLON_BREAK, visible
from derivcheck.results.checks import Math, Written
from derivcheck.results.numbers import DIGITS, short_number

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}", '"': "''", "`": r"\textasciigrave{}", "[": "{[}", "]": "{]}",
}
#: Characters that TeX joins into ligatures when doubled (`--` is a dash, `''` a closing quote).
_LIGATURE = "-'"
_WIDE = {
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``", "\u201d": "''",
    "\u2026": r"\dots{}", "\u00a0": "~", "\u00df": r"\ss{}", "\u00e6": r"\ae{}", "\u00c6": r"\AE{}",
    "\u00f8": r"\o{}", "\u00d8": r"\O{}", "\u0153": r"\oe{}", "\u0152": r"\OE{}", "\u00b7": r"\textperiodcentered{}",
    "\u00d7": r"$\times$", "\u2212": r"$-$", "\u00b1": r"$\pm$", "\u2032": "$'$", "\u2192": r"$\to$",
    "\u2248": r"$\approx$", "\u2264": r"$\le$", "\u2265": r"$\ge$", "\u221e": r"$\infty$",
    COLON_BREAK: "{}",  # what keeps two colons of user text apart (`:{}:` sets as `::`)
}
#: Combining accents that pdflatex's default (OT1) fonts can set over an ASCII letter.
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0327": "c",
            "\u030c": "v", "\u030a": "r", "\u0304": "="}
_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
    "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
    "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"})


def escape(text: str | None) -> str:
    """User text as inert LaTeX prose: specials escaped, control characters shown, other characters mapped."""
    out: list[str] = []
    shown = visible(text or "", newlines=False)
    for index, char in enumerate(shown):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _LIGATURE and shown[index + 1:index + 2] in ("-", "'", "`"):
            out.append(char + "{}")
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(_wide(char))
    # Long digit strings (exact rationals) may break across lines instead of running into the margin.
    text = re.sub(r"(?<=\d)/(?=\d{12})", r"/\\allowbreak{}", "".join(out))  # and after a long fraction's slash
    return re.sub(r"\d{12,}", lambda m: r"\allowbreak{}".join(re.findall(r"\d{1,8}", m.group())), text)


def _wide(char: str) -> str:
    if char in _WIDE:
        return _WIDE[char]
    parts = unicodedata.normalize("NFD", char)
    if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() and parts[1] in _ACCENTS:
        return f"\\{_ACCENTS[parts[1]]}{{{parts[0]}}}"
    name = unicodedata.name(char, "")
    if name.startswith("GREEK ") and name.split()[-1].lower() in _GREEK:
        letter = name.split()[-1].lower()
        return f"$\\{letter.capitalize() if 'CAPITAL' in name else letter}$"
    return f"\\textsf{{[U+{ord(char):04X}]}}"


def formula(value: Math) -> str:
    """The sympy LaTeX of `value`, or its plain text in typewriter type if the LaTeX is not safe to set."""
    if safe_formula(value.latex):
        return value.latex
    return r"\text{\texttt{" + escape(value.text) + "}}"


def written(value: Written | None, fallback: Math | None = None) -> str | None:
    """An expression as the spec writes it, typeset in source order; its text in typewriter type where it
    could not be typeset; sympy's form (`fallback`) only for a claim that has no source; else None."""
    if value is not None:
        if value.latex is not None and safe_formula(value.latex):
            return value.latex
        return r"\text{\texttt{" + escape(" ".join(value.text.split())) + "}}"
    return None if fallback is None else formula(fallback)


def number(text: str | None, digits: int = DIGITS) -> str:
    """A value from a table cell as LaTeX (text mode): short decimals and fractions as math, words escaped."""
    if text is None:
        return "---"
    shown = number_math(text, digits)
    return f"${shown}$" if shown is not None else escape(text)


def number_math(text: str, digits: int = DIGITS) -> str | None:
    """A short decimal or an exact fraction as math-mode LaTeX (a fraction too long to read by its value,
    marked as approximate), or None for anything else."""
    shown = short_number(text, digits)
    if shown is not None:
        return (r"\approx " if shown.approximate else "") + shown.mantissa + (
            "" if shown.exponent is None else rf" \times 10^{{{shown.exponent}}}")
    fraction = rational(text)
    if fraction is not None:
        sign = "-" if fraction[0].startswith("-") else ""
        return rf"{sign}\tfrac{{{fraction[0].lstrip('-')}}}{{{fraction[1]}}}"
    return None


def point(z: str, text: str, digits: int = DIGITS) -> str:
    """`z = value` in text mode, the value as math when it is a number."""
    shown = number_math(text, digits)
    return f"${z} = {shown}$" if shown is not None else f"${z} = {{}}$" + r"\texttt{" + escape(text) + "}"


def symbol(name: str) -> str:
    """An identifier (variable, output or parameter name) as math, the way sympy prints symbols."""
    base, sub = identifier_parts(name)
    if not re.fullmatch(r"[A-Za-z]+", base) or (sub is not None and not re.fullmatch(r"[A-Za-z0-9]+", sub)):
        return r"\mathit{" + escape(name) + "}"
    head = f"\\{base}" if base in _GREEK else base if len(base) == 1 else rf"\mathit{{{base}}}"
    return head if sub is None else f"{head}_{{{sub}}}"
