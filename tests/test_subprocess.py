"""The installed `derivcheck` command, run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES


def test_installed_command_verifies_sigmoid_from_any_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    exe = shutil.which("derivcheck")
    assert exe, "derivcheck is not installed (pip install -e .)"
    done = subprocess.run([exe, "verify", "sigmoid"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert "PROVED" in done.stdout and "\x1b[" not in done.stdout


def test_python_dash_m_works(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run([sys.executable, "-m", "derivcheck", "--version"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("derivcheck ")


def test_help_and_list_do_not_import_sympy() -> None:
    code = ("import sys\nfrom derivcheck.cli.app import app\nimport typer.testing\n"
            "r = typer.testing.CliRunner().invoke(app, ['--help']); assert r.exit_code == 0\n"
            "r = typer.testing.CliRunner().invoke(app, ['list']); assert r.exit_code == 0, r.output\n"
            "assert 'sympy' not in sys.modules, 'sympy was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("seed", ["0", "1", "2", "3", "42", "2024"])
def test_sympy_23086_is_never_proved_whatever_the_hash_seed(seed: str) -> None:
    done = subprocess.run([sys.executable, "-m", "derivcheck", "verify", str(EXAMPLES / "bad" / "sympy_23086.yaml"),
                           "--format", "json"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONHASHSEED": seed})
    doc = json.loads(done.stdout)
    verdicts = {c["verdict"] for c in doc["specs"][0]["checks"] if c["kind"] == "derivative"}
    assert verdicts == {"refuted"}, doc
    assert done.returncode == 1


def test_a_hopeless_claim_does_not_hang_the_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec = tmp_path / "tower.yaml"
    spec.write_text("name: tower\nfunction: exp(exp(exp(exp(exp(z)))))\n"
                    "derivative: exp(exp(exp(exp(exp(z)))) + exp(exp(exp(z))))*sin(z)^3/(1 + z^2)^7\n"
                    "points: [1/3, -2/7]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "derivcheck", "verify", str(spec), "--timeout", "3",
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    doc = json.loads(done.stdout)
    (derivative,) = [c for c in doc["specs"][0]["checks"] if c["kind"] == "derivative"]
    assert derivative["verdict"] in {"undecided", "refuted"}
    assert derivative["seconds"] < 60
