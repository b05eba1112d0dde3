"""Numbers for one backward line at one choice of sizes: a line through the inputs and parameters, on which the
one-variable rules certify a counterexample (`find_counterexample`) or confirm a proof (`agreement`).

Every entry of the line's equation is compared on the same line x(t) = base + t * direction (exact rationals,
every coordinate moving, labels at fixed values, a constrained input's columns kept on their constraint), so a
point where they differ names every input and parameter entry at once.  An opaque g is replaced by `STAND_IN`
first, and the point says so.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.multi.cases import Case, Group
from derivcheck.engine.multi.lines import Line, random_lines
from derivcheck.engine.network.functions import STAND_IN_TEXT, numeric
from derivcheck.engine.network.instance import Instance
from derivcheck.engine.network.steps import kink_arguments
from derivcheck.engine.numbers.certify import Agreement, certify_difference, find_counterexample
from derivcheck.engine.numbers.evaluate import AGREE_DIGITS, AGREE_TOLERANCE, evaluate, relative_gap
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.branch_points import branch_points
from derivcheck.results.checks import Coordinate, Counterexample

__all__ = ["Place", "confirm_entry", "counterexample_at", "place", "screen_entry", "search_entry"]


@dataclass(frozen=True)
class Place:
    """Where one size's numbers are taken: fixed label values, and a line through everything else."""

    instance: Instance
    labels: dict[sympy.Symbol, sympy.Expr]
    line: Line | None  # None: no line fits the domains (then nothing is certified or confirmed here)

    def on_line(self, truth: sympy.Expr, claimed: sympy.Expr) -> Line | None:
        """The entry truth == claimed on this place's line (opaque functions replaced by the stand-in)."""
        if self.line is None:
            return None
        functions = self.instance.model.functions
        case = replace(self.line.case, truth=numeric(functions, truth, written_out=True).xreplace(self.labels),
                       claimed=numeric(functions, claimed, written_out=True).xreplace(self.labels))
        return Line(case, self.line.base, self.line.direction, self.line.t, self.line.interval)


def place(inst: Instance, seed: int) -> Place:
    """Label values and a seeded line for `inst` (one-hot labels where a constraint makes columns add up to 1)."""
    model = inst.model
    rng = random.Random(seed)
    labels: dict[sympy.Symbol, sympy.Expr] = {}
    constrained = {c.name: c for c in model.constraints}
    for name, values in model.labels.items():
        m = inst.matrices[name]
        constraint = constrained.get(name)
        if constraint is not None:  # one-hot along the constrained axis
            lines = [m[:, j] for j in range(m.cols)] if constraint.axis == 0 else [m[i, :] for i in range(m.rows)]
            for entries in lines:
                hot = rng.randrange(len(entries))
                labels |= {e: sympy.Integer(1 if k == hot else 0) for k, e in enumerate(entries)}
        else:
            labels |= {e: rng.choice(values) for e in m}
    coordinates = tuple((e.symbol, model.domains.get(e.name, sympy.S.Reals)) for e in inst.entries
                        if e.symbol not in labels)
    groups = []
    for constraint in model.constraints:
        if constraint.name in model.labels:
            continue
        m = inst.matrices[constraint.name]
        lines = [m[:, j] for j in range(m.cols)] if constraint.axis == 0 else [m[i, :] for i in range(m.rows)]
        groups += [Group(tuple(entries), constraint.value) for entries in lines]
    case = Case(truth=sympy.S.Zero, claimed=sympy.S.Zero, coordinates=coordinates, fixed=(), groups=tuple(groups))
    found = random_lines(case, 1, seed=seed)
    return Place(inst, labels, found[0] if found else None)


def _matrix_text(inst: Instance, name: str, values: dict[sympy.Symbol, sympy.Expr]) -> str:
    m = inst.matrices[name]
    rows = ["[" + ", ".join(sympy.sstr(values[m[r, c]]) for c in range(m.cols)) + "]" for r in range(m.rows)]
    return "[" + ", ".join(rows) + "]"


