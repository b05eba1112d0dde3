"""A certificate as an argument a reader follows line by line, the same in every format that shows proofs.

`argument` turns a check's certificate into paragraphs (`Words`: prose with inline formulas) and displayed
equations (`Equation`); each format sets them its own way (`latex_proof.py`, `proof_text.py`).  A normal form
too long to read is shown by its size and leading terms (`Long`), the whole of it in an appendix.
"""

from __future__ import annotations

from dataclasses import dataclass

from derivcheck.results.certificate import Expression, Form, Piece, Proof, Refutation, RuleStep, Statement
from derivcheck.results.checks import Check, CheckKind

__all__ = ["Equation", "Formula", "Long", "Words", "argument", "interval_words"]


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
_INLINE = 110


def _f(expr: Expression) -> Formula:
    return Formula(expr.text, expr.latex)


def _join(*parts: Formula | str, latex_sep: str = " ", text_sep: str = " ") -> Formula:
    texts = [p if isinstance(p, str) else p.text for p in parts]
    latexes = [p if isinstance(p, str) else p.latex for p in parts]
    return Formula(text_sep.join(texts), latex_sep.join(latexes))


def argument(check: Check) -> list[Line]:
    """The argument behind a check's verdict (empty when it carries no certificate)."""
    certificate = check.certificate
    if isinstance(certificate, Refutation):
        return _refutation(certificate)
    if not isinstance(certificate, Proof):
        return []
    about_g = check.kind in (CheckKind.DERIVATIVE, CheckKind.SECOND_DERIVATIVE)
    lines = _derivative(certificate) if about_g else []
    lines += _claim(certificate.statement, about_g=about_g)
    if certificate.limitation or not certificate.cases:
        return [*lines, Words((f"The engine closed it by {certificate.method}; no step-by-step argument is kept "
                               f"({certificate.limitation or 'none was recorded'}).",))]
    pieces = certificate.cases[0].pieces
    for piece in pieces:
        lines += _piece(piece, certificate.statement, several=len(pieces) > 1)
    lines.append(Words(_conclusion(certificate.statement, pieces)))
    return lines


def _derivative(proof: Proof) -> list[Line]:
    statement = proof.statement
    if statement.function is None:
        return []
    z = _f(statement.variable)
    order = "'" * len(statement.by)
    name = Formula(f"g{order}({z.text})", f"g{order}({z.latex})")
    if not proof.rules:
        steps = ("DiracDelta", "Heaviside")
        aside = (" (where the delta is 0 and the step constant: away from the points where their argument is 0)"
                 if any(step in statement.lhs.text for step in steps) else "")
        return [Words(("Differentiating ", _g(statement), " gives" + aside + ":")),
                Equation(name, _f(statement.lhs))]
    lines: list[Line] = [Words(("The derivative of ", _g(statement), ", rule by rule:"))]
    lines += [_rule(step) for step in proof.rules]
    roots = [step for step in proof.rules if "." not in step.number]
    found = _f(roots[0].result) if len(roots) == 1 else _f(statement.lhs)  # as the rules left it
    lines += ([Words(("Hence",)), Equation(name, found)] if len(found.latex) > _INLINE
              else [Words(("Hence ", _join(name, "=", found), "."))])
    return lines


def _g(statement: Statement) -> Formula:
    """g(z) = its formula, or only g(z) when the formula is too long to set in the text (the definition shows it)."""
    assert statement.function is not None
    z = statement.variable
    name = Formula(f"g({z.text})", f"g({z.latex})")
    whole = _join(name, "=", _f(statement.function))
    return whole if len(whole.latex) <= _INLINE else name


def _rule(step: RuleStep) -> Equation:
    v = _f(step.variable)
    lhs = Formula(f"d/d{v.text} [{step.expression.text}]",
                  rf"\frac{{d}}{{d{v.latex}}}\left[{step.expression.latex}\right]")
    note = f"{step.number} {step.rule}" + (f" ({step.note})" if step.note and len(step.note) < 30 else "")
    if step.condition:
        note += f", where {step.condition}"
    return Equation(lhs, _f(step.result), note)


def _claim(statement: Statement, *, about_g: bool = True) -> list[Line]:
    lhs = _f(statement.lhs) if statement.function is None or not about_g else Formula(
        f"g{chr(39) * len(statement.by)}({statement.variable.text})",
        f"g{chr(39) * len(statement.by)}({statement.variable.latex})")
    rhs = _f(statement.rhs)
    if len(lhs.latex) + len(rhs.latex) > _INLINE:  # a long claim is displayed, not run into the text
        lines: list[Line] = [Words(("Claim, ", *_scope(statement), ":")), Equation(lhs, rhs)]
    else:
        lines = [Words(("Claim: ", _join(lhs, "=", rhs), " ", *_scope(statement), "."))]
    if statement.output is not None:
        lines.append(Words(("Here ", _join(_f(statement.output.symbol), "=", _f(statement.output.means)),
                            " stands for the function itself.")))
    return lines


def _scope(statement: Statement) -> tuple[str | Formula, ...]:
    """For which values: `for every real z`, `for z > 1`, with `alpha > 0` or `alpha = 1/100`."""
    variable = statement.variables[0]
    z = statement.variable
    parts: list[str | Formula] = [f"for every real {z.text}"] if not variable.domain else ["for "]
    for index, interval in enumerate(variable.domain):
        parts += [" and " if index else "", interval_words(interval.lower, interval.upper, z)]
    for parameter in statement.parameters:
        parts += [", for every ", _f(parameter.symbol), " of the sign the spec gives it"] if parameter.every else [
            ", with ", _join(_f(parameter.symbol), "=", _f(parameter.value))]
    return tuple(parts)


