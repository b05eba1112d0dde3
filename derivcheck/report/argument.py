"""A certificate as an argument a reader follows line by line, the same in every format that shows proofs.

`argument` turns a check's certificate into paragraphs (`Words`: prose with inline formulas) and displayed
equations (`Equation`); each format sets them its own way (`latex_proof.py`, `proof_text.py`).  A normal form
too long to read is shown by its size and leading terms (`Long`), the whole of it in an appendix.
"""

from __future__ import annotations

from derivcheck.report.argument_lines import (
    INLINE,
    Equation,
    Formula,
    Line,
    Long,
    Words,
    claim_lines,
    formula,
    interval_words,
    join,
    scope_parts,
)
from derivcheck.report.argument_points import kink_lines, refutation_lines
from derivcheck.results.certificate import Form, KinkProof, Piece, Proof, Refutation, RuleStep, Statement
from derivcheck.results.checks import Check, CheckKind

__all__ = ["argument"]


def argument(check: Check) -> list[Line]:
    """The argument behind a check's verdict (empty when it carries no certificate)."""
    certificate = check.certificate
    if isinstance(certificate, Refutation):
        return refutation_lines(certificate)
    if isinstance(certificate, KinkProof):
        return kink_lines(certificate)
    if not isinstance(certificate, Proof):
        return []
    about_g = check.kind in (CheckKind.DERIVATIVE, CheckKind.SECOND_DERIVATIVE)
    lines = _derivative(certificate) if about_g else []
    lines += claim_lines(certificate.statement, about_g=about_g)
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
    z = formula(statement.variable)
    order = "'" * len(statement.by)
    name = Formula(f"g{order}({z.text})", f"g{order}({z.latex})")
    if not proof.rules:
        steps = ("DiracDelta", "Heaviside")
        aside = (" (where the delta is 0 and the step constant: away from the points where their argument is 0)"
                 if any(step in statement.lhs.text for step in steps) else "")
        return [Words(("Differentiating ", _g(statement), " gives" + aside + ":")),
                Equation(name, formula(statement.lhs))]
    lines: list[Line] = [Words(("The derivative of ", _g(statement), ", rule by rule:"))]
    lines += [_rule(step) for step in proof.rules]
    roots = [step for step in proof.rules if "." not in step.number]
    found = formula(roots[0].result) if len(roots) == 1 else formula(statement.lhs)  # as the rules left it
    lines += ([Words(("Hence",)), Equation(name, found)] if len(found.latex) > INLINE
              else [Words(("Hence ", join(name, "=", found), "."))])
    return lines


def _g(statement: Statement) -> Formula:
    """g(z) = its formula, or only g(z) when the formula is too long to set in the text (the definition shows it)."""
    assert statement.function is not None
    z = statement.variable
    name = Formula(f"g({z.text})", f"g({z.latex})")
    whole = join(name, "=", formula(statement.function))
    return whole if len(whole.latex) <= INLINE else name


def _rule(step: RuleStep) -> Equation:
    v = formula(step.variable)
    lhs = Formula(f"d/d{v.text} [{step.expression.text}]",
                  rf"\frac{{d}}{{d{v.latex}}}\left[{step.expression.latex}\right]")
    note = f"{step.number} {step.rule}" + (f" ({step.note})" if step.note and len(step.note) < 30 else "")
    if step.condition:
        note += f", where {step.condition}"
    return Equation(lhs, formula(step.result), note)


def _piece(piece: Piece, statement: Statement, *, several: bool) -> list[Line]:
    z = statement.variable
    lines: list[Line] = []
    where = interval_words(piece.lower, piece.upper, z)
    if several and _plain(piece):  # each side's branch there is already its normal form
        lines.append(Words(("On ", where, ", the left side is ", formula(piece.lhs.side), " and the right side is ",
                            formula(piece.rhs.side), ": the same.")))
        return lines
    if several:
        lines.append(Words(("On ", where, ", each side takes its branch there.")))
    if piece.parameterisation is not None:
        lines.append(Words(("Write ", join(formula(z), "=", formula(piece.parameterisation)), " with ",
                            join(formula(piece.variable), Formula(">", ">"), Formula("0", "0")), ": as ",
                            formula(piece.variable), " runs over the positive numbers, ", formula(z),
                            " runs over the whole interval.")))
        for split in piece.splits:
            product = " * ".join(f"({f.factor.text})^{f.power.text}" for f in split.factors)
            latex = r" \cdot ".join(rf"\left({f.factor.latex}\right)^{{{f.power.latex}}}" for f in split.factors)
            lines.append(Equation(formula(split.base), Formula(product, latex), "each factor > 0 for t > 0"))
    units = [s for s in piece.symbols if s.role.value == "unit"]
    opaque = [s for s in piece.symbols if s.role.value == "opaque"]
    if units or opaque:
        parts: list[str | Formula] = ["Substitute "]
        for index, stands in enumerate(units + opaque):
            parts += [", " if index else "", join(formula(stands.symbol), "=", formula(stands.means))]
        for index, unit in enumerate(units):
            parts += [" (every exponential is then a whole power of " if not index else ", ", formula(unit.symbol)]
        if units:
            parts.append(", and " + ("it is" if len(units) == 1 else "each is") + " positive)")
        if opaque:
            parts.append(", and treat ")
            for index, stands in enumerate(opaque):
                parts += [", " if index else "", formula(stands.symbol)]
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
    side = formula(form.side) if len(form.side.latex) <= 2 * INLINE else Formula(note, rf"\text{{{note}}}")
    if form.summary is None:
        return Equation(side, formula(form.form), note)
    s = form.summary
    shape = (f"{s.numerator_terms} terms of degree {s.degree} over {s.denominator_terms} terms of degree "
             f"{s.denominator_degree}")
    return Equation(side, Long(shape, formula(s.numerator_lead), formula(s.denominator_lead), formula(form.form)), note)


def _conclusion(statement: Statement, pieces: tuple[Piece, ...]) -> tuple[str | Formula, ...]:
    same = "The two normal forms are the same rational function, term by term"
    if len(pieces) > 1:
        return (f"{same} on each piece; hence the claim holds on each branch: ", *scope_parts(statement),
                ", except at the points where the branches meet (those are judged on their own).")
    return (f"{same}; hence the two sides are equal ", *scope_parts(statement), ".")
