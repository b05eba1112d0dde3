"""Check the document tree of a spec of several variables (keys, types, names) and build its `MultiSpec`."""

from __future__ import annotations

from derivcheck.errors import Location
from derivcheck.spec.model import KeyLines, Text
from derivcheck.spec.multi import (
    DEFAULT_INDICES,
    MULTI_KEYS,
    MULTI_REQUIRED,
    VARIABLE_KEYS,
    Intermediate,
    MultiSpec,
    Variable,
)
from derivcheck.spec.multi_claims import claims, constraints, identities, points
from derivcheck.spec.schema import (
    NAME_PATTERN,
    NAME_RULE,
    check_keys,
    expression,
    fail,
    identifier,
    mapping,
    scalar,
    sequence,
)
from derivcheck.spec.tree import Map, Node, Scalar, show

__all__ = ["build_multi_spec", "is_multi"]

#: Top-level keys that only a spec of several variables has: their presence makes the spec one.
MULTI_ONLY = ("variables", "where", "gradient", "jacobian", "hessian", "constraints", "indices")


def is_multi(root: Map) -> bool:
    """Whether a spec's top level declares several variables (or uses a key only such specs have)."""
    return any(key.text in MULTI_ONLY for key, _ in root.entries)


def build_multi_spec(root: Map, file: str) -> MultiSpec:
    """The MultiSpec of a document tree whose top level holds `variables:`."""
    keys = {key.text: key for key, _ in root.entries}
    if "variables" not in keys:
        first = next(keys[k] for k in MULTI_ONLY if k in keys)
        raise fail("", f"{show(first.text)} belongs to a spec of several variables: declare them under "
                    "`variables:` (or, for one variable, claim its derivative under `derivative:`)", first.location)
    if "derivative" in keys:
        raise fail("", "a spec with `variables:` claims its derivatives under `gradient:` (or `jacobian:` for a "
                    "vector function), not `derivative:`", keys["derivative"].location)
    values = check_keys(root, "", MULTI_KEYS, MULTI_REQUIRED)
    name = identifier(values["name"], "name", pattern=NAME_PATTERN, rule=NAME_RULE)
    taken: dict[str, str] = {}
    variables = _variables(values["variables"], taken)
    size = _size(variables, taken)
    parameters = _parameters(values["parameters"], taken) if "parameters" in values else ()
    where = _where(values["where"], taken) if "where" in values else ()
    output = "f"
    if "output" in values:
        output = identifier(values["output"], "output")
        _take(taken, output, "output", values["output"].location, "output")
    elif output in taken:
        output = ""  # the default name is taken by a declared name: claims simply cannot name the function
    indices = _indices(values.get("indices"), size, taken)
    gradient = claims(values, "gradient", variables, indices)
    jacobian = claims(values, "jacobian", variables, indices)
    hessian = claims(values, "hessian", variables, indices)
    if hessian and jacobian:
        raise fail("hessian", "second derivatives are claimed of a function whose value is a number (with a "
                    "gradient), not of a vector function", keys["hessian"].location)
    if not gradient and not jacobian and not hessian:
        raise fail("", "missing required key 'gradient' (or 'jacobian' for a vector function, or 'hessian'): "
                    "the claimed derivatives", root.location)
    if gradient and jacobian:
        raise fail("jacobian", "a spec claims a gradient (scalar function) or a Jacobian (vector function), "
                    "not both", keys["jacobian"].location)
    description = scalar(values["description"], "description", "a text").text if "description" in values else None
    return MultiSpec(
        name=name,
        file=file,
        function=expression(values["function"], "function"),
        variables=variables,
        description=description,
        output=output,
        indices=indices,
        parameters=parameters,
        where=where,
        gradient=gradient,
        jacobian=jacobian,
        hessian=hessian,
        constraints=constraints(values["constraints"], size) if "constraints" in values else (),
        points=points(values["points"], variables) if "points" in values else None,
        identities=identities(values["identities"]) if "identities" in values else (),
        lines=KeyLines(tuple((key.text, key.location.line) for key, _ in root.entries)),
    )


