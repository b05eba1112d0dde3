"""The lines of a written argument (prose with formulas, displayed equations) and how a claim is stated."""

from __future__ import annotations

from dataclasses import dataclass

from derivcheck.results.certificate import Expression, Statement

__all__ = ["INLINE", "Equation", "Formula", "Line", "Long", "Words", "claim_lines", "formula", "interval_words",
           "join", "scope_parts"]


@dataclass(frozen=True)
class Formula:
    """A formula: plain text and LaTeX."""

    text: str
    latex: str


@dataclass(frozen=True)
class Long:
    """A normal form too long to show whole: its shape, and the whole form (for an appendix)."""

    shape: str  # "2 terms of degree 4 over 3 terms of degree 6"
    numerator_lead: Formula
    denominator_lead: Formula
    whole: Formula


@dataclass(frozen=True)
class Words:
    """A paragraph: prose with formulas in line."""

    parts: tuple[str | Formula, ...]


@dataclass(frozen=True)
class Equation:
    """A displayed line `lhs = rhs` with a note in words (a rule's name, which side)."""

    lhs: Formula
    rhs: Formula | Long
    note: str = ""
    relation: str = "="


Line = Words | Equation

#: Formulas longer than this (in LaTeX characters) are displayed on a line of their own, not set in the text.
INLINE = 110


def formula(expr: Expression) -> Formula:
    """A certificate expression's text and LaTeX."""
    return Formula(expr.text, expr.latex)


def join(*parts: Formula | str, latex_sep: str = " ", text_sep: str = " ") -> Formula:
    """Formulas and bits of formula text set side by side as one formula."""
    texts = [p if isinstance(p, str) else p.text for p in parts]
    latexes = [p if isinstance(p, str) else p.latex for p in parts]
    return Formula(text_sep.join(texts), latex_sep.join(latexes))


def claim_lines(statement: Statement, *, about_g: bool = True) -> list[Line]:
    """The claim (`g'(z) = ...` when it is about g) with its scope, and what the output name stands for."""
    lhs = formula(statement.lhs) if statement.function is None or not about_g else Formula(
        f"g{chr(39) * len(statement.by)}({statement.variable.text})",
        f"g{chr(39) * len(statement.by)}({statement.variable.latex})")
    rhs = formula(statement.rhs)
    if len(lhs.latex) + len(rhs.latex) > INLINE:  # a long claim is displayed, not run into the text
        lines: list[Line] = [Words(("Claim, ", *scope_parts(statement), ":")), Equation(lhs, rhs)]
    else:
        lines = [Words(("Claim: ", join(lhs, "=", rhs), " ", *scope_parts(statement), "."))]
    if statement.output is not None:
        lines.append(Words(("Here ", join(formula(statement.output.symbol), "=", formula(statement.output.means)),
                            " stands for the function itself.")))
    return lines


def scope_parts(statement: Statement) -> tuple[str | Formula, ...]:
    """For which values: `for every real z`, `for z > 1`, with `alpha > 0` or `alpha = 1/100`."""
    variable = statement.variables[0]
    z = statement.variable
    parts: list[str | Formula] = [f"for every real {z.text}"] if not variable.domain else ["for "]
    for index, interval in enumerate(variable.domain):
        parts += [" and " if index else "", interval_words(interval.lower, interval.upper, z)]
    for parameter in statement.parameters:
        parts += [", for every ", formula(parameter.symbol), " of the sign the spec gives it"] if parameter.every else [
            ", with ", join(formula(parameter.symbol), "=", formula(parameter.value))]
    return tuple(parts)


def interval_words(lower: Expression | None, upper: Expression | None, z: Expression) -> Formula | str:
    """An open interval: `z < 0`, `0 < z < 1` as a formula; `every real z` in words."""
    if lower is None and upper is None:
        return f"every real {z.text}"
    if lower is None:
        assert upper is not None
        return join(formula(z), Formula("<", "<"), formula(upper))
    if upper is None:
        return join(formula(z), Formula(">", ">"), formula(lower))
    return join(formula(lower), Formula("<", "<"), formula(z), Formula("<", "<"), formula(upper))


