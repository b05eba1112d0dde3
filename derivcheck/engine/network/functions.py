"""The functions a network applies entry-wise, and their derivatives: a catalog activation, or `any` function.

`any` is a sympy function symbol g whose derivative is another function symbol g' (never a formula): an identity
the normal form proves with g(u) and g'(u) as opaque symbols holds for every differentiable g, since a rational
function of independent symbols that is identically zero stays zero whatever values they take, in particular
g(u_1), g(u_2), g'(u_1), ... for any g.  Numbers need one function: `STAND_IN` is put in for g (and its
derivative for g'), and a counterexample says so; a claim false for some g is false "for every g".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from derivcheck.lang.parse import PRIME
from derivcheck.lang.vocabulary import FUNCTIONS

__all__ = ["STAND_IN", "STAND_IN_TEXT", "Functions", "derivative_of", "formula", "functions_for", "is_opaque",
           "numeric", "relu"]

_X = sympy.Dummy("x", real=True)
#: The function numbers use for `any` g: generic (no identity of tanh, sigmoid or a polynomial holds for it).
STAND_IN: sympy.Expr = sympy.sin(_X) + _X**2 / 5
STAND_IN_TEXT = "sin(x) + x**2/5"
_STAND_IN_PRIME: sympy.Expr = sympy.diff(STAND_IN, _X)


def _real(self: Any) -> bool | None:
    result: bool | None = self.args[0].is_extended_real
    return result


def _opaque(name: str) -> tuple[type[sympy.Function], type[sympy.Function]]:
    """A function symbol `name` whose derivative is the function symbol `name'` (both real on real arguments)."""
    prime = type(f"{name}'", (sympy.Function,), {"_eval_is_extended_real": _real, "nargs": 1})

    def fdiff(self: Any, argindex: int = 1) -> sympy.Expr:
        result: sympy.Expr = prime(self.args[0])
        return result

    function = type(name, (sympy.Function,), {"fdiff": fdiff, "_eval_is_extended_real": _real, "nargs": 1})
    return function, prime


class relu(sympy.Function):  # type: ignore[misc]  # named as the vocabulary names it
    """relu(x) = max(0, x) as a function symbol whose derivative is Heaviside(x) (sympy's derivative of Max(0, x)).

    Building max(0, u) for every entry of a layer and differentiating it made sympy ask the sign of every u
    again and again; the symbol is the same function, written out (`formula`) wherever numbers are taken or
    steps are compared.
    """

    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        """Its value at a number whose sign sympy can tell (else it stays unevaluated)."""
        if x.is_number:
            if x.is_nonnegative:
                return x
            if x.is_negative:
                return sympy.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        result: sympy.Expr = sympy.Heaviside(self.args[0])
        return result

    def _eval_is_extended_real(self) -> bool | None:
        result: bool | None = self.args[0].is_extended_real
        return result


def formula(expr: sympy.Expr) -> sympy.Expr:
    """`expr` with every relu symbol written out as max(0, x)."""
    return expr.replace(relu, lambda u: sympy.Max(0, u)) if expr.has(relu) else expr


def _build_relu(argument: sympy.Expr) -> sympy.Expr:
    result: sympy.Expr = relu(argument)
    return result


def derivative_of(build: Callable[[sympy.Expr], sympy.Expr]) -> Callable[[sympy.Expr], sympy.Expr]:
    """f' as a function, from the formula of f (relu' is Heaviside: its value at 0 never decides anything)."""
    formula = sympy.diff(build(_X), _X)

    def prime(argument: sympy.Expr) -> sympy.Expr:
        result: sympy.Expr = formula.xreplace({_X: argument})
        return result

    return prime


@dataclass(frozen=True)
class Functions:
    """The callables a matrix text's functions are built with (parsed names: `g1`, `g1__prime`), and the opaque
    function symbols among them (`any`), each with its derivative's symbol."""

    callables: Mapping[str, Callable[[sympy.Expr], sympy.Expr]]
    opaque: tuple[tuple[str, type[sympy.Function], type[sympy.Function]], ...] = ()


def functions_for(activations: Mapping[str, str]) -> Functions:
    """Declared activations (name -> `any` or a vocabulary function), and the primes of every vocabulary function
    of one argument (`tanh'`, `sigmoid'`)."""
    callables: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {"relu": _build_relu}
    opaque = []
    for name, function in FUNCTIONS.items():
        if function.min_args == 1 and function.max_args == 1:
            callables[name + PRIME] = derivative_of(function.build)
    for name, kind in activations.items():
        if kind == "any":
            g, prime = _opaque(name)
            callables[name], callables[name + PRIME] = g, prime
            opaque.append((name, g, prime))
        else:
            build = _build_relu if kind == "relu" else FUNCTIONS[kind].build
            callables[name], callables[name + PRIME] = build, derivative_of(FUNCTIONS[kind].build)
    return Functions(callables, tuple(opaque))


def is_opaque(functions: Functions, expr: sympy.Basic) -> bool:
    return any(expr.has(g, prime) for _, g, prime in functions.opaque)


def numeric(functions: Functions, expr: sympy.Expr, *, written_out: bool = False) -> sympy.Expr:
    """`expr` with every opaque g replaced by `STAND_IN` (and g' by its derivative), ready for numbers at a point
    (relu evaluates itself there) or, `written_out`, on a line (relu as max(0, x))."""
    if written_out:
        expr = formula(expr)
    for _, g, prime in functions.opaque:
        if expr.has(g):
            expr = expr.replace(g, lambda u: STAND_IN.xreplace({_X: u}))
        if expr.has(prime):
            expr = expr.replace(prime, lambda u: _STAND_IN_PRIME.xreplace({_X: u}))
    return expr
