"""Certificates: the exact argument behind a verdict, as data that a separate checker re-verifies.

A PROVED claim lhs = rhs carries a `Proof`: what is claimed (`Statement`: both sides, g and the order of its
derivative, the variables with their domains, the parameters and what is proved of them), the derivative of g
by named rules, and for each case of an exhaustive split (a label's values; a single case otherwise) the open
pieces of the domain, each with its substitution (u = e^{z}, a domain's z = 1 + t, the opaque symbols that stand
for non-rational subexpressions) and both sides' normal forms: rational functions whose difference is zero.  A
REFUTED claim carries a `Refutation`: the exact point and both sides' values there at two precisions.  A value
declared under `at:` carries a `KinkProof`: the one-sided derivatives and where the value lies between them.

Every expression is an `Expression`: a tree of nodes from an allow-list of sympy's types (`OPERATIONS`), each
node naming its type and its arguments by their positions in the table (always earlier ones), never text to be
parsed; `text` and `latex` render it for readers.  `derivcheck.kernel` re-checks certificates on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "OPERATIONS",
    "Certificate",
    "Enclosure",
    "Expression",
    "Factor",
    "Form",
    "Interval",
    "KinkProof",
    "Node",
    "Parameter",
    "Piece",
    "Proof",
    "ProofCase",
    "Recheck",
    "RecheckStatus",
    "Refutation",
    "Role",
    "RuleStep",
    "Split",
    "Stands",
    "Statement",
    "Summary",
    "Variable",
]

#: Functions a tree may apply (sympy's names).  Each is a function of real arguments that sympy evaluates.
FUNCTIONS = frozenset({
    "exp", "log", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "sech", "csch",
    "asin", "acos", "atan", "acot", "asec", "acsc", "asinh", "acosh", "atanh", "acoth", "asech", "acsch", "atan2",
    "erf", "erfc", "erfi", "erfinv", "erfcinv", "gamma", "loggamma", "digamma", "polygamma", "lowergamma",
    "uppergamma", "beta", "besselj", "bessely", "besseli", "besselk", "jn", "yn", "airyai", "airybi",
    "airyaiprime", "airybiprime", "expint", "Ei", "E1", "Si", "Ci", "Shi", "Chi", "li", "polylog", "LambertW",
    "zeta", "fresnels", "fresnelc", "sinc", "Abs", "sign", "Max", "Min", "Heaviside", "DiracDelta", "floor",
    "ceiling", "frac",
})
#: The other node types: arithmetic, branches and their conditions (the allow-list is these and FUNCTIONS).
OPERATIONS = frozenset({
    "Add", "Mul", "Pow", "Integer", "Rational", "Symbol", "Constant", "Piecewise", "ExprCondPair",
    "Lt", "Le", "Gt", "Ge", "Eq", "Ne", "And", "Or", "Not",
}) | FUNCTIONS
#: The constants a `Constant` node may name.
CONSTANTS = frozenset({"pi", "E", "EulerGamma", "Catalan", "GoldenRatio", "oo", "-oo", "nan", "I", "true", "false"})


@dataclass(frozen=True)
class Node:
    """One node: its type, its arguments (positions of earlier nodes), and an atom's data.

    `Integer` holds its digits in `value` (`-3`), `Rational` `p/q`, `Constant` one of CONSTANTS, `Symbol` its
    name with its sympy assumptions (`real`, `positive`, ...; none for an opaque symbol).
    """

    op: str
    args: tuple[int, ...] = ()
    value: str = ""
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expression:
    """An exact expression: its node table (the last node is the root), and its plain text and LaTeX."""

    nodes: tuple[Node, ...]
    text: str
    latex: str


class Role(StrEnum):
    """What a symbol of a proof stands for."""

    OUTPUT = "output"  # the spec's output name: a = g(z)
    UNIT = "unit"  # u = exp(m/L) for a real monomial m: every exp(k*m) is a whole power of u
    OPAQUE = "opaque"  # a non-rational subexpression (erf(z), sqrt(1 + u^2)) taken as an independent symbol
    VALUE = "value"  # a label at one of its values (y = 1), a point's coordinate (z = 37/29)


@dataclass(frozen=True)
class Stands:
    """`symbol` stands for `means` (a single Symbol node, and what it is)."""

    symbol: Expression
    means: Expression
    role: Role


@dataclass(frozen=True)
class Factor:
    """One factor of a split base and its power."""

    factor: Expression
    power: Expression


@dataclass(frozen=True)
class Split:
    """On a domain's parameterisation: a base of a root, power or logarithm written as a product of factors each
    positive for every t > 0, so that (x*y)**e = x**e * y**e and log(x*y) = log(x) + log(y) may be used."""

    base: Expression
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Summary:
    """A long rational function at a glance: its numerator's and denominator's size and leading terms."""

    numerator_terms: int
    denominator_terms: int
    degree: int  # the total degree of the numerator in the proof's symbols
    denominator_degree: int
    numerator_lead: Expression  # the numerator's leading term
    denominator_lead: Expression


@dataclass(frozen=True)
class Form:
    """One side on a piece (a branch chosen, written in t on a parameterised piece) and its normal form."""

    side: Expression
    form: Expression  # a rational function of the piece's variable, the units, opaque symbols and parameters
    summary: Summary | None = None  # set when the form is too long to read whole


@dataclass(frozen=True)
class Piece:
    """An open interval of the domain (None: unbounded) with the argument that both sides agree there.

    Without `parameterisation` the normal forms are in the variable itself; with it, z = phi(t) maps every
    t > 0 into the interval (onto it, or onto a half-line containing it), and the forms are in t, after `splits`.
    """

    lower: Expression | None
    upper: Expression | None
    variable: Expression  # the symbol the forms are written in: z, or t
    parameterisation: Expression | None
    splits: tuple[Split, ...]
    symbols: tuple[Stands, ...]  # the units and opaque symbols of the forms, in order of definition
    reduce_roots: bool  # powers of roots were reduced: base**(p/q) as base**(p//q) * root**(p%q)
    lhs: Form
    rhs: Form
    method: str


@dataclass(frozen=True)
class ProofCase:
    """One case of an exhaustive split (`name` empty for the only case) and the pieces covering the domain."""

    name: str
    fixes: tuple[Stands, ...]  # what the case fixes (a label at a value)
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Interval:
    """An interval of a domain; None: unbounded on that side."""

    lower: Expression | None
    upper: Expression | None


@dataclass(frozen=True)
class Variable:
    """A variable of the statement, the union of intervals it ranges over (empty: every real), and its labels."""

    symbol: Expression
    domain: tuple[Interval, ...] = ()
    values: tuple[Expression, ...] = ()  # a label's values (a case per value)


@dataclass(frozen=True)
class Parameter:
    """A parameter, its value, and whether the proof holds for every value of its sign or at the value only."""

    symbol: Expression
    value: Expression
    every: bool


@dataclass(frozen=True)
class Statement:
    """What is claimed: lhs = rhs for every value of the variables in their domains, but at finitely many points
    (where a side branches or has no value).  When `function` is set, lhs is its derivative of this `order` by
    `variable` (by `by` in turn, for several variables); `output` is the output name standing for it."""

    variable: Expression
    lhs: Expression
    rhs: Expression
    variables: tuple[Variable, ...]
    parameters: tuple[Parameter, ...] = ()
    output: Stands | None = None
    function: Expression | None = None
    by: tuple[Expression, ...] = ()


@dataclass(frozen=True)
class RuleStep:
    """One step of the derivative of g by named rules, as `derivcheck derive` shows it."""

    number: str  # "1", "1.2": its place in the tree
    rule: str
    variable: Expression
    expression: Expression
    result: Expression
    note: str = ""
    condition: str | None = None


@dataclass(frozen=True)
class Proof:
    """The certificate of a PROVED claim; `limitation` says why a checker cannot re-check it ("" when it can)."""

    statement: Statement
    method: str
    cases: tuple[ProofCase, ...]
    rules: tuple[RuleStep, ...] = ()
    limitation: str = ""


@dataclass(frozen=True)
class Enclosure:
    """Both sides and their difference at a point, each correct to `digits` significant digits."""

    digits: int
    lhs: str
    rhs: str
    difference: str


@dataclass(frozen=True)
class Refutation:
    """The certificate of a REFUTED claim: the exact point and the sides' values there at two precisions."""

    statement: Statement
    point: tuple[Stands, ...]  # each variable at its exact value
    enclosures: tuple[Enclosure, ...]
    limitation: str = ""


@dataclass(frozen=True)
class KinkProof:
    """The certificate of a value declared at a point: what g does on either side and where the value lies."""

    variable: Expression
    function: Expression
    point: Expression
    declared: Expression | None  # None: `undefined`
    left: Expression | None  # g's formula just left of the point (None: the point ends the domain)
    right: Expression | None
    left_derivative: Expression | None  # the one-sided derivatives (at a jump, the one-sided limits of g')
    right_derivative: Expression | None
    finding: str  # "differentiable", "kink", "jump"
    placement: str  # where the declared value lies, in words
    parameters: tuple[Parameter, ...] = ()
    limitation: str = ""


Certificate = Proof | Refutation | KinkProof


class RecheckStatus(StrEnum):
    """What the independent checker made of a certificate."""

    PASSED = "passed"
    FAILED = "failed"  # the certificate does not re-check: the verdict becomes an ERROR
    NOT_RECHECKABLE = "not re-checkable"  # a kind of argument the checker cannot re-check yet (says which)


@dataclass(frozen=True)
class Recheck:
    """The independent checker's finding on one certificate."""

    status: RecheckStatus
    message: str
