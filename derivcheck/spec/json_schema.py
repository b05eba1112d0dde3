"""The JSON Schema of spec files, generated from the loader's own keys, name rules and size limits.

Editors validate YAML against it while a spec is written; `derivcheck` itself never uses it (the loader
checks more: duplicate keys, YAML features, and rules between keys such as `output` differing from
`variable`).  Scalars that the loader reads as expression text may be YAML numbers here, since editors
type `0.01` as a number.

A spec with a key only networks have (`forward:`, `shapes:`, ...) is a network spec (`NETWORK_KEYS`); one with
`variables:` a spec of several variables (`MULTI_KEYS`); any other a spec of one variable (`SPEC_KEYS`).  The
schema says so with `if`/`then`/`else`: the top level lists the one-variable keys (`points` and `parameters`
accept every kind's form there), and each branch lists its own keys and closes the mapping.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Callable
from typing import Any

from derivcheck.spec.load import MAX_ITEMS, MAX_SCALAR
from derivcheck.spec.model import IDENTITY_KEYS, REQUIRED_KEYS, SPEC_KEYS
from derivcheck.spec.multi import MULTI_KEYS, MULTI_REQUIRED
from derivcheck.spec.network import MAX_SIZE, NETWORK_KEYS, NETWORK_ONLY, NETWORK_REQUIRED
from derivcheck.spec.schema import IDENTIFIER_PATTERN, IDENTIFIER_RULE, NAME_PATTERN, NAME_RULE

__all__ = ["KEY_SCHEMAS", "MULTI_KEY_SCHEMAS", "NETWORK_KEY_SCHEMAS", "schema", "schema_text"]

DIALECT = "http://json-schema.org/draft-07/schema#"  # the draft editors' YAML language servers support best

Fragment = dict[str, Any]


def _whole(pattern: re.Pattern[str]) -> str:
    """A Python fullmatch pattern as an anchored JSON Schema (ECMA-262) pattern."""
    return f"^(?:{pattern.pattern})$"


def _name(pattern: re.Pattern[str], rule: str) -> Fragment:
    # The loader also refuses Python keywords and names starting with '__' (see derivcheck.spec.schema.identifier).
    return {
        "type": "string",
        "description": f"{rule}; not a Python keyword and not starting with '__'",
        "pattern": _whole(pattern),
        "not": {"anyOf": [{"enum": sorted(keyword.kwlist)}, {"pattern": "^__"}]},
    }


def _expression(description: str) -> Fragment:
    return {
        "description": description,
        "type": ["string", "number"],
        "pattern": r"\S",  # not blank
        "maxLength": MAX_SCALAR,
    }


def _list(items: Fragment, description: str, *, min_items: int = 0) -> Fragment:
    fragment: Fragment = {"description": description, "type": "array", "items": items, "maxItems": MAX_ITEMS}
    if min_items:
        fragment["minItems"] = min_items
    return fragment


def _identity() -> Fragment:
    return {
        "type": "object",
        "description": "a claimed identity lhs = rhs",
        "properties": {key: _expression(f"the {key} of the identity") for key in IDENTITY_KEYS},
        "required": list(IDENTITY_KEYS),
        "additionalProperties": False,
    }


#: One schema per top-level spec key, in the order of SPEC_KEYS (a test checks they match).
KEY_SCHEMAS: dict[str, Callable[[], Fragment]] = {
    "name": lambda: {**_name(NAME_PATTERN, NAME_RULE),
                     "description": f"what `derivcheck verify NAME` looks up: {NAME_RULE}"},
    "description": lambda: {"description": "one line on the activation",
                            "type": ["string", "number", "boolean"], "maxLength": MAX_SCALAR},
    "variable": lambda: {**_name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                         "description": "the variable's name (default z)", "default": "z"},
    "output": lambda: {**_name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                       "description": "the name that stands for g(z) inside claims (default a)", "default": "a"},
    "parameters": lambda: {
        "description": "parameter name -> number; proofs use a symbol with that sign, spot checks the value",
        "type": "object",
        "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
        "additionalProperties": _expression("the parameter's value"),
        "maxProperties": MAX_ITEMS,
    },
    "domain": lambda: _expression("where the claims must hold, e.g. `z > 0` or `-1 < z < 1`"),
    "function": lambda: _expression("the activation g(z)"),
    "derivative": lambda: _expression("the claimed g'(z); may use the variable, the output and parameters"),
    "second_derivative": lambda: _expression("the claimed g''(z)"),
    "at": lambda: {
        "description": "point -> the value the spec assigns to g' there (e.g. at a kink)",
        "type": "object",
        "propertyNames": {"pattern": r"\S", "maxLength": MAX_SCALAR},
        "additionalProperties": _expression("the value of g' at the point"),
        "maxProperties": MAX_ITEMS,
    },
    "points": lambda: _list(_expression("a point"), "spot-check points (default: 0, 10, -10, 100 inside the domain)",
                            min_items=1),
    "identities": lambda: _list(_identity(), "other claimed identities, each proved like a derivative"),
    "derivation": lambda: _list(_expression("one step"), "a hand derivation of g'(z), one expression per step"),
}


_IDENTIFIER = _whole(IDENTIFIER_PATTERN)
_VARIABLE_KEY = r"[A-Za-z_][A-Za-z0-9_]*(\[\s*[A-Za-z_][A-Za-z0-9_]*\s*\])?"
_CLAIM_KEY = f"^{_VARIABLE_KEY}$"
_SECOND_KEY = f"^\\s*{_VARIABLE_KEY}\\s*(,\\s*{_VARIABLE_KEY}\\s*)?$"


def _variable() -> Fragment:
    return {
        "description": "the variable's domain (null: all reals), or a mapping: domain, values (a label), size "
                       "(a vector of that many entries)",
        "anyOf": [
            {"type": "null"},
            _expression("the domain, e.g. `0 <= y <= 1` or `beta > 0`"),
            {"type": "object",
             "properties": {
                 "domain": {"anyOf": [{"type": "null"}, _expression("the domain of the variable (each entry)")]},
                 "values": _list(_expression("one value"), "a label: the only values it takes", min_items=2),
                 "size": {**_name(IDENTIFIER_PATTERN, IDENTIFIER_RULE), "description": "a vector's length, e.g. n"},
             },
             "additionalProperties": False},
        ],
    }


def _claims(what: str, *, second: bool = False) -> Fragment:
    keys = ("one or two variables (z for the second derivative in z, `z, y` for the mixed one)" if second
            else "variable (z, or z[j] for an entry of a vector)")
    return {
        "description": f"the claimed {what}: {keys} -> its derivative",
        "type": "object",
        "propertyNames": {"pattern": _SECOND_KEY if second else _CLAIM_KEY},
        "additionalProperties": _expression("the claimed partial derivative"),
        "minProperties": 1,
        "maxProperties": MAX_ITEMS,
    }


def _multi_points() -> Fragment:
    return _list({"type": "object", "propertyNames": {"pattern": _IDENTIFIER},
                  "additionalProperties": _expression("the variable's value"), "minProperties": 1},
                 "spot-check points, each giving every variable a value", min_items=1)


#: One schema per top-level key of a spec of several variables, in the order of MULTI_KEYS.
MULTI_KEY_SCHEMAS: dict[str, Callable[[], Fragment]] = {
    "name": KEY_SCHEMAS["name"],
    "description": KEY_SCHEMAS["description"],
    "variables": lambda: {
        "description": "variable name -> domain; a label ({values: [0, 1]}) or a vector ({size: n})",
        "type": "object",
        "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
        "additionalProperties": _variable(),
        "minProperties": 1,
        "maxProperties": MAX_ITEMS,
    },
    "indices": lambda: _list(_name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                             "index names of vector entries (default i, j, k, l)"),
    "parameters": KEY_SCHEMAS["parameters"],
    "where": lambda: {
        "description": "named intermediates, in order: name -> expression (a_i with a free index i for a vector)",
        "type": "object",
        "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
        "additionalProperties": _expression("the intermediate's expression"),
        "maxProperties": MAX_ITEMS,
    },
    "output": lambda: {**_name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                       "description": "the name that stands for the function inside claims (default f)",
                       "default": "f"},
    "function": lambda: _expression("the function of the variables (an entry a_i for a vector function)"),
    "gradient": lambda: _claims("gradient of a scalar function"),
    "jacobian": lambda: _claims("Jacobian of a vector function"),
    "hessian": lambda: _claims("second derivatives of a scalar function", second=True),
    "constraints": lambda: _list(_expression("an equation the inputs satisfy, e.g. `sum(y[k], k) = 1`"),
                                 "equations the inputs satisfy (a vector's entries add up to a number)"),
    "points": _multi_points,
    "identities": KEY_SCHEMAS["identities"],
}


_SHAPE_DIM = {"anyOf": [{"type": "string", "pattern": _IDENTIFIER}, {"type": "integer", "minimum": 1,
                                                                       "maximum": MAX_SIZE}]}
_SHAPE = {"description": "a shape [rows, columns], each a shape name or a whole number", "type": "array",
          "items": _SHAPE_DIM, "minItems": 2, "maxItems": 2}
_RANGE = {"description": f"a size (2) or a range of sizes (1..3), from 1 to {MAX_SIZE}",
          "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
                    {"type": "string", "pattern": r"^\s*\d{1,2}\s*(\.\.\s*\d{1,2}\s*)?$"}]}


def _matrices(what: str, *, inputs: bool) -> Fragment:
    labelled = {"type": "object", "properties": {
        "shape": _SHAPE,
        "values": _list(_expression("one value"), "a label: each entry takes only these values", min_items=2),
        "domain": _expression("the domain of each entry, a condition on the input's name (0 <= X <= 1)"),
    }, "required": ["shape"], "additionalProperties": False}
    return {"description": what, "type": "object", "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
            "additionalProperties": {"anyOf": [_SHAPE, labelled]} if inputs else _SHAPE, "maxProperties": MAX_ITEMS}


#: One schema per top-level key of a network spec, in the order of NETWORK_KEYS.
NETWORK_KEY_SCHEMAS: dict[str, Callable[[], Fragment]] = {
    "name": KEY_SCHEMAS["name"],
    "description": KEY_SCHEMAS["description"],
    "shapes": lambda: {"description": "shape name -> what it counts (n_x: input features, m: examples)",
                       "type": "object", "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                       "additionalProperties": {"type": ["string", "number", "null"], "maxLength": MAX_SCALAR},
                       "minProperties": 1, "maxProperties": MAX_ITEMS},
    "sizes": lambda: {"description": "the sizes each shape is checked at (default 1..3): one range, or one per shape",
                      "anyOf": [_RANGE, {"type": "object", "additionalProperties": _RANGE}]},
    "examples": lambda: {**_name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                         "description": "the shape that counts examples (default m): the notes' dZ is per example"},
    "inputs": lambda: _matrices("input name -> shape, or {shape, values} for a label, {shape, domain}", inputs=True),
    "parameters": lambda: _matrices("parameter name -> shape [rows, columns]; the cost is differentiated by these",
                                    inputs=False),
    "activations": lambda: {
        "description": "name -> `any` (every differentiable function) or an activation (relu), or "
                       "{function, at: {point: the derivative's value there}}",
        "type": "object", "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
        "additionalProperties": {"anyOf": [{"type": "string", "pattern": _IDENTIFIER}, {
            "type": "object", "properties": {
                "function": {"type": "string", "pattern": _IDENTIFIER},
                "at": {"type": "object", "additionalProperties": _expression("the derivative's value there")}},
            "required": ["function"], "additionalProperties": False}]},
        "maxProperties": MAX_ITEMS},
    "forward": lambda: {"description": "name -> matrix expression, in order (Z1: W1 @ X + b1)", "type": "object",
                        "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
                        "additionalProperties": _expression("the forward value"), "minProperties": 1,
                        "maxProperties": MAX_ITEMS},
    "cost": lambda: _expression("the cost J, a number (sum(...) adds every entry)"),
    "backward": lambda: {
        "description": "name -> claimed derivative (dW1: (1/m) * dZ1 @ X.T), or {claim, of: m * dJ/dZ1}",
        "type": "object", "propertyNames": _name(IDENTIFIER_PATTERN, IDENTIFIER_RULE),
        "additionalProperties": {"anyOf": [_expression("the claimed derivative"), {
            "type": "object", "properties": {"claim": _expression("the claimed derivative"),
                                             "of": {"type": "string", "description": "dJ/dW1, or m * dJ/dZ1"}},
            "required": ["claim"], "additionalProperties": False}]},
        "minProperties": 1, "maxProperties": MAX_ITEMS},
    "constraints": lambda: _list(_expression("an equation the inputs satisfy, e.g. `sum(Y, axis=0) = 1`"),
                                 "equations the inputs satisfy (the columns of an input add up to a number)"),
}


def schema() -> Fragment:
    """The JSON Schema (draft-07) of a spec file, as data."""
    one = {key: KEY_SCHEMAS[key]() for key in SPEC_KEYS}
    network = {key: NETWORK_KEY_SCHEMAS[key]() for key in NETWORK_KEYS}
    # The keys whose forms differ between the kinds of spec.
    top = {**one, "points": {"anyOf": [one["points"], _multi_points()]},
           "parameters": {"anyOf": [one["parameters"], network["parameters"]]}}
    return {
        "$schema": DIALECT,
        "title": "derivcheck spec",
        "description": ("A derivcheck spec file: an activation g(z) and claims about its derivatives, or, with "
                        "`variables:`, a function of several variables (a loss, a vector activation) and its "
                        "gradient or Jacobian. Generated by `derivcheck schema`; do not edit."),
        "type": "object",
        "properties": top,
        "if": {"anyOf": [{"required": [key]} for key in NETWORK_ONLY]},
        "then": {"properties": network, "required": list(NETWORK_REQUIRED), "additionalProperties": False},
        "else": _single_or_several(one),
    }


def _single_or_several(one: Fragment) -> Fragment:
    """A spec of one variable, or (with `variables:`) of several."""
    return {
        "if": {"required": ["variables"]},
        "then": {
            "properties": {key: MULTI_KEY_SCHEMAS[key]() for key in MULTI_KEYS},
            "required": list(MULTI_REQUIRED),
            "anyOf": [{"required": ["gradient"]}, {"required": ["jacobian"]}, {"required": ["hessian"]}],
            "not": {"required": ["gradient", "jacobian"]},
            "additionalProperties": False,
        },
        "else": {
            "properties": {**{key: True for key in SPEC_KEYS}, "points": one["points"],
                           "parameters": one["parameters"]},
            "required": list(REQUIRED_KEYS),
            "additionalProperties": False,
        },
    }


def schema_text() -> str:
    """The schema as the committed file holds it: indented JSON with a final newline."""
    return json.dumps(schema(), indent=2, ensure_ascii=True) + "\n"
