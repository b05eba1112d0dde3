"""`--format json`: the stable, versioned machine-readable report."""

from __future__ import annotations

import json
from typing import Any, TextIO

from derivcheck.results.certificate_json import certificate_to_json
from derivcheck.results.checks import (
    Check,
    Counterexample,
    DtypePrecision,
    Kink,
    Partial,
    Precision,
    RunResult,
    SpecResult,
    SpotCheck,
    Verdict,
    Written,
)
from derivcheck.results.scope import Scope, scope_text

SCHEMA_VERSION = 1


class JsonReporter:
    """Writes the JSON document described in the README (schema_version 1)."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0) -> None:
        del color, width, allow_undecided, verbosity  # the document holds every verdict as it is

    def render(self, run: RunResult, stream: TextIO) -> None:
        json.dump(document(run), stream, indent=2, ensure_ascii=True)
        stream.write("\n")


def document(run: RunResult) -> dict[str, Any]:
    """The JSON document as Python data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": {v.value: run.count(v) for v in (Verdict.PROVED, Verdict.REFUTED, Verdict.UNDECIDED,
                                                      Verdict.ERROR)},
        "specs": [_spec(s) for s in run.specs],
        "warnings": list(run.warnings),
    }


def _spec(spec: SpecResult) -> dict[str, Any]:
    found = _spec_fields(spec)
    if spec.variables:  # a spec of several variables (a spec of one variable keeps its JSON as it was)
        found["variables"] = list(spec.variables)
        found["definitions"] = [{"name": d.name, "expression": d.math.text} for d in spec.definitions]
    if spec.shapes:  # a network: its shape names (its variables are its parameters, its definitions the forward pass)
        found["shapes"] = list(spec.shapes)
    return found


def _spec_fields(spec: SpecResult) -> dict[str, Any]:
    return {
        "name": spec.name,
        "file": spec.file,
        "verdict": spec.verdict.value,
        "description": spec.description,
        "function": spec.function.text if spec.function else None,
        "checks": [_check(c) for c in spec.checks],
        "kinks": [_kink(k) for k in spec.kinks],
        "cached": spec.cached,
        "function_written": _written(spec.function_written),
    }


def _written(written: Written | None) -> dict[str, Any] | None:
    """An expression as the spec writes it: its text exactly, its line, and that text typeset (or null)."""
    if written is None:
        return None
    return {"text": written.text, "line": written.line, "latex": written.latex}


def _counterexample(cex: Counterexample) -> dict[str, Any]:
    found: dict[str, Any] = {"point": cex.point, "expected": cex.expected, "claimed": cex.claimed}
    if cex.at:
        found["at"] = [{"name": c.name, "value": c.value} for c in cex.at]
    return found


def _partial(partial: Partial) -> dict[str, Any]:
    found: dict[str, Any] = {"output": partial.output, "output_index": partial.output_index,
                             "variable": partial.variable, "variable_index": partial.variable_index}
    if partial.second_variable is not None:
        found |= {"second_variable": partial.second_variable, "second_index": partial.second_index}
    if partial.scale is not None:
        found["scale"] = partial.scale
    return found


def _scope(scope: Scope) -> dict[str, Any]:
    def spans(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [{"name": s.name, "coverage": s.coverage.value, "domain": s.domain} for s in items]

    return {"variables": spans(scope.variables), "parameters": spans(scope.parameters),
            "sizes": [{"name": s.name, "every": s.every, "low": s.low, "high": s.high} for s in scope.sizes],
            "constraints": list(scope.constraints), "cases": list(scope.cases), "excluding": list(scope.excluding),
            "text": scope_text(scope)}


def _check(check: Check) -> dict[str, Any]:
    found = _check_fields(check)
    if check.partial is not None:
        found["partial"] = _partial(check.partial)
    if check.scope is not None:
        found["scope"] = _scope(check.scope)
    return found


def _check_fields(check: Check) -> dict[str, Any]:
    cex = check.counterexample
    return {
        "kind": check.kind.value,
        "verdict": check.verdict.value,
        "method": check.method,
        "message": check.message,
        "counterexample": None if cex is None else _counterexample(cex),
        "seconds": round(check.seconds, 4),
        "label": check.label,
        "line": check.line,
        "step": check.step,
        "hint": check.hint,
        "claim": check.claim.text if check.claim else None,
        "truth": check.truth.text if check.truth else None,
        "spot_checks": [_spot(s) for s in check.evidence],
        "precision": None if check.precision is None else _precision(check.precision),
        "written": _written(check.written),
        "written_lhs": _written(check.written_lhs),
        "certificate": None if check.certificate is None else certificate_to_json(check.certificate),
        "recheck": None if check.recheck is None else {"status": check.recheck.status.value,
                                                        "message": check.recheck.message},
    }


def _precision(report: Precision) -> dict[str, Any]:
    return {"expression": report.expression, "grid": report.grid, "seconds": round(report.seconds, 4),
            "note": report.note, "dtypes": [_dtype(d) for d in report.dtypes]}


def _dtype(dtype: DtypePrecision) -> dict[str, Any]:
    return {"dtype": dtype.dtype, "worst_error": dtype.worst_error, "worst_at": dtype.worst_at,
            "breakdown": list(dtype.breakdown), "compared": dtype.compared,
            "ranges": [{"cause": r.cause, "low": r.low, "high": r.high, "every_digit": r.every_digit,
                        "formula": r.formula, "text": r.text} for r in dtype.ranges]}


def _spot(row: SpotCheck) -> dict[str, Any]:
    return {"point": row.point, "truth": row.truth, "claimed": row.claimed,
            "finite_difference": row.finite_difference, "float64": row.float64, "agree": row.agree,
            "float64_ok": row.float64_ok, "note": row.note}


def _kink(kink: Kink) -> dict[str, Any]:
    found: dict[str, Any] = {
        "point": kink.point, "continuous": kink.continuous, "left": kink.left, "right": kink.right,
        "differentiable": kink.differentiable, "declared": kink.declared, "message": kink.message,
        "removable": kink.removable, "conventions": list(kink.conventions),
        "frameworks": {f.framework: {"value": f.value, "matches": f.matches, "source": f.source}
                       for f in kink.frameworks}}
    if kink.along is not None:
        found |= {"along": kink.along, "fixed": kink.fixed}
    return found
