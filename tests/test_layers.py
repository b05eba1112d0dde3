"""The package's shape holds: the import contracts (checked by import-linter itself), the wheel's package list,
a handful of top-level modules, no re-exports, and the engine's errors reaching the user through the CLI."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import tomllib

from conftest import ROOT
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.run.cache import source_files

PACKAGE = ROOT / "derivcheck"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: The top level of the package besides its sub-packages: the public API, `python -m`, errors, the plug-in.
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py", "errors.py", "pytest_plugin.py"}


def test_the_import_contracts_hold() -> None:
    """The contracts in pyproject.toml, checked by the real tool over this checkout (as .ci/run does)."""
    exe = shutil.which("lint-imports")
    assert exe, "import-linter is not installed (pip install -e '.[dev]')"
    done = subprocess.run([exe, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in done.stdout


def test_the_layer_contract_names_every_sub_package() -> None:
    """A new sub-package cannot sit outside the layers unnoticed."""
    layers = PYPROJECT["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {part.strip() for layer in layers for part in layer.split("|")}
    packages = {f"derivcheck.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages <= named, packages - named


def test_the_wheel_holds_every_package() -> None:
    """`pip install .` ships every package folder: the setuptools list names each one."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed, found - listed
    assert PYPROJECT["project"]["scripts"]["derivcheck"] == "derivcheck.cli:main"


def test_the_top_level_holds_a_handful_of_modules() -> None:
    assert {p.name for p in PACKAGE.glob("*.py")} == TOP_LEVEL_MODULES


def test_no_module_re_exports_another_s_names() -> None:
    """Every name in a module's `__all__` is defined there (the package's own `__init__` is the public API)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exported = _all(tree)
        defined = _defined(tree)
        offenders += [f"{path.relative_to(ROOT)}: {name}" for name in exported - defined]
    assert offenders == []


def test_the_cache_key_covers_every_module_of_the_package() -> None:
    """An edit anywhere in derivcheck (the engine above all) must not reuse results of the old code."""
    covered = {p.relative_to(PACKAGE).as_posix() for p in source_files()}
    expected = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    assert covered == expected
    assert {"engine/prove/decide.py", "spec/load.py", "lang/parse.py", "run/tasks.py"} <= covered


def test_a_bad_name_given_to_derive_is_a_usage_error() -> None:
    """The engine says what is wrong with the text (a SpecError); the command line makes it exit 2."""
    runner = CliRunner()
    result = runner.invoke(app, ["derive", "z", "--variable", "x y"])
    assert result.exit_code == 2, result.output
    assert "'x y' is not a valid name" in result.output
    result = runner.invoke(app, ["derive", "z", "--param", "z=1"])
    assert result.exit_code == 2 and "must all differ" in result.output


def _all(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            value = ast.literal_eval(node.value)
            return set(value)
    return set()


def _defined(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names |= _targets(target)
        elif isinstance(node, ast.AnnAssign):
            names |= _targets(node.target)
    return names


def _targets(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple):
        return {n for element in target.elts for n in _targets(element)}
    return set()


def test_the_docs_name_modules_that_exist() -> None:
    """Every module path the README and docs/ name in backticks is a file of this checkout."""
    ours = ("derivcheck/", "engine/", "run/", "spec/", "lang/", "report/", "cli/", "results/")
    files = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py") if ".git" not in p.parts]
    missing = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for token in re.findall(r"`([\w/]+\.py)`", doc.read_text(encoding="utf-8")):
            named_here = token.startswith(ours) or doc.name == "architecture.md"
            if named_here and not any(f == token or f.endswith("/" + token) for f in files):
                missing.append(f"{doc.name}: {token}")
    assert missing == []
