"""The JSON Schema of a certificate as `--format json` writes it, generated from the data model itself."""

from __future__ import annotations

import dataclasses
import inspect
import json
import types
import typing
from enum import Enum
from typing import Any

from derivcheck.results import certificate
from derivcheck.results.certificate import KinkProof, Proof, Refutation

__all__ = ["certificate_schema", "certificate_schema_text"]

DIALECT = "http://json-schema.org/draft-07/schema#"
_KINDS = {"proof": Proof, "refutation": Refutation, "kink": KinkProof}  # as certificate_json names them
_PLAIN = {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}}


def certificate_schema() -> dict[str, Any]:
    """The schema: one definition per dataclass of the certificate model, its docstring as the description."""
    definitions: dict[str, Any] = {}
    for name, cls in inspect.getmembers(certificate, inspect.isclass):
        if dataclasses.is_dataclass(cls) and cls.__module__ == certificate.__name__:
            definitions[name] = _record(cls)
        elif issubclass(cls, Enum) and cls.__module__ == certificate.__name__:
            definitions[name] = {"description": _doc(cls), "enum": [member.value for member in cls]}
    definitions["Node"]["properties"]["op"]["enum"] = sorted(certificate.OPERATIONS)
    kinds = []
    for kind, cls in _KINDS.items():
        record = _record(cls)
        record["properties"] = {"type": {"const": kind}, **record["properties"]}
        record["required"] = ["type", *record["required"]]
        kinds.append(record)
    return {"$schema": DIALECT, "title": "derivcheck certificate",
            "description": _doc(certificate, paragraph=0) + " Written as the `certificate` of a check by "
                           "`--format json`; the last node of an expression's `nodes` is its root.",
            "oneOf": kinds, "definitions": definitions}


def certificate_schema_text() -> str:
    return json.dumps(certificate_schema(), indent=2, sort_keys=False) + "\n"


def _doc(item: object, paragraph: int | None = None) -> str:
    text = inspect.getdoc(item) or ""
    if paragraph is not None:
        text = text.split("\n\n")[paragraph]
    return " ".join(text.split())


def _record(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    return {"description": _doc(cls), "type": "object", "additionalProperties": False,
            "properties": {f.name: _type(hints[f.name]) for f in fields}, "required": [f.name for f in fields]}


def _type(hint: Any) -> dict[str, Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type(option) for option in args]}
    if hint is type(None):
        return {"type": "null"}
    if origin is tuple:
        return {"type": "array", "items": _type(args[0])}
    if hint in _PLAIN:
        return dict(_PLAIN[hint])
    return {"$ref": f"#/definitions/{hint.__name__}"}
