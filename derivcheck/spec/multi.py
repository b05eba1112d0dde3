"""The loaded form of a spec of several variables (losses, vector activations): frozen, with source locations.

A spec with a `variables:` key is one of these; any other spec is a `Spec` of one variable.  Expressions are
still unparsed text here; `derivcheck.engine.multi.build` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from derivcheck.errors import Location
from derivcheck.spec.model import Identity, KeyLines, Spec, Text
from derivcheck.spec.network import NetworkSpec

__all__ = ["DEFAULT_INDICES", "MULTI_KEYS", "MULTI_REQUIRED", "VARIABLE_KEYS", "AnySpec", "Constraint",
           "Intermediate", "MultiSpec", "PartialClaim", "PointValues", "Variable"]

#: The allowed top-level keys of a spec of several variables, in the order the documentation lists them.
MULTI_KEYS: tuple[str, ...] = (
    "name",
    "description",
    "variables",
    "indices",
    "parameters",
    "where",
    "output",
    "function",
    "gradient",
    "jacobian",
    "hessian",
    "constraints",
    "points",
    "identities",
)
MULTI_REQUIRED: tuple[str, ...] = ("name", "variables", "function")
#: The keys of a variable written as a mapping (`y: {domain: ..., values: [...], size: n}`).
VARIABLE_KEYS: tuple[str, ...] = ("domain", "values", "size")
#: The index names a spec with vectors may use when it declares no `indices:`.
DEFAULT_INDICES: tuple[str, ...] = ("i", "j", "k", "l")


@dataclass(frozen=True)
class Variable:
    """One input: a real number in `domain` (all reals when None), one of `values` (a label), or, with `size`,
    a vector of `size` such numbers (each entry in `domain`)."""

    name: str
    location: Location
    domain: Text | None = None
    values: tuple[Text, ...] = ()
    size: str | None = None

    @property
    def is_label(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class Intermediate:
    """A named intermediate expression under `where:` (`a: sigmoid(z)`), usable after its definition."""

    name: str
    text: Text


@dataclass(frozen=True)
class PartialClaim:
    """A claimed partial derivative: d(function)/d variable (its entry `index` for a vector) = `claim`; with
    `second`, the second derivative d/d second (its entry `second_index`) of that (a Hessian entry)."""

    variable: str
    index: str | None
    claim: Text
    location: Location  # of the key (`z`, `z[j]`, `z, y`)
    second: str | None = None
    second_index: str | None = None

    @property
    def key(self) -> str:
        first = self.variable if self.index is None else f"{self.variable}[{self.index}]"
        if self.second is None:
            return first
        return f"{first}, {self.second if self.second_index is None else f'{self.second}[{self.second_index}]'}"


@dataclass(frozen=True)
class Constraint:
    """A declared equation the inputs satisfy (`sum(y[k], k) = 1`), used by proofs and kept by sampling."""

    lhs: Text
    rhs: Text
    location: Location
    text: str  # the whole equation as written


@dataclass(frozen=True)
class PointValues:
    """One spot-check point: an exact value for every scalar variable, by name, in file order."""

    values: tuple[tuple[str, Text], ...]
    location: Location


@dataclass(frozen=True)
class MultiSpec:
    """One spec file of several variables, checked for keys, types and names; expressions are unparsed text."""

    name: str
    file: str
    function: Text
    variables: tuple[Variable, ...]
    description: str | None = None
    output: str = "f"
    indices: tuple[str, ...] = ()
    parameters: tuple[tuple[str, Text], ...] = ()
    where: tuple[Intermediate, ...] = ()
    gradient: tuple[PartialClaim, ...] = ()
    jacobian: tuple[PartialClaim, ...] = ()
    hessian: tuple[PartialClaim, ...] = ()  # second derivatives of a function whose value is a number
    constraints: tuple[Constraint, ...] = ()
    points: tuple[PointValues, ...] | None = None
    identities: tuple[Identity, ...] = ()
    lines: KeyLines = field(default_factory=KeyLines)

    @property
    def claims(self) -> tuple[PartialClaim, ...]:
        """The claimed derivatives in report order (a spec has a gradient or a Jacobian, not both)."""
        return self.gradient + self.jacobian

    @property
    def variable(self) -> str:
        """The first variable: what one-variable code paths name a point by."""
        return self.variables[0].name

    @property
    def size(self) -> str | None:
        """The name of the vectors' length (`n`), or None without vector variables."""
        return next((v.size for v in self.variables if v.size is not None), None)


#: A loaded spec of any kind.
AnySpec = Spec | MultiSpec | NetworkSpec
