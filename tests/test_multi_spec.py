"""Specs of several variables: what the loader builds, and every misuse as an error with file:line:col."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_files

from derivcheck.errors import Location, SpecError
from derivcheck.results.checks import Verdict
from derivcheck.spec.load import load_spec_text
from derivcheck.spec.model import Spec
from derivcheck.spec.multi import MultiSpec

BCE = """\
name: bce
variables:
  z: null
  y: 0 <= y <= 1
  t: {values: [0, 1]}
  w: {size: n, domain: w > 0}
parameters:
  alpha: 0.5
where:
  a: sigmoid(z)
output: L
function: -(y*log(a) + (1 - y)*log(1 - a)) + t*sum(w[k], k)
gradient:
  z: a - y
  w[i]: t
constraints:
  - sum(w[k], k) = 1
"""


def test_a_spec_with_variables_loads_as_a_spec_of_several_variables() -> None:
    spec = load_spec_text(BCE, "bce.yaml")
    assert isinstance(spec, MultiSpec)
    z, y, t, w = spec.variables
    assert (z.name, z.domain, z.values, z.size) == ("z", None, (), None)
    assert y.domain is not None and y.domain.text == "0 <= y <= 1"
    assert [v.text for v in t.values] == ["0", "1"] and t.is_label
    assert w.size == "n" and w.domain is not None and w.domain.text == "w > 0"
    assert spec.size == "n"
    assert spec.indices == ("i", "j", "k", "l")  # the defaults, none of them taken
    assert [(i.name, i.text.text) for i in spec.where] == [("a", "sigmoid(z)")]
    assert [(c.key, c.claim.text) for c in spec.gradient] == [("z", "a - y"), ("w[i]", "t")]
    assert spec.gradient[1].location == Location("bce.yaml", 15, 3)
    (constraint,) = spec.constraints
    assert (constraint.lhs.text.strip(), constraint.rhs.text.strip()) == ("sum(w[k], k)", "1")
    assert constraint.rhs.location == Location("bce.yaml", 17, 19)  # just after the "="
    assert spec.output == "L" and spec.variable == "z"
    hash(spec)  # frozen all the way down, so it can be cached


def test_a_spec_without_variables_is_still_a_spec_of_one_variable() -> None:
    spec = load_spec_text("name: s\nfunction: 1/(1 + exp(-z))\nderivative: a*(1 - a)\n", "s.yaml")
    assert isinstance(spec, Spec)


def _error(text: str) -> SpecError:
    with pytest.raises(SpecError) as info:
        load_spec_text(text, "m.yaml")
    return info.value


@pytest.mark.parametrize(("text", "message", "where"), [
    ("name: m\nvariables:\n  z: null\n  z2: {size: n}\nindices: [i, z]\nfunction: z\ngradient:\n  z: 1\n",
     "'z' is already the name of a variable", (5, 14)),
    ("name: m\nvariables:\n  z: null\nindices: [i]\nfunction: z\ngradient:\n  z: 1\n",
     "indices are for vector variables", (4, 10)),
    ("name: m\nvariables:\n  z: {size: n}\nfunction: z[i]\njacobian:\n  z[q]: 1\n",
     "'q' is not an index name (indices: i, j, k, l)", (6, 3)),
    ("name: m\nvariables:\n  z: null\nfunction: z\ngradient:\n  z[i]: 1\n",
     "'z' is a number, not a vector: write z without an index", (6, 3)),
    ("name: m\nvariables:\n  z: null\nfunction: z\ngradient:\n  z: 1\njacobian:\n  z: 1\n",
     "a spec claims a gradient (scalar function) or a Jacobian (vector function), not both", (7, 1)),
    ("name: m\nvariables:\n  z: null\nconstraints:\n  - z = 1\nfunction: z\ngradient:\n  z: 1\n",
     "constraints are for vector variables", (5, 5)),
    ("name: m\nvariables:\n  z: {size: n}\npoints:\n  - {z: 1}\nfunction: z[i]\njacobian:\n  z[j]: 1\n",
     "points cannot be given for vector variables (z)", (5, 3)),
    ("name: m\nvariables:\n  z: null\n  y: null\npoints:\n  - {z: 1}\nfunction: z\ngradient:\n  z: 1\n",
     "missing required key 'y'", (6, 5)),
    ("name: m\nvariables:\n  y: {values: [0, 1], domain: y > 0}\n  z: null\nfunction: z\ngradient:\n  z: 1\n",
     "a label (values:) takes no domain", (3, 31)),
    ("name: m\nvariables: {}\nfunction: z\ngradient:\n  z: 1\n", "declare at least one variable", (2, 12)),
    ("name: m\nvariables:\n  z: null\nfunction: z\ngradient:\n  z: 1\nvariable: z\n",
     "unknown key 'variable'; did you mean 'variables'?", (7, 1)),
])
def test_misuse_is_an_error_that_says_where(text: str, message: str, where: tuple[int, int]) -> None:
    error = _error(text)
    assert message in error.message
    assert error.location == Location("m.yaml", *where)


# Mistakes only the engine can see (they need the expressions read): an ERROR check at the text's place.
ENGINE_MISTAKES = [
    ("variables:\n  z: null\n  y: z < y\nfunction: z*y\ngradient:\n  z: y\n",
     r":4:6: unknown name 'z'", "spec"),
    ("variables:\n  z: {size: n}\nfunction: z[i]*z[j]\njacobian:\n  z[k]: 1\n",
     r":4:11: the function has the free indices i, j", "spec"),
    ("variables:\n  z: {size: n}\nfunction: exp(z[i])\ngradient:\n  z[j]: 1\n",
     r":4:11: the function has the free index i, so it is a vector: claim its derivatives under `jacobian:`",
     "spec"),
    ("variables:\n  z: {size: n}\nfunction: sum(z[k], k)\njacobian:\n  z[j]: 1\n",
     r":4:11: the function has no free index, so it is a number", "spec"),
    ("variables:\n  z: {size: n}\nfunction: sum(z[k]**2, k)\ngradient:\n  z[j]: 2*z[i]\n",
     r":6:9: index i is free in the claim for z\[j\]", "derivative"),
    ("variables:\n  z: {size: n}\nconstraints:\n  - sum(z[k]**2, k) = 1\nfunction: sum(z[k], k)\n"
     "gradient:\n  z[j]: 1\n", r":5:5: a constraint reads sum\(y\[k\], k\) = value", "spec"),
    ("variables:\n  z: null\n  y: {values: [0, 0.0]}\nfunction: z*y\ngradient:\n  z: y\n",
     r":4:19: the value 0.0 is listed twice", "spec"),
    ("variables:\n  z: null\n  y: 0 < y < 1\nfunction: z*y\ngradient:\n  z: y\npoints:\n  - {z: 0, y: 2}\n",
     r":9:15: y = 2 is outside its domain \(0 < y < 1\)", "derivative"),
    ("variables:\n  z: null\nwhere:\n  a: b + 1\n  b: z\nfunction: a\ngradient:\n  z: 1\n",
     r":5:6: unknown name 'b'", "spec"),
    ("variables:\n  z: {size: n}\nfunction: exp(k)*z[i]\njacobian:\n  z[j]: 1\n",
     r":4:15: 'k' is an index: use it in brackets", "spec"),
]


@pytest.mark.parametrize(("body", "message", "kind"), ENGINE_MISTAKES)
def test_expression_mistakes_are_errors_at_their_place(body: str, message: str, kind: str,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: m\n" + body, encoding="utf-8")
    (spec,) = run_files(path).specs
    errors = [c for c in spec.checks if c.verdict is Verdict.ERROR]
    assert errors, [(c.label, c.verdict, c.message) for c in spec.checks]
    assert errors[0].kind == kind
    assert re.search(message, errors[0].message), errors[0].message


def test_second_derivatives_name_one_or_two_variables() -> None:
    spec = load_spec_text("name: h\nvariables:\n  z: null\n  y: null\n  w: {size: n}\nfunction: z*y\n"
                          "hessian:\n  z: 0\n  z, y: 1\n  w[i], w[j]: 0\n", "h.yaml")
    assert isinstance(spec, MultiSpec)
    assert [(c.variable, c.index, c.second, c.second_index) for c in spec.hessian] == [
        ("z", None, "z", None), ("z", None, "y", None), ("w", "i", "w", "j")]
    assert [c.key for c in spec.hessian] == ["z, z", "z, y", "w[i], w[j]"]


@pytest.mark.parametrize(("text", "message", "where"), [
    ("name: m\nvariables:\n  z: null\nfunction: z\nhessian:\n  z, z, z: 0\n",
     "'z, z, z' names 3 variables; a second derivative takes one or two", (6, 3)),
    ("name: m\nvariables:\n  z: {size: n}\nfunction: z[i]\njacobian:\n  z[j]: 1\nhessian:\n  z[j]: 0\n",
     "second derivatives are claimed of a function whose value is a number", (7, 1)),
    ("name: m\nvariables:\n  z: null\n  y: {values: [0, 1]}\nfunction: z*y\nhessian:\n  z, y: 1\n",
     "'y' is a label", (7, 3)),
])
def test_misuse_of_second_derivatives_says_where(text: str, message: str, where: tuple[int, int]) -> None:
    error = _error(text)
    assert message in error.message
    assert error.location == Location("m.yaml", *where)
