"""Differentiate step by step, naming the rule used at each step (a tree of `Step`s)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivcheck.engine.calculus import derivative

__all__ = ["Step", "differentiate", "explain", "fresh_symbol", "outer_domain", "piecewise_form", "tidy_conditions"]

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)
_HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth)
_INVERSE_TRIG = (sympy.asin, sympy.acos, sympy.atan, sympy.acot)
_INVERSE_HYPERBOLIC = (sympy.asinh, sympy.acosh, sympy.atanh)
_STEPS = (sympy.Heaviside, sympy.sign)


@dataclass(frozen=True)
class Step:
    """d/d`variable` of `expr` is `result`, by `rule`; `substeps` are the derivatives the rule needed.

    `condition` is set on the branches of a piecewise step; `note` says how the rule was applied
    (e.g. the substitution of a chain-rule step).
    """

    rule: str
    expr: sympy.Expr
    result: sympy.Expr
    variable: sympy.Symbol
    substeps: tuple[Step, ...] = ()
    condition: sympy.Basic | None = None
    note: str = ""
    domain: sympy.Set | None = None  # where `variable` ranges when it is not the problem's own variable

    def walk(self) -> list[Step]:
        """This step and all its substeps, depth first, in display order."""
        found = [self]
        for sub in self.substeps:
            found.extend(sub.walk())
        return found


def explain(expr: sympy.Expr, z: sympy.Symbol) -> list[Step]:
    """The steps of d/dz expr: one tree per top-level rule (a list of one root step)."""
    return [differentiate(expr, z)]


def fresh_symbol(expr: sympy.Basic, positive: bool = False) -> sympy.Symbol:
    """A real symbol named u, v, w, ... that does not occur in `expr` (the inner function of a chain step)."""
    used = {s.name for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    for name in ("u", "v", "w", "s", "r", *(f"u{i}" for i in range(1, 100))):
        if name not in used:
            return sympy.Symbol(name, positive=True) if positive else sympy.Symbol(name, real=True)
    raise ValueError("no free name for a substitution")


def outer_domain(func: type) -> sympy.Set:
    """Where the outer function of a chain step is real and differentiable (its derivative is checked there)."""
    if func in (sympy.log, sympy.loggamma, sympy.gamma, sympy.digamma, sympy.polygamma, sympy.acosh):
        return sympy.Interval.open(1 if func is sympy.acosh else 0, sympy.oo)
    if func in (sympy.asin, sympy.acos, sympy.atanh, sympy.erfinv):
        return sympy.Interval.open(-1, 1)
    return sympy.S.Reals


def differentiate(expr: sympy.Expr, z: sympy.Symbol) -> Step:
    """The derivative of `expr` by z as a tree of named steps."""
    if z not in expr.free_symbols:
        return Step("constant", expr, sympy.S.Zero, z)
    if expr == z:
        return Step("variable", expr, sympy.S.One, z)
    if isinstance(expr, sympy.Add):
        subs = tuple(differentiate(term, z) for term in expr.args)
        return Step("sum", expr, sympy.Add(*(s.result for s in subs)), z, subs)
    if isinstance(expr, sympy.Mul):
        return _product(expr, z)
    if isinstance(expr, sympy.Pow):
        return _power(expr, z)
    if isinstance(expr, sympy.Piecewise):
        return _piecewise(expr, z, expr)
    if isinstance(expr, (sympy.Max, sympy.Min, sympy.Abs, *_STEPS)):
        return _piecewise(_as_piecewise(expr), z, expr)
    if isinstance(expr, sympy.Function) and expr.args:
        return _function(expr, z)
    return Step("other", expr, derivative(expr, z, 1), z, note="differentiated by sympy")


def _product(expr: sympy.Mul, z: sympy.Symbol) -> Step:
    constant, rest = expr.as_independent(z, as_Add=False)
    if constant != 1:
        inner = differentiate(rest, z)
        return Step("constant factor", expr, constant * inner.result, z, (inner,))
    factors = sympy.Mul.make_args(expr)
    below = [f for f in factors if isinstance(f, sympy.Pow) and f.exp.is_negative and z in f.base.free_symbols]
    above = [f for f in factors if f not in below]
    if below and above:
        numerator = sympy.Mul(*above)
        denominator = sympy.Mul(*(1 / f for f in below))
        top, bottom = differentiate(numerator, z), differentiate(denominator, z)
        result = (top.result * denominator - numerator * bottom.result) / denominator**2
        return Step("quotient", expr, result, z, (top, bottom),
                    note=f"numerator {sympy.sstr(numerator)}, denominator {sympy.sstr(denominator)}")
    subs = tuple(differentiate(f, z) for f in factors)
    terms = [sympy.Mul(*(s.result if j == i else f for j, f in enumerate(factors))) for i, s in enumerate(subs)]
    return Step("product", expr, sympy.Add(*terms), z, subs)


def _power(expr: sympy.Pow, z: sympy.Symbol) -> Step:
    base, exponent = expr.base, expr.exp
    if z not in exponent.free_symbols:
        real_powers = bool(exponent.is_integer)
        u = fresh_symbol(expr, positive=not real_powers)
        domain = sympy.S.Reals if real_powers else sympy.Interval.open(0, sympy.oo)
        outer = Step("power", u**exponent, exponent * u ** (exponent - 1), u, domain=domain)
        return _chain(expr, base, outer, u, z)
    if z not in base.free_symbols:
        u = fresh_symbol(expr)
        outer = Step("exp", base**u, base**u * sympy.log(base), u, domain=sympy.S.Reals)
        return _chain(expr, exponent, outer, u, z)
    # u**v with both depending on z: u**v = exp(v*log(u)), differentiated through the exponent.
    inner = differentiate(exponent * sympy.log(base), z)
    return Step("exp/log", expr, expr * inner.result, z, (inner,),
                note=f"{sympy.sstr(expr)} = exp({sympy.sstr(exponent * sympy.log(base))})")


def _function(expr: sympy.Function, z: sympy.Symbol) -> Step:
    *fixed, argument = expr.args
    if any(z in arg.free_symbols for arg in fixed):
        return Step("other", expr, derivative(expr, z, 1), z, note="differentiated by sympy")
    domain = outer_domain(expr.func)
    u = fresh_symbol(expr, positive=bool(domain.is_subset(sympy.Interval(0, sympy.oo))))
    outer_expr = expr.func(*fixed, u)
    outer = Step(_rule_of(expr.func), outer_expr, derivative(outer_expr, u, 1), u, domain=domain)
    return _chain(expr, argument, outer, u, z)


def _rule_of(func: type) -> str:
    for rule, family in (("exp", (sympy.exp,)), ("log", (sympy.log,)), ("trig", _TRIG),
                         ("hyperbolic", _HYPERBOLIC), ("inverse trig", _INVERSE_TRIG),
                         ("inverse hyperbolic", _INVERSE_HYPERBOLIC)):
        if func in family:
            return rule
    return "special function"


def _chain(expr: sympy.Expr, inner: sympy.Expr, outer: Step, u: sympy.Symbol, z: sympy.Symbol) -> Step:
    """f(inner): the outer rule alone when inner is z itself, else the chain rule over both."""
    if inner == z:
        return Step(outer.rule, expr, outer.result.xreplace({u: z}), z)
    inside = differentiate(inner, z)
    result = outer.result.xreplace({u: inner}) * inside.result
    return Step("chain", expr, result, z, (outer, inside), note=f"{u} = {sympy.sstr(inner)}")


def _as_piecewise(expr: sympy.Expr) -> sympy.Piecewise:
    """Max/Min/Abs/Heaviside/sign as a Piecewise with strict conditions: the boundaries are left out."""
    if isinstance(expr, (sympy.Max, sympy.Min)):
        # Each argument on the set where it strictly beats every other one: no Max/Min left in a condition.
        wins = sympy.Gt if isinstance(expr, sympy.Max) else sympy.Lt
        return sympy.Piecewise(*((arg, sympy.And(*(wins(arg, other) for other in expr.args if other is not arg)))
                                 for arg in expr.args))
    x = expr.args[0]
    if isinstance(expr, sympy.Abs):
        return sympy.Piecewise((x, x > 0), (-x, x < 0))
    low = 0 if isinstance(expr, sympy.Heaviside) else -1
    return sympy.Piecewise((low, x < 0), (1, x > 0))


def piecewise_form(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr:
    """`expr` with every Max/Min/Abs/Heaviside/sign in z as a strict-condition Piecewise, folded to the top.

    Inner Piecewise arguments are lifted before a Max/Min is split, so no condition ever contains one.
    """
    if not expr.args or z not in expr.free_symbols:
        return expr
    if isinstance(expr, sympy.Piecewise):  # values only: a condition stays as written
        node = sympy.Piecewise(*((piecewise_form(value, z), cond) for value, cond in expr.args))
    else:
        node = sympy.piecewise_fold(expr.func(*[piecewise_form(arg, z) for arg in expr.args]))
    if isinstance(node, sympy.Piecewise):
        branches = [(piecewise_form(value, z) if value != expr else value, cond) for value, cond in node.args]
        return tidy_conditions(sympy.piecewise_fold(sympy.Piecewise(*branches)), z)
    if isinstance(node, (sympy.Max, sympy.Min, sympy.Abs, *_STEPS)):
        return piecewise_form(_as_piecewise(node), z)
    return node


def tidy_conditions(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr:
    """A top-level Piecewise without branches no z reaches, each condition in its plainest form."""
    if not isinstance(expr, sympy.Piecewise):
        return expr
    kept = [(value, _tidy(cond, z)) for value, cond in expr.args if not _empty(cond, z)]
    return sympy.Piecewise(*kept) if kept else expr


def _tidy(condition: sympy.Basic, z: sympy.Symbol) -> sympy.Basic:
    """A condition in z alone as the plainest relation for its set: ((z > 0) | (z < 0)) & (z < 6) -> ..."""
    if condition.free_symbols != {z} or isinstance(condition, sympy.Rel):
        return condition
    try:
        simpler: sympy.Basic = condition.as_set().as_relational(z)
    except (NotImplementedError, TypeError, ValueError):
        return condition
    return simpler if sympy.count_ops(simpler) <= sympy.count_ops(condition) else condition


def _empty(condition: sympy.Basic, z: sympy.Symbol) -> bool:
    """A branch condition no real z satisfies, such as (z > 0) & (z < 0) (False when unsure)."""
    if condition.free_symbols != {z}:
        return False
    try:
        return bool(condition.as_set().is_empty)
    except (NotImplementedError, TypeError, ValueError):
        return False


def _piecewise(pw: sympy.Piecewise, z: sympy.Symbol, expr: sympy.Expr) -> Step:
    branches = []
    for value, condition in pw.args:
        step = differentiate(value, z)
        branches.append(Step(step.rule, step.expr, step.result, z, step.substeps, condition, step.note))
    result = sympy.Piecewise(*((s.result, s.condition) for s in branches))
    note = "per branch; where branches meet the derivative is left to the kink analysis"
    return Step("piecewise branch", expr, result, z, tuple(branches), note=note)
