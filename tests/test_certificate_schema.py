"""The certificate's JSON Schema: generated from the data model, committed, and met by every certificate."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report.json_report import document
from derivcheck.results.certificate_schema import certificate_schema, certificate_schema_text
from derivcheck.results.checks import RunResult

jsonschema = pytest.importorskip("jsonschema")

COMMITTED = ROOT / "schema" / "derivcheck-certificate.schema.json"


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == certificate_schema_text(), (
        "regenerate it: derivcheck schema --certificate > schema/derivcheck-certificate.schema.json")
    done = CliRunner().invoke(app, ["schema", "--certificate"])
    assert done.exit_code == 0 and json.loads(done.output) == certificate_schema()


def test_every_certificate_of_the_json_report_meets_the_schema(catalog_run: RunResult) -> None:
    jsonschema.Draft7Validator.check_schema(certificate_schema())
    validator = jsonschema.Draft7Validator(certificate_schema())
    written = json.loads(json.dumps(document(catalog_run)))
    certificates = [c["certificate"] for s in written["specs"] for c in s["checks"] if c["certificate"]]
    assert len(certificates) >= 90
    for found in certificates:
        assert not list(validator.iter_errors(found))
    broken = dict(certificates[0], type="theorem")
    assert list(validator.iter_errors(broken))