def _take(taken: dict[str, str], name: str, what: str, location: Location, path: str) -> None:
    if name in taken:
        raise fail(path, f"{show(name)} is already the name of a {taken[name]}; each name may be declared once",
                    location)
    taken[name] = what


def _variables(node: Node, taken: dict[str, str]) -> tuple[Variable, ...]:
    entries = mapping(node, "variables", "a mapping of variable names to domains").entries
    if not entries:
        raise fail("variables", "declare at least one variable (name: domain, or name: null for all reals)",
                    node.location)
    found: list[Variable] = []
    for key, value in entries:
        name = identifier(key, "variables")
        _take(taken, name, "variable", key.location, "variables")
        found.append(_variable(name, key, value))
    return tuple(found)


def _variable(name: str, key: Scalar, value: Node) -> Variable:
    path = f"variables.{name}"
    if isinstance(value, Scalar):
        if value.is_null:
            return Variable(name, key.location)
        return Variable(name, key.location, domain=expression(value, path))
    values = check_keys(mapping(value, path, "a domain, null, or a mapping with keys domain, values, size"), path,
                        VARIABLE_KEYS, ())
    domain = None
    if "domain" in values and not (isinstance(values["domain"], Scalar) and values["domain"].is_null):
        domain = expression(values["domain"], f"{path}.domain")
    labels: tuple[Text, ...] = ()
    if "values" in values:
        items = sequence(values["values"], f"{path}.values", "a list of numbers").items
        if len(items) < 2:
            raise fail(f"{path}.values", "a label takes at least two values (a single value is a constant)",
                        values["values"].location)
        labels = tuple(expression(item, f"{path}.values[{i}]") for i, item in enumerate(items))
    size = identifier(values["size"], f"{path}.size") if "size" in values else None
    if labels and (domain is not None or size is not None):
        other = "domain" if domain is not None else "size"
        raise fail(path, f"a label (values:) takes no {other}: it is one of its values", values[other].location)
    return Variable(name, key.location, domain=domain, values=labels, size=size)


def _size(variables: tuple[Variable, ...], taken: dict[str, str]) -> str | None:
    """The one length of the vectors (`n`), now a taken name; None without vectors."""
    sizes = [v for v in variables if v.size is not None]
    for v in sizes[1:]:
        if v.size != sizes[0].size:
            raise fail(f"variables.{v.name}.size", f"all vectors have one length here: {show(v.size or '')} "
                        f"differs from {show(sizes[0].size or '')} (of {sizes[0].name})", v.location)
    if not sizes:
        return None
    size = sizes[0].size
    assert size is not None
    _take(taken, size, "vector length", sizes[0].location, f"variables.{sizes[0].name}.size")
    return size


def _indices(node: Node | None, size: str | None, taken: dict[str, str]) -> tuple[str, ...]:
    if node is None:
        # Without vectors no index is needed; with them, the usual letters that no other name took.
        return () if size is None else tuple(i for i in DEFAULT_INDICES if i not in taken)
    items = sequence(node, "indices", "a list of index names").items
    if size is None:
        raise fail("indices", "indices are for vector variables; declare one with `size:` (z: {size: n})",
                    node.location)
    found = []
    for i, item in enumerate(items):
        name = identifier(item, f"indices[{i}]")
        _take(taken, name, "index", item.location, f"indices[{i}]")
        found.append(name)
    return tuple(found)


def _parameters(node: Node, taken: dict[str, str]) -> tuple[tuple[str, Text], ...]:
    entries = mapping(node, "parameters", "a mapping of parameter names to values").entries
    result: list[tuple[str, Text]] = []
    for key, value in entries:
        name = identifier(key, "parameters")
        _take(taken, name, "parameter", key.location, "parameters")
        result.append((name, expression(value, f"parameters.{name}")))
    return tuple(result)


def _where(node: Node, taken: dict[str, str]) -> tuple[Intermediate, ...]:
    entries = mapping(node, "where", "a mapping of names to expressions (named intermediates)").entries
    found = []
    for key, value in entries:
        name = identifier(key, "where")
        _take(taken, name, "named intermediate", key.location, "where")
        found.append(Intermediate(name, expression(value, f"where.{name}")))
    return tuple(found)
