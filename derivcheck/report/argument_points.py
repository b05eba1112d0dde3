"""The argument of a counterexample and of a value declared at a point, from their certificates."""

from __future__ import annotations

from derivcheck.report.argument_lines import Formula, Line, Words, claim_lines, formula, join
from derivcheck.results.certificate import KinkProof, Refutation

__all__ = ["kink_lines", "refutation_lines"]


def refutation_lines(refutation: Refutation) -> list[Line]:
    """The claim, the point, and both sides there at two precisions."""
    statement = refutation.statement
    point = refutation.point[0]
    lines: list[Line] = claim_lines(statement)
    lines.append(Words(("Counterexample: at ", join(formula(point.symbol), "=", formula(point.means)),
                        " the two sides differ. Evaluated twice, at two precisions:")))
    for enclosure in refutation.enclosures:
        lines.append(Words((f"to {enclosure.digits} significant digits: left side {enclosure.lhs}, right side "
                            f"{enclosure.rhs}, difference {enclosure.difference};",)))
    if refutation.enclosures:
        lines.append(Words(("Both precisions agree on the difference, well above their rounding: the claim is "
                            "false at this point, so it is false.",)))
    return lines


_FINDINGS = {
    "differentiable": "g is continuous there and both one-sided derivatives agree, so g is differentiable with",
    "kink": ("g is continuous there but the one-sided derivatives differ: a kink, where g has no derivative and "
             "a declared value must lie between them (a subgradient)"),
    "jump": ("g jumps there, so it has no derivative; a declared value is a convention, a one-sided derivative or "
             "between them"),
}


def kink_lines(kink: KinkProof) -> list[Line]:
    """The one-sided derivatives at the point and where the declared value lies between them."""
    z, point = formula(kink.variable), formula(kink.point)
    at = join(z, "=", point)
    parts: list[str | Formula] = ["At ", at, ": "]
    sides = [("from the left", kink.left_derivative), ("from the right", kink.right_derivative)]
    for index, (side, value) in enumerate(sides):
        if value is not None:
            parts += [", and " if index else "", "g' tends to ", formula(value), f" {side}"]
    parts.append(f". {_FINDINGS.get(kink.finding, kink.finding)}")
    if kink.finding == "differentiable" and kink.declared is not None:
        parts += [" ", join(Formula("g'", "g'"), Formula("=", "="), formula(kink.declared)), "."]
    else:
        parts.append(".")
    lines: list[Line] = [Words(tuple(parts))]
    declared: list[str | Formula] = (["The spec declares no value there (undefined), as it should."]
                                     if kink.declared is None else
                                     ["The declared value is ", formula(kink.declared), ": "
                                      + kink.placement.rsplit("; ", 1)[-1] + "."])
    lines.append(Words(tuple(declared)))
    return lines
