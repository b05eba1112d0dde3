"""`derive` and `show` as JSON (schema_version 1): the same explanation and spec data, for other programs."""

from __future__ import annotations

import json
from typing import Any, TextIO

from derivcheck.results.checks import Check, Math
from derivcheck.results.explanation import Explanation, Shown, SpecView

__all__ = ["SCHEMA_VERSION", "ExplanationJson", "explanation_data", "spec_data"]

SCHEMA_VERSION = 1


class ExplanationJson:
    """Writes an explanation or a spec as an indented JSON document."""

    def __init__(self, *, color: bool | None = None, width: int | None = None) -> None:
        del color, width  # JSON has neither

    def explanation(self, explained: Explanation, stream: TextIO) -> None:
        _write(explanation_data(explained), stream)

    def spec(self, view: SpecView, steps: Explanation | None, stream: TextIO) -> None:
        _write(spec_data(view, steps), stream)


def _write(data: dict[str, Any], stream: TextIO) -> None:
    json.dump(data, stream, indent=2, ensure_ascii=True)
    stream.write("\n")


def _math_data(item: Math | None) -> dict[str, str] | None:
    return None if item is None else {"text": item.text, "latex": item.latex}


def _check_data(check: Check | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {"verdict": check.verdict.value, "method": check.method, "message": check.message}


def explanation_data(explained: Explanation) -> dict[str, Any]:
    """The JSON form of a `derive` result (schema_version 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "function": _math_data(explained.function),
        "variable": explained.variable,
        "output": explained.output,
        "parameters": dict(explained.parameters),
        "verdict": explained.verdict.value,
        "complete": explained.complete,
        "stopped": explained.stopped or None,
        "steps": [{"number": s.number, "depth": s.depth, "rule": s.rule, "variable": s.variable,
                   "condition": s.condition, "note": s.note, "domain": s.domain,
                   "expression": _math_data(s.expression), "result": _math_data(s.result),
                   "verdict": s.verdict.value, "method": s.method, "message": s.message} for s in explained.steps],
        "derivative": None if explained.derivative is None else {
            **(_math_data(explained.derivative) or {}), **(_check_data(explained.derivative_check) or {})},
        "output_form": {"found": explained.output_form is not None,
                        "form": _math_data(explained.output_form),
                        "check": _check_data(explained.output_form_check),
                        "message": explained.output_form_message or None},
    }


def _shown_data(shown: Shown) -> dict[str, Any]:
    return {"label": shown.label, "source": shown.source, "line": shown.line, "math": _math_data(shown.math),
            "error": shown.error}


def spec_data(view: SpecView, steps: Explanation | None = None) -> dict[str, Any]:
    """The JSON form of `show`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "name": view.name, "file": view.file, "description": view.description,
        "variable": view.variable, "output": view.output, "parameters": dict(view.parameters),
        "domain": view.domain, "function": _shown_data(view.function), "derivative": _shown_data(view.derivative),
        "second_derivative": None if view.second_derivative is None else _shown_data(view.second_derivative),
        "at": [_shown_data(s) for s in view.at], "points": None if view.points is None else list(view.points),
        "identities": [{"lhs": _shown_data(lhs), "rhs": _shown_data(rhs)} for lhs, rhs in view.identities],
        "derivation": [_shown_data(s) for s in view.derivation],
        "steps": None if steps is None else explanation_data(steps),
    }
