"""Turn a loaded spec of several variables into a `MultiProblem` and its claims, through the safe parser only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import sympy

from derivcheck.engine.multi.problem import By, Claim, Input, MultiProblem, VectorConstraint, symbol_assumptions
from derivcheck.engine.multi.sums import canonical, freshen
from derivcheck.engine.problem import parameter_symbol
from derivcheck.errors import ExpressionError
from derivcheck.lang.parse import Scope, parse_condition, parse_expression, parse_number
from derivcheck.results.checks import Partial
from derivcheck.spec.model import Text
from derivcheck.spec.multi import MultiSpec, Variable

__all__ = ["MultiBuilt", "build_multi", "free_indices", "partial_label", "readable"]


@dataclass(frozen=True)
class _Definition:
    """A named intermediate (or the function, under the output's name) written out in the inputs."""

    expr: sympy.Expr
    index: sympy.Symbol | None  # its own free index, for a vector (a_i); None for a number


@dataclass(frozen=True)
class MultiBuilt:
    """A spec's problem with everything needed to read its claims."""

    spec: MultiSpec
    problem: MultiProblem
    scope: Scope  # the names claims may use: inputs, parameters, intermediates, the output, n, the indices
    definitions: Mapping[str, _Definition]
    indices: Mapping[str, sympy.Symbol]

    def expression(self, text: Text, *, free: tuple[sympy.Symbol, ...] | None = None,
                   what: str = "this expression") -> sympy.Expr:
        """Parse `text` and write its intermediates and output out; `free` (if given) are the indices it may
        leave free."""
        parsed = parse_expression(text.text, self.scope, text.location)
        result = expand(freshen(parsed), self.definitions, self.scope)
        if free is not None:
            extra = sorted(str(i) for i in free_indices(result, self.indices) - set(free))
            if extra:
                allowed = ", ".join(str(i) for i in free) or "none"
                raise ExpressionError(f"index {', '.join(extra)} is free in {what} but must be summed over "
                                      f"(indices free here: {allowed})", text.location)
        return result

    def claim(self, position: int, *, second: bool = False) -> Claim:
        """The claim at `position` of the gradient or Jacobian (of the Hessian with `second`), with its truth."""
        written = (self.spec.hessian if second else self.spec.claims)[position]
        problem = self.problem
        pairs = [(written.variable, written.index)]
        if second:
            assert written.second is not None
            if problem.output_index is not None:
                raise ExpressionError("second derivatives are claimed of a function whose value is a number, not "
                                      "of a vector function", written.location)
            pairs.append((written.second, written.second_index))
        by = tuple(By(problem.input(name), None if index is None else self.indices[index]) for name, index in pairs)
        free = tuple(dict.fromkeys(i for i in (problem.output_index, *(b.index for b in by)) if i is not None))
        claimed = self.expression(written.claim, free=free, what=f"the claim for {written.key}")
        truth = problem.f
        for variable in by:
            truth = sympy.diff(truth, variable.symbolic)
        partial = Partial(output=self.spec.output or "f", variable=written.variable,
                          output_index=None if problem.output_index is None else str(problem.output_index),
                          variable_index=written.index, second_variable=written.second,
                          second_index=written.second_index)
        return Claim(by=by, truth=truth, claimed=claimed, free=free, partial=partial, label=partial_label(partial),
                     line=written.location.line)

    def shown(self, text: Text) -> sympy.Expr:
        """`text` as written, intermediates by their names: for reports, never for proofs."""
        return readable(parse_expression(text.text, self.scope, text.location), self.indices)

    def identity(self, position: int) -> tuple[sympy.Expr, sympy.Expr, tuple[sympy.Symbol, ...]]:
        """Both sides of identity `position` and the indices they leave free (each value of which is claimed)."""
        identity = self.spec.identities[position]
        lhs, rhs = self.expression(identity.lhs), self.expression(identity.rhs)
        free = tuple(sorted(free_indices(lhs, self.indices) | free_indices(rhs, self.indices), key=str))
        return lhs, rhs, free

    def points(self) -> list[dict[str, sympy.Expr]]:
        """The spec's spot-check points, each an exact value per variable, checked against its domain."""
        found = []
        for point in self.spec.points or ():
            values: dict[str, sympy.Expr] = {}
            for name, text in point.values:
                value = parse_number(text.text, text.location)
                variable = self.problem.input(name)
                allowed = sympy.FiniteSet(*variable.values) if variable.is_label else variable.interval
                if allowed.contains(value) is not sympy.true:
                    raise ExpressionError(f"{name} = {text.text.strip()} is outside its domain "
                                          f"({variable.domain})", text.location)
                values[name] = value
            found.append(values)
        return found


def partial_label(partial: Partial) -> str:
    """`∂L/∂z`, `∂L/∂z_i`, `∂a_i/∂z_j`, `∂²L/∂z²`, `∂²L/∂z∂y`: the derivative a check claims, as its label."""
    top = partial.output + (f"_{partial.output_index}" if partial.output_index else "")
    bottom = partial.variable + (f"_{partial.variable_index}" if partial.variable_index else "")
    if partial.second_variable is None:
        return f"∂{top}/∂{bottom}"
    other = partial.second_variable + (f"_{partial.second_index}" if partial.second_index else "")
    return f"∂²{top}/∂{bottom}²" if other == bottom else f"∂²{top}/∂{bottom}∂{other}"


def free_indices(expr: sympy.Basic, indices: Mapping[str, sympy.Symbol]) -> set[sympy.Symbol]:
    """The declared indices that occur in `expr` outside every sum that binds them."""
    found: set[sympy.Symbol] = expr.free_symbols & set(indices.values())
    return found


def expand(expr: sympy.Expr, definitions: Mapping[str, _Definition], scope: Scope) -> sympy.Expr:
    """`expr` with every named intermediate (and the output) replaced by its definition, bound indices fresh."""
    if not definitions:
        return expr
    scalars = {scope.symbols[name]: d for name, d in definitions.items() if d.index is None and name in scope.symbols}
    vectors = {scope.indexed[name]: d for name, d in definitions.items() if d.index is not None
               and name in scope.indexed}

    def walk(node: sympy.Basic) -> sympy.Basic:
        if isinstance(node, sympy.Indexed) and node.base in vectors:
            definition = vectors[node.base]
            assert definition.index is not None
            position = walk(node.indices[0])
            return freshen(definition.expr).xreplace({definition.index: position})
        if node in scalars:
            return freshen(scalars[node].expr)
        if not node.args:
            return node
        args = [walk(arg) for arg in node.args]
        return node if all(a is b for a, b in zip(args, node.args, strict=True)) else node.func(*args)

    result: sympy.Expr = walk(expr)
    return result


def build_multi(spec: MultiSpec) -> MultiBuilt:
    """Parse a spec of several variables (once per spec and process)."""
    return _build(spec)


@lru_cache(maxsize=32)  # every task of a spec starts here, one after the other in the same worker
def _build(spec: MultiSpec) -> MultiBuilt:
    values: dict[sympy.Symbol, sympy.Expr] = {}
    symbols: dict[str, sympy.Symbol] = {}
    for name, text in spec.parameters:
        value = parse_number(text.text, text.location)
        symbol = parameter_symbol(name, value)
        values[symbol] = value
        symbols[name] = symbol
    size = sympy.Symbol(spec.size, integer=True, positive=True) if spec.size else None
    if size is not None:
        symbols[str(size)] = size
    indices = {name: sympy.Symbol(name, integer=True, positive=True) for name in spec.indices}
    inputs = tuple(_input(v, symbols, values) for v in spec.variables)
    indexed: dict[str, sympy.IndexedBase] = {}
    for item in inputs:
        if item.symbol is not None:
            symbols[item.name] = item.symbol
        if item.base is not None:
            indexed[item.name] = item.base
    definitions: dict[str, _Definition] = {}
    scope = Scope(symbols=dict(symbols), indexed=dict(indexed), indices=indices, size=size)
    for intermediate in spec.where:
        definition = _definition(intermediate.text, scope, definitions, indices, f"`{intermediate.name}`")
        definitions[intermediate.name] = definition
        scope = _with_name(scope, intermediate.name, definition)
    function = _definition(spec.function, scope, definitions, indices, "the function")
    if spec.gradient and function.index is not None:
        raise ExpressionError(f"the function has the free index {function.index}, so it is a vector: claim its "
                              "derivatives under `jacobian:`", spec.function.location)
    if spec.jacobian and function.index is None:
        raise ExpressionError("the function has no free index, so it is a number: claim its derivatives under "
                              "`gradient:` (a vector function writes its entry, as in exp(z[i])/sum(exp(z[k]), k))",
                              spec.function.location)
    if spec.output:
        definitions[spec.output] = function
        scope = _with_name(scope, spec.output, function)
    problem = MultiProblem(inputs=inputs, f=function.expr, output=spec.output or "f", output_index=function.index,
                           size=size, parameters=values)
    built = MultiBuilt(spec=spec, problem=problem, scope=scope, definitions=definitions, indices=indices)
    constraints = tuple(_constraint(built, c.lhs, c.rhs, c.text) for c in spec.constraints)
    return replace(built, problem=replace(problem, constraints=constraints)) if constraints else built


def _with_name(scope: Scope, name: str, definition: _Definition) -> Scope:
    """`scope` with one more name: a number's placeholder symbol, or a vector's placeholder base."""
    if definition.index is None:
        return Scope(symbols={**scope.symbols, name: sympy.Symbol(name)}, indexed=scope.indexed,
                     indices=scope.indices, size=scope.size)
    return Scope(symbols=scope.symbols, indexed={**scope.indexed, name: sympy.IndexedBase(name)},
                 indices=scope.indices, size=scope.size)


def _definition(text: Text, scope: Scope, definitions: Mapping[str, _Definition],
                indices: Mapping[str, sympy.Symbol], what: str) -> _Definition:
    parsed = parse_expression(text.text, scope, text.location)
    expr = expand(freshen(parsed), definitions, scope)
    free = sorted(free_indices(expr, indices), key=str)
    if len(free) > 1:
        raise ExpressionError(f"{what} has the free indices {', '.join(map(str, free))}; an entry of a vector has "
                              "one (sum over the others)", text.location)
    return _Definition(expr, free[0] if free else None)


def _input(variable: Variable, symbols: Mapping[str, sympy.Symbol],
           parameters: Mapping[sympy.Symbol, sympy.Expr]) -> Input:
    """One declared variable: its domain as a set of reals (or its label values) and its symbol."""
    if variable.values:
        labels = tuple(parse_number(t.text, t.location) for t in variable.values)
        for position, (value, text) in enumerate(zip(labels, variable.values, strict=True)):
            if any(sympy.simplify(value - other) == 0 for other in labels[:position]):
                raise ExpressionError(f"the value {text.text.strip()} is listed twice", text.location)
        domain = "{" + ", ".join(t.text.strip() for t in variable.values) + "}"
        finite = sympy.FiniteSet(*labels)
        return Input(variable.name, finite, symbol=sympy.Symbol(variable.name, **symbol_assumptions(finite)),
                     values=labels, domain=domain)
    interval: sympy.Set = sympy.S.Reals
    domain = "all real"
    at_values = False
    if variable.domain is not None:
        interval, at_values = _domain(variable, symbols, parameters)
        domain = variable.domain.text.strip()
    assumptions = symbol_assumptions(interval)
    if variable.size is not None:
        return Input(variable.name, interval, base=sympy.IndexedBase(variable.name, **assumptions), domain=domain,
                     at_values=at_values)
    return Input(variable.name, interval, symbol=sympy.Symbol(variable.name, **assumptions), domain=domain,
                 at_values=at_values)


def _domain(variable: Variable, symbols: Mapping[str, sympy.Symbol],
            parameters: Mapping[sympy.Symbol, sympy.Expr]) -> tuple[sympy.Set, bool]:
    """The domain as a set of reals at the parameter values, and whether it mentions a parameter."""
    assert variable.domain is not None
    text = variable.domain
    real = sympy.Symbol(variable.name, real=True)
    named = {name: s for name, s in symbols.items() if s in parameters}
    condition = parse_condition(text.text, Scope(symbols={variable.name: real, **named}, variable=real),
                                text.location)
    try:
        interval = condition.xreplace(dict(parameters)).as_set()
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise ExpressionError(f"cannot read the domain as an interval of {variable.name}: {exc}",
                              text.location) from None
    if interval.is_empty:
        raise ExpressionError(f"the domain of {variable.name} is empty", text.location)
    return interval, bool(condition.free_symbols & set(parameters))


def _constraint(built: MultiBuilt, lhs: Text, rhs: Text, text: str) -> VectorConstraint:
    """`sum(y[k], k) = c`, the one form a constraint takes: a vector's entries add up to a constant."""
    left = built.expression(lhs, free=(), what="a constraint")
    right = built.expression(rhs, free=(), what="a constraint")
    bases = {i.base: i for i in built.problem.inputs if i.base is not None}
    ok = (isinstance(left, sympy.Sum) and len(left.limits) == 1 and isinstance(left.function, sympy.Indexed)
          and left.function.base in bases)
    if ok:
        (k, low, high), = left.limits
        ok = left.function.indices == (k,) and low == 1 and high == built.problem.size
    symbols = {i.symbol for i in built.problem.inputs if i.symbol is not None}
    if not ok or right.has(sympy.Indexed, sympy.Sum) or right.free_symbols & symbols:
        raise ExpressionError("a constraint reads sum(y[k], k) = value: the entries of one vector variable add "
                              "up to a number (parameters allowed)", lhs.location)
    assert isinstance(left, sympy.Sum) and isinstance(left.function, sympy.Indexed)
    return VectorConstraint(left.function.base, right, text)



def readable(expr: sympy.Basic, indices: Mapping[str, sympy.Symbol]) -> sympy.Expr:
    """`expr` for showing: each sum's bound index named by a letter no free name uses (k, then m, p, ...)."""
    del indices  # a declared index that is not free here may name a sum's index, as specs write it
    canonical_form = canonical(expr)
    taken = {str(s) for s in expr.free_symbols}
    letters = [c for c in "kmpqrstuvw" if c not in taken]
    names = {s: sympy.Symbol(letters[int(str(s)[3:])] if int(str(s)[3:]) < len(letters) else str(s),
                             integer=True, positive=True)
             for s in canonical_form.atoms(sympy.Symbol) if str(s).startswith("__k")}
    result: sympy.Expr = canonical_form.xreplace(names)
    return result