def counterexample_at(found: Counterexample, where: Place, line: Line, entry: str) -> Counterexample:
    """A counterexample of the line problem (a value of t) as a point naming every size, the entry, every input
    and parameter entry, and the stand-in for an opaque g."""
    inst = where.instance
    t = _t_of(found.point)
    values = {**line.at(t), **where.labels}
    coordinates = [Coordinate(name, str(size)) for name, size in inst.sizes.items()]
    coordinates.append(Coordinate("entry", entry))
    coordinates += [Coordinate(name, _matrix_text(inst, name, values)) for name in inst.matrices]
    coordinates += [Coordinate(name, STAND_IN_TEXT) for name, _, _ in inst.model.functions.opaque]
    shown = ", ".join(f"{c.name} = {c.value}" if c.name != "entry" else f"entry {c.value}" for c in coordinates)
    shown = shown.replace(f"{STAND_IN_TEXT}", f"{STAND_IN_TEXT} (a stand-in for any g)")
    return replace(found, point=shown, at=tuple(coordinates))


def _t_of(text: str) -> sympy.Rational:
    numerator, _, denominator = text.partition("/")
    return sympy.Rational(int(numerator), int(denominator or 1))


def screen_entry(where: Place, truth: sympy.Expr, claimed: sympy.Expr, entry: str) -> Counterexample | None:
    """A certified difference at the line's base point, named in every variable; else None."""
    line = where.on_line(truth, claimed)
    if line is None:
        return None
    found = find_counterexample(line.problem, line.truth, line.claimed, [sympy.S.Zero])
    return None if found is None else counterexample_at(found, where, line, entry)


def search_entry(where: Place, truth: sympy.Expr, claimed: sympy.Expr, entry: str, *,
                 samples: int = 12) -> Counterexample | None:
    """A wider search for an entry no proof closed: samples along the line and beside every breakpoint."""
    line = where.on_line(truth, claimed)
    if line is None:
        return None
    # The line's base point first (its entries the simplest: one sampled rational each), then along the line.
    candidates: Sequence[sympy.Expr] = [sympy.S.Zero, *sample_points(line.problem, samples, seed=3),
                                        *branch_points(line.problem, (line.truth, line.claimed))]
    found = find_counterexample(line.problem, line.truth, line.claimed, candidates)
    return None if found is None else counterexample_at(found, where, line, entry)


def confirm_entry(where: Place, truth: sympy.Expr, claimed: sympy.Expr, entry: str, *, need: int,
                  seed: int) -> Agreement:
    """decide's numeric half: fresh points of the line until `need` agree, or a certified difference.

    Both sides are evaluated at the point itself (every entry a rational: far cheaper than the sides restricted
    to the line); a point on a kink of either side is passed over, and a difference is certified on the line
    through the point, with the one-variable rules, before it counts.
    """
    if where.line is None:
        return Agreement((), (), 1)
    functions = where.instance.model.functions
    sides = numeric(functions, truth).xreplace(where.labels), numeric(functions, claimed).xreplace(where.labels)
    kinks = [u for side in sides for u in kink_arguments(side)]
    agreeing: list[sympy.Expr] = []
    inconclusive = 0
    for t in sample_points(where.line.problem, 4 * need, seed=seed):
        if len(agreeing) >= need:
            break
        values = where.line.at(t)
        if any(u.xreplace(values).is_zero is not False for u in kinks):
            inconclusive += 1  # on a kink (or too close to tell): sympy's conventions would decide there
            continue
        found = [evaluate(side.xreplace(values), _CONSTANT, sympy.S.Zero, AGREE_DIGITS, patient=False)
                 for side in sides]
        if found[0] is None or found[1] is None:
            inconclusive += 1
        elif relative_gap(found[0], found[1]) <= AGREE_TOLERANCE:
            agreeing.append(t)
        else:
            line = where.on_line(truth, claimed)
            assert line is not None
            difference = certify_difference(line.problem, line.truth, line.claimed, t)
            if difference is not None:
                return Agreement(tuple(agreeing), (counterexample_at(difference, where, line, entry),), inconclusive)
            inconclusive += 1
    return Agreement(tuple(agreeing), (), inconclusive)


#: A problem in a variable no constant mentions: `evaluate` of a constant expression.
_CONSTANT = Problem(z=sympy.Dummy("t", real=True), a=sympy.Dummy("a"), g=sympy.S.Zero)
