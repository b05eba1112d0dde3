"""Exact proofs that claimed - truth vanishes on the domain, trying the cheapest strategy first."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import sympy

from derivcheck.engine.pieces import Piece, pieces
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.on_domain import on_interval

NORMAL_FORM = "exp-rational normal form"
ON_DOMAIN = "exp-rational normal form on the domain"
PER_BRANCH = "per-branch"
SIMPLIFY = "simplify"

_KINKY = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign, sympy.DiracDelta)


@dataclass(frozen=True)
class Closed:
    """One open interval (lower, upper) the proof closed, by `method`; on the domain, z = phi(t) with t > 0."""

    lower: sympy.Expr
    upper: sympy.Expr
    method: str
    phi: sympy.Expr | None = None
    t: sympy.Symbol | None = None
    branches: bool = False  # the sides were split into branches there (a per-branch proof)


_EVERYWHERE = (Closed(sympy.S.NegativeInfinity, sympy.S.Infinity, NORMAL_FORM),)


@dataclass(frozen=True)
class ProofAttempt:
    """The outcome of one proof search: proved only by an exact symbolic argument."""

    proved: bool
    method: str | None
    detail: str
    #: The open piece (lower, upper) a per-branch proof could not close: where a counterexample may be.
    unclosed: tuple[sympy.Expr, sympy.Expr] | None = None
    #: What a proof closed, piece by piece, by an exact normal form (empty after `simplify`): its certificate's
    #: skeleton.
    closed: tuple[Closed, ...] = field(default=(), compare=False)


def difference(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr) -> sympy.Expr:
    """claimed (with the output name replaced by g) minus truth."""
    result: sympy.Expr = problem.with_output(claimed) - truth
    return result


def _has_kinks(expr: sympy.Expr, z: sympy.Symbol) -> bool:
    return any(z in node.free_symbols for node in expr.atoms(*_KINKY))


def _time_left(deadline: float | None) -> bool:
    return deadline is None or time.monotonic() < deadline


def _simplifies_to_zero(expr: sympy.Expr) -> tuple[bool, str]:
    """sympy.simplify, then simplify of the exp rewrite; (proved, what happened)."""
    try:
        if sympy.simplify(expr) == 0:
            return True, "simplify"
        if sympy.simplify(expr.rewrite(sympy.exp)) == 0:
            return True, "simplify after rewriting to exp"
    except Exception as error:  # sympy raises many kinds; any failure only means no proof
        return False, f"simplify raised {type(error).__name__}"
    return False, "simplify left a nonzero expression"


def _zero_on(expr: sympy.Expr, z: sympy.Symbol, interval: sympy.Set) -> tuple[sympy.Expr, sympy.Symbol] | None:
    """(phi, t) when the normal form of `expr` written on the interval (z = phi(t), t > 0; see on_domain) is zero."""
    for written, t, phi in on_interval(expr, z, interval):
        if exp_rational_zero(written, t):
            return phi, t
    return None


def _close(expr: sympy.Expr, z: sympy.Symbol, deadline: float | None, simplify: bool,
           interval: sympy.Interval) -> tuple[Closed | None, str]:
    """Prove one Piecewise-free expression zero on the open `interval`: (what closed it, or None; detail)."""
    lower, upper = interval.inf, interval.sup
    if exp_rational_zero(expr, z):
        return Closed(lower, upper, NORMAL_FORM, branches=True), ""
    on = _zero_on(expr, z, interval)
    if on is not None:
        return Closed(lower, upper, ON_DOMAIN, on[0], on[1], branches=True), ""
    if not simplify:
        return None, "the exp-rational normal form is not zero (simplify not tried yet)"
    if not _time_left(deadline):
        return None, "the exp-rational normal form is not zero and no time is left for simplify"
    proved, detail = _simplifies_to_zero(expr)
    if proved:
        return Closed(lower, upper, SIMPLIFY, branches=True), detail
    return None, f"the exp-rational normal form is not zero; {detail}"


def _interval_text(piece: Piece, z: sympy.Symbol) -> str:
    if piece.lower.is_infinite and piece.upper.is_infinite:
        return f"all real {z}"
    if piece.lower.is_infinite:
        return f"{z} < {piece.upper}"
    if piece.upper.is_infinite:
        return f"{z} > {piece.lower}"
    return f"{piece.lower} < {z} < {piece.upper}"


def _per_branch(expr: sympy.Expr, problem: Problem, deadline: float | None, for_all: bool,
                simplify: bool) -> ProofAttempt:
    z = problem.z
    # For every parameter value, the domain too must be kept symbolic: at the values it may hide a kink
    # that other values bring inside (abs(z - 1/2) on z > alpha is smooth for alpha = 1, not for 1/4).
    domain = problem.interval_for(for_all=for_all)
    if domain is None:
        return ProofAttempt(False, None, "per-branch: the domain depends on the parameters in a way that "
                            "cannot be kept symbolic")
    intervals = domain.args if isinstance(domain, sympy.Union) else (domain,)
    found: list[Piece] = []
    for interval in intervals:
        split = pieces(expr, z, interval, problem.parameters, for_all=for_all)
        if split is None:
            why = ("the branches cannot be chosen for every parameter value of that sign" if for_all
                   else "the breakpoints cannot be found exactly")
            return ProofAttempt(False, None, f"per-branch: {why}")
        found.extend(split)
    closed: list[Closed] = []
    for piece in found:
        done, detail = _close(piece.expr, z, deadline, simplify, _open(piece.lower, piece.upper))
        if done is None:
            where = _interval_text(piece, z)
            return ProofAttempt(False, None, f"per-branch: not closed on {where}: {detail}",
                                unclosed=(piece.lower, piece.upper))
        closed.append(done)
    methods = {c.method for c in closed}
    inner = " / ".join(m for m in (NORMAL_FORM, ON_DOMAIN, SIMPLIFY) if m in methods)
    where = "; ".join(_interval_text(Piece(c.lower, c.upper, sympy.S.Zero), z) for c in closed)
    detail = f"Equal on each open piece: {where} (breakpoints are left to the kink analysis)."
    certified = () if SIMPLIFY in methods else tuple(closed)
    return ProofAttempt(True, f"{PER_BRANCH} ({inner} on each piece)", detail, closed=certified)


def _open(lower: sympy.Expr, upper: sympy.Expr) -> sympy.Interval:
    """The open interval (lower, upper), its ends kept as they are even where sympy cannot order them."""
    return sympy.Interval(lower, upper, left_open=True, right_open=True)


def prove_zero(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *, deadline: float | None = None,
               parameters: str = "symbolic", simplify: bool = True) -> ProofAttempt:
    """Try to show claimed - truth == 0 on problem.interval; proved only from an exact argument.

    parameters="symbolic" keeps the parameter symbols (a proof then holds for every value of the same sign);
    parameters="values" substitutes their values first.  `simplify=False` tries only the exact normal form
    (per branch where needed), never sympy's `simplify`, which has returned 0 for nonzero expressions.
    """
    if parameters not in ("symbolic", "values"):
        raise ValueError(f"parameters must be 'symbolic' or 'values', not {parameters!r}")
    z = problem.z
    expr = difference(problem, truth, claimed)
    if parameters == "values":
        expr = expr.xreplace(dict(problem.parameters))
    tried: list[str] = []
    unclosed = None
    zero = exp_rational_zero(expr, z)
    if zero:
        return ProofAttempt(True, NORMAL_FORM, "The difference has exp-rational normal form 0.", closed=_EVERYWHERE)
    tried.append("exp-rational normal form: " + ("failed" if zero is None else "not zero"))
    domain = problem.interval_for(for_all=parameters == "symbolic")
    parts = () if domain is None else domain.args if isinstance(domain, sympy.Union) else (domain,)
    if parts and not _has_kinks(expr, z):
        closed = []
        for part in parts:
            on = _zero_on(expr, z, part)
            if on is None:
                break
            closed.append(Closed(part.inf, part.sup, ON_DOMAIN, on[0], on[1]))
        else:
            where = " and ".join(_interval_text(Piece(p.inf, p.sup, expr), z) for p in parts)
            return ProofAttempt(True, ON_DOMAIN, f"On {where}, written with z = phi(t) for t > 0, the difference "
                                "has exp-rational normal form 0 (roots and logarithms split only over factors "
                                "proved positive there).", closed=tuple(closed))
    if _has_kinks(expr, z):
        attempt = _per_branch(expr, problem, deadline, for_all=parameters == "symbolic", simplify=simplify)
        if attempt.proved:
            return attempt
        tried.append(attempt.detail)
        unclosed = attempt.unclosed
    if not simplify:
        tried.append("simplify: not tried")
        return ProofAttempt(False, None, "; ".join(tried), unclosed)
    if not _time_left(deadline):
        tried.append("simplify: skipped, out of time")
        return ProofAttempt(False, None, "; ".join(tried), unclosed)
    proved, detail = _simplifies_to_zero(expr)
    if proved:
        return ProofAttempt(True, SIMPLIFY, f"The difference reduces to 0 by {detail}.")
    tried.append(detail)
    return ProofAttempt(False, None, "; ".join(tried), unclosed)
