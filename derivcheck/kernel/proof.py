"""Re-check a proof: the pieces cover the domain, and on each both sides reduce to the same normal form."""

from __future__ import annotations

import sympy

from derivcheck.kernel.branches import Unknown, branch_on, less, sign_on
from derivcheck.kernel.forms import Symbols, identical, in_symbols
from derivcheck.kernel.statement import Sides, sides
from derivcheck.kernel.trees import BadTree, expression
from derivcheck.results.certificate import Piece, Proof, Recheck, RecheckStatus, Role, Split

__all__ = ["recheck_proof"]

_INFINITY = sympy.S.Infinity


def recheck_proof(proof: Proof) -> Recheck:
    """PASSED when every step of `proof` re-checks here; FAILED with the first step that does not."""
    try:
        stated = sides(proof.statement)
        if len(proof.cases) != 1 or proof.cases[0].fixes:
            raise Unknown("a proof of one case")
        pieces = proof.cases[0].pieces
        ends = [_ends(piece, stated) for piece in pieces]
        for lower, upper in stated.domain:
            _covered(lower, upper, ends)
        for piece, (lower, upper) in zip(pieces, ends, strict=True):
            _piece(piece, stated, lower, upper)
    except (Unknown, BadTree) as error:
        return Recheck(RecheckStatus.FAILED, f"the certificate does not re-check: {error}")
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError, RecursionError) as error:
        return Recheck(RecheckStatus.FAILED, f"the certificate does not re-check: {type(error).__name__}: {error}")
    count = len(pieces)
    return Recheck(RecheckStatus.PASSED, f"re-checked on {count} piece{'s' * (count != 1)} of the domain")


def _ends(piece: Piece, stated: Sides) -> tuple[sympy.Expr, sympy.Expr]:
    lower = -_INFINITY if piece.lower is None else expression(piece.lower).xreplace(stated.values)
    upper = _INFINITY if piece.upper is None else expression(piece.upper).xreplace(stated.values)
    if not less(lower, upper):
        raise Unknown(f"a piece ({lower}, {upper}) that is not an interval")
    return lower, upper


def _covered(lower: sympy.Expr, upper: sympy.Expr, ends: list[tuple[sympy.Expr, sympy.Expr]]) -> None:
    """The pieces, end to end, run from lower to upper (so they cover it but for their ends)."""
    at = lower
    while not _same(at, upper):
        following = [hi for lo, hi in ends if _same(lo, at)]
        if not following:
            raise Unknown(f"no piece starts at {at} (the pieces do not cover ({lower}, {upper}))")
        at = following[0]
        if not (_same(at, upper) or less(at, upper)):
            raise Unknown(f"a piece ends at {at}, beyond {upper}")


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    if a.is_infinite or b.is_infinite:
        return bool(a == b)
    return bool(sympy.expand(a - b) == 0)


def _piece(piece: Piece, stated: Sides, lower: sympy.Expr, upper: sympy.Expr) -> None:
    z = stated.z
    lhs, rhs = (branch_on(side, z, lower, upper) for side in (stated.lhs, stated.rhs))
    variable = expression(piece.variable)
    taken = set(stated.names)
    if piece.parameterisation is None:
        if variable != z:
            raise Unknown(f"forms in {variable}, not in {z}")
    else:
        if not isinstance(variable, sympy.Symbol) or variable.is_positive is not True or variable in taken:
            raise Unknown(f"{variable} as a new positive variable")
        taken.add(variable)
        phi = expression(piece.parameterisation)
        _onto(phi, variable, lower, upper)
        lhs, rhs = (_split(side.xreplace({z: phi}), variable, piece.splits) for side in (lhs, rhs))
    symbols = Symbols(reduce_roots=piece.reduce_roots)
    for stands in piece.symbols:
        symbol, means = expression(stands.symbol), expression(stands.means)
        if not isinstance(symbol, sympy.Symbol) or symbol in taken or symbol in means.free_symbols:
            raise Unknown(f"{symbol} as a new symbol")
        taken.add(symbol)
        if stands.role is Role.UNIT:
            symbols.add_unit(symbol, means)
        elif stands.role is Role.OPAQUE:
            symbols.add_opaque(symbol, means)
        else:
            raise Unknown(f"a symbol of role {stands.role.value} on a piece")
    forms = expression(piece.lhs.form), expression(piece.rhs.form)
    for name, side, form in (("left", lhs, forms[0]), ("right", rhs, forms[1])):
        if not identical(in_symbols(side, symbols), form):
            raise Unknown(f"the {name} side on ({lower}, {upper}) is not its normal form {form}")
    if not identical(forms[0], forms[1]):
        raise Unknown(f"the two normal forms on ({lower}, {upper}) differ")


def _onto(phi: sympy.Expr, t: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> None:
    """phi is continuous for t > 0 and runs from one end of (lower, upper) to the other."""
    _, denominator = sympy.fraction(sympy.together(phi))
    if sign_on(denominator, t, sympy.Integer(0), _INFINITY) == 0:
        raise Unknown(f"{phi} is continuous for {t} > 0")
    found = {sympy.limit(phi, t, 0, "+"), sympy.limit(phi, t, _INFINITY)}
    if not any(_same(a, lower) for a in found) or not any(_same(b, upper) for b in found):
        raise Unknown(f"{phi} runs over ({lower}, {upper}) as {t} runs over t > 0")


def _split(expr: sympy.Expr, t: sympy.Symbol, splits: tuple[Split, ...]) -> sympy.Expr:
    """`expr` with roots, powers and logarithms of the split bases split over their positive factors."""
    table: dict[sympy.Basic, list[tuple[sympy.Expr, sympy.Expr]]] = {}
    for split in splits:
        base = expression(split.base)
        factors = [(expression(f.factor), expression(f.power)) for f in split.factors]
        if not all(m.is_Integer for _, m in factors):
            raise Unknown(f"whole powers in the split of {base}")
        if sympy.expand(sympy.Mul(*(f**m for f, m in factors)) - base) != 0:
            raise Unknown(f"the factors of {base} multiply to it")
        for f, _ in factors:
            top, bottom = sympy.fraction(sympy.together(f))
            if sign_on(top, t, sympy.Integer(0), _INFINITY) * sign_on(bottom, t, sympy.Integer(0), _INFINITY) != 1:
                raise Unknown(f"{f} > 0 for every {t} > 0")
        table[base] = factors

    def walk(node: sympy.Basic) -> sympy.Basic:
        if not node.args:
            return node
        args = [walk(arg) for arg in node.args]
        node = node.func(*args) if any(a is not b for a, b in zip(args, node.args, strict=True)) else node
        if isinstance(node, sympy.Pow) and not node.exp.is_Integer and node.base in table:
            return sympy.Mul(*(f ** (m * node.exp) for f, m in table[node.base]))
        if isinstance(node, sympy.log) and node.args[0] in table:
            return sympy.Add(*(m * sympy.log(f) for f, m in table[node.args[0]]))
        return node

    result: sympy.Expr = walk(expr)
    return result