def interval_words(lower: Expression | None, upper: Expression | None, z: Expression) -> Formula | str:
    """An open interval: `z < 0`, `0 < z < 1` as a formula; `every real z` in words."""
    if lower is None and upper is None:
        return f"every real {z.text}"
    if lower is None:
        assert upper is not None
        return _join(_f(z), Formula("<", "<"), _f(upper))
    if upper is None:
        return _join(_f(z), Formula(">", ">"), _f(lower))
    return _join(_f(lower), Formula("<", "<"), _f(z), Formula("<", "<"), _f(upper))


def _piece(piece: Piece, statement: Statement, *, several: bool) -> list[Line]:
    z = statement.variable
    lines: list[Line] = []
    where = interval_words(piece.lower, piece.upper, z)
    if several and _plain(piece):  # each side's branch there is already its normal form
        lines.append(Words(("On ", where, ", the left side is ", _f(piece.lhs.side), " and the right side is ",
                            _f(piece.rhs.side), ": the same.")))
        return lines
    if several:
        lines.append(Words(("On ", where, ", each side takes its branch there.")))
    if piece.parameterisation is not None:
        lines.append(Words(("Write ", _join(_f(z), "=", _f(piece.parameterisation)), " with ",
                            _join(_f(piece.variable), Formula(">", ">"), Formula("0", "0")), ": as ",
                            _f(piece.variable), " runs over the positive numbers, ", _f(z),
                            " runs over the whole interval.")))
        for split in piece.splits:
            product = " * ".join(f"({f.factor.text})^{f.power.text}" for f in split.factors)
            latex = r" \cdot ".join(rf"\left({f.factor.latex}\right)^{{{f.power.latex}}}" for f in split.factors)
            lines.append(Equation(_f(split.base), Formula(product, latex), "each factor > 0 for t > 0"))
    units = [s for s in piece.symbols if s.role.value == "unit"]
    opaque = [s for s in piece.symbols if s.role.value == "opaque"]
    if units or opaque:
        parts: list[str | Formula] = ["Substitute "]
        for index, stands in enumerate(units + opaque):
            parts += [", " if index else "", _join(_f(stands.symbol), "=", _f(stands.means))]
        for index, unit in enumerate(units):
            parts += [" (every exponential is then a whole power of " if not index else ", ", _f(unit.symbol)]
        if units:
            parts.append(", and " + ("it is" if len(units) == 1 else "each is") + " positive)")
        if opaque:
            parts.append(", and treat ")
            for index, stands in enumerate(opaque):
                parts += [", " if index else "", _f(stands.symbol)]
            parts.append(" as " + ("an unknown" if len(opaque) == 1 else "unknowns") + " (no property of "
                         + ("it" if len(opaque) == 1 else "them") + " is used)")
        parts.append(". Each side becomes a rational function, here in lowest terms:")
        lines.append(Words(tuple(parts)))
    else:
        lines.append(Words(("Each side is a rational function" + (" of t" if piece.parameterisation else "")
                            + "; in lowest terms:",)))
    lines += [_side(piece.lhs, "left side"), _side(piece.rhs, "right side")]
    return lines


def _plain(piece: Piece) -> bool:
    return (not piece.symbols and piece.parameterisation is None and piece.lhs.side == piece.lhs.form
            and piece.rhs.side == piece.rhs.form and piece.lhs.form.text == piece.rhs.form.text)


def _side(form: Form, note: str) -> Equation:
    # A side too long to set twice is named: it stands in full in the claim just above.
    side = _f(form.side) if len(form.side.latex) <= 2 * _INLINE else Formula(note, rf"\text{{{note}}}")
    if form.summary is None:
        return Equation(side, _f(form.form), note)
    s = form.summary
    shape = (f"{s.numerator_terms} terms of degree {s.degree} over {s.denominator_terms} terms of degree "
             f"{s.denominator_degree}")
    return Equation(side, Long(shape, _f(s.numerator_lead), _f(s.denominator_lead), _f(form.form)), note)


def _conclusion(statement: Statement, pieces: tuple[Piece, ...]) -> tuple[str | Formula, ...]:
    same = "The two normal forms are the same rational function, term by term"
    if len(pieces) > 1:
        return (f"{same} on each piece; hence the claim holds on each branch, that is ", *_scope(statement),
                " but at the points where the branches meet (those are the kink analysis' task).")
    return (f"{same}; hence the two sides are equal ", *_scope(statement), ".")


def _refutation(refutation: Refutation) -> list[Line]:
    statement = refutation.statement
    point = refutation.point[0]
    lines: list[Line] = _claim(statement)
    lines.append(Words(("Counterexample: at ", _join(_f(point.symbol), "=", _f(point.means)),
                        " the two sides differ. Evaluated twice, at two precisions:")))
    for enclosure in refutation.enclosures:
        lines.append(Words((f"to {enclosure.digits} significant digits: left side {enclosure.lhs}, right side "
                            f"{enclosure.rhs}, difference {enclosure.difference};",)))
    if refutation.enclosures:
        lines.append(Words(("Both precisions agree on the difference, well above their rounding: the claim is "
                            "false at this point, so it is false.",)))
    return lines
