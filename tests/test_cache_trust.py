"""What the result cache trusts: only entries signed by this user's secret, only files in its own real folder.

Everything here runs `derivcheck` itself (through its CLI) in a project folder an attacker may have filled:
forged, copied or edited entries, symlinks, FIFOs, and secrets that are not safe to use.  No test here
imports derivcheck's cache code: the forger knows only what is public.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.run.verify import VerifyOptions

FALSE_SPEC = "name: doubled\nfunction: exp(z)\nderivative: 2*exp(z)\n"  # g' is exp(z): REFUTED
TRUE_SPEC = "name: doubled\nfunction: exp(z)\nderivative: exp(z)\n"
CACHE = ".derivcheck_cache"

runner = CliRunner()
verify_module = importlib.import_module("derivcheck.run.verify")  # the module (the package exports a verify function)


@dataclasses.dataclass
class Project:
    """A working folder with spec.yaml in it, and the state folder that holds this user's secret."""

    root: Path
    state: Path
    engine_runs: list[str]

    @property
    def cache(self) -> Path:
        return self.root / CACHE

    def entries(self) -> list[Path]:
        return sorted(self.cache.glob("[0-9a-f]*.json"))

    def verify(self) -> tuple[int, str]:
        """Run `derivcheck verify spec.yaml`: its exit code and the spec's verdict."""
        done = runner.invoke(app, ["verify", "spec.yaml", "--format", "json", "-j", "1"])
        assert done.exit_code in (0, 1), done.output
        return done.exit_code, json.loads(done.stdout)["specs"][0]["verdict"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    root, state = tmp_path / "project", tmp_path / "state"
    root.mkdir()
    (root / "spec.yaml").write_text(FALSE_SPEC, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.delenv("DERIVCHECK_NO_CACHE")
    runs: list[str] = []
    real = verify_module._run

    def counting_run(specs, options, progress=None):  # type: ignore[no-untyped-def]
        runs.extend(s.name for s in specs)
        return real(specs, options, progress)

    monkeypatch.setattr(verify_module, "_run", counting_run)
    return Project(root, state, runs)


def test_an_entry_signed_here_is_a_hit(project: Project) -> None:
    assert project.verify() == (1, "refuted")
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled"]  # the second run read the result back
    assert len(project.entries()) == 1
    secret = project.state / "derivcheck" / "cache-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_bytes()) == 32
    assert stat.S_IMODE(secret.parent.stat().st_mode) == 0o700


# A forger who never runs derivcheck's cache code: it keys and digests an entry from public inputs (the spec's
# bytes, its name, versions, derivcheck's source files, the default options), as entries once were made.
FORGE = r'''
import hashlib, importlib.metadata, json, platform, re, sys
from pathlib import Path

package, options, result = Path(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
source = hashlib.sha256()
for path in sorted(package.rglob("*.py")):
    source.update(str(path.relative_to(package)).encode() + b"\0")
    source.update(path.read_bytes() + b"\0")

def version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"

environment = {
    "derivcheck": re.search(r'__version__ = "(.*)"', (package / "__init__.py").read_text()).group(1),
    "derivcheck-source": source.hexdigest(), "sympy": version("sympy"), "mpmath": version("mpmath"),
    "python": platform.python_version(),
}
material = {"format": "derivcheck-cache/1", "spec": hashlib.sha256(Path("spec.yaml").read_bytes()).hexdigest(),
            "display": "spec.yaml", "environment": environment, "options": options}
key = hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
canonical = json.dumps(result, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
digest = hashlib.sha256(f"{key}\n{canonical}".encode()).hexdigest()
Path(".derivcheck_cache").mkdir(exist_ok=True)
entry = Path(".derivcheck_cache") / (hashlib.sha256(b"spec.yaml").hexdigest()[:32] + ".json")
entry.write_text(json.dumps({"format": "derivcheck-cache/1", "key": key, "digest": digest, "result": result}))
assert not [name for name in sys.modules if name.startswith("derivcheck")]
'''


def _public_option_reprs() -> dict[str, str]:
    """The run options as the forger reads them off the documentation: every default except -j and the folder."""
    return {f.name: repr(getattr(VerifyOptions(), f.name)) for f in dataclasses.fields(VerifyOptions)
            if f.name not in ("jobs", "cache_dir")}


def _proved_result(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A PROVED result of the right shape, as the forger gets it: from a true spec on another machine."""
    other = tmp_path / "forger"
    other.mkdir()
    (other / "spec.yaml").write_text(TRUE_SPEC, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.chdir(other)
        patch.setenv("XDG_STATE_HOME", str(tmp_path / "forger-state"))
        assert project.verify() == (0, "proved")
    (entry,) = sorted((other / CACHE).glob("*.json"))
    result: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))["result"]
    project.engine_runs.clear()
    for check in result["checks"]:
        if check["kind"] == "derivative":
            check["claim"] = {"text": "2*exp(z)", "pretty": "   z\n2\u22c5\u212f ", "latex": "2 e^{z}"}
    return result


def test_a_forged_entry_never_makes_a_false_claim_proved(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _proved_result(project, tmp_path, monkeypatch)
    forged = subprocess.run([sys.executable, "-I", "-c", FORGE, str(ROOT / "derivcheck"),
                             json.dumps(_public_option_reprs()), json.dumps(result)],
                            cwd=project.root, capture_output=True, text=True, timeout=60)
    assert forged.returncode == 0, forged.stderr
    assert len(project.entries()) == 1
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled"]


def test_an_edited_entry_is_a_miss(project: Project) -> None:
    assert project.verify() == (1, "refuted")
    (path,) = project.entries()
    entry = json.loads(path.read_text(encoding="utf-8"))
    for check in entry["result"]["checks"]:
        check.update(verdict="proved", method="exp-rational normal form", message="proved", counterexample=None,
                     hint=None)
    if "digest" in entry:  # any checksum computed from the entry alone, the editor computes again
        canonical = json.dumps(entry["result"], sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        entry["digest"] = hashlib.sha256(f"{entry['key']}\n{canonical}".encode()).hexdigest()
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled", "doubled"]


def test_an_entry_from_another_users_cache_is_a_miss(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path / "another-user"))
        assert project.verify() == (1, "refuted")
    copied = tmp_path / "copy"
    shutil.copytree(project.root, copied)  # the project as committed, cache folder and all
    monkeypatch.chdir(copied)
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled", "doubled"]  # verified again, not trusted
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled", "doubled"]  # the entry was replaced by one signed here


def test_a_gitignore_symlink_is_not_written_through(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    project.cache.mkdir()
    (project.cache / ".gitignore").symlink_to(outside)
    assert project.verify() == (1, "refuted")
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert (project.cache / ".gitignore").is_symlink()


def test_a_dangling_cachedir_tag_symlink_creates_nothing(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "created-by-derivcheck"
    project.cache.mkdir()
    (project.cache / "CACHEDIR.TAG").symlink_to(target)
    assert project.verify() == (1, "refuted")
    assert not target.exists() and not target.is_symlink()
    assert project.entries() == []  # not tagged as derivcheck's own folder: nothing stored in it


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _foreign_folder(tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine\n", encoding="utf-8")
    (elsewhere / "0123456789abcdef0123456789abcdef.json").write_text("{}", encoding="utf-8")
    return elsewhere


def test_a_symlinked_cache_folder_is_not_written(project: Project, tmp_path: Path) -> None:
    elsewhere = _foreign_folder(tmp_path)
    project.cache.symlink_to(elsewhere, target_is_directory=True)
    before = _listing(elsewhere)
    assert project.verify() == (1, "refuted")
    assert project.verify() == (1, "refuted")
    assert _listing(elsewhere) == before  # nothing written there, nothing read from there
    assert project.engine_runs == ["doubled", "doubled"]


def test_a_symlinked_cache_folder_is_not_cleared(project: Project, tmp_path: Path) -> None:
    assert project.verify() == (1, "refuted")  # a genuine cache, for its CACHEDIR.TAG
    tag = (project.cache / "CACHEDIR.TAG").read_bytes()
    shutil.rmtree(project.cache)
    elsewhere = _foreign_folder(tmp_path)
    (elsewhere / "CACHEDIR.TAG").write_bytes(tag)  # even a folder that looks like a cache
    project.cache.symlink_to(elsewhere, target_is_directory=True)
    before = _listing(elsewhere)
    cleared = runner.invoke(app, ["cache", "clear"])
    assert _listing(elsewhere) == before and project.cache.is_symlink()  # nothing deleted there
    assert cleared.exit_code == 1 and "symbolic link" in cleared.output, cleared.output


def test_cache_clear_removes_only_its_own_files(project: Project, tmp_path: Path) -> None:
    assert project.verify() == (1, "refuted")
    (entry,) = project.entries()
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    (project.cache / "fedcba9876543210fedcba9876543210.json").symlink_to(outside)
    os.mkfifo(project.cache / "00000000000000000000000000000000.json")
    (project.cache / "notes.txt").write_text("mine\n", encoding="utf-8")
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0, cleared.output
    assert "removed 1 cached result " in cleared.output
    assert "kept 3 files" in cleared.output and "'notes.txt'" in cleared.output
    assert not entry.exists() and outside.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in project.cache.iterdir()) == [
        ".gitignore", "00000000000000000000000000000000.json", "CACHEDIR.TAG",
        "fedcba9876543210fedcba9876543210.json", "notes.txt"]


def _replace_entry(project: Project, make: str) -> None:
    assert project.verify() == (1, "refuted")
    (entry,) = project.entries()
    entry.unlink()
    if make == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/stdin")


@pytest.mark.parametrize("make", ["fifo", "stdin"])
def test_an_entry_that_would_block_is_a_miss(make: str, project: Project, tmp_path: Path) -> None:
    _replace_entry(project, make)
    report = tmp_path / "report.json"
    with subprocess.Popen([sys.executable, "-m", "derivcheck", "verify", "spec.yaml", "-f", "json", "-j", "1",
                           "-o", str(report)], cwd=project.root, stdin=subprocess.PIPE,  # kept open: never EOF
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as run:
        try:
            code = run.wait(timeout=120)
        except subprocess.TimeoutExpired:
            run.kill()
            pytest.fail(f"the run blocked on a {make} cache entry")
    assert code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["specs"][0]["verdict"] == "refuted"


def _wrong_mode(state: Path, tmp_path: Path) -> None:
    (state / "derivcheck").mkdir(parents=True, mode=0o700)
    (state / "derivcheck" / "cache-secret").write_bytes(b"k" * 32)
    (state / "derivcheck" / "cache-secret").chmod(0o644)


def _symlinked(state: Path, tmp_path: Path) -> None:
    known = tmp_path / "known-secret"  # a secret whose bytes someone else knows
    known.write_bytes(b"k" * 32)
    known.chmod(0o600)
    (state / "derivcheck").mkdir(parents=True, mode=0o700)
    (state / "derivcheck" / "cache-secret").symlink_to(known)


def _folder_is_a_file(state: Path, tmp_path: Path) -> None:
    state.mkdir()
    (state / "derivcheck").write_text("not a folder\n", encoding="utf-8")


def _short(state: Path, tmp_path: Path) -> None:
    (state / "derivcheck").mkdir(parents=True, mode=0o700)
    (state / "derivcheck" / "cache-secret").write_bytes(b"")
    (state / "derivcheck" / "cache-secret").chmod(0o600)


@pytest.mark.parametrize("spoil", [_wrong_mode, _symlinked, _folder_is_a_file, _short],
                         ids=["mode-0644", "symlink", "folder-is-a-file", "empty"])
def test_a_secret_that_is_not_safe_turns_the_cache_off(
    spoil: Callable[[Path, Path], None], project: Project, tmp_path: Path
) -> None:
    spoil(project.state, tmp_path)
    before = _listing(project.state / "derivcheck") if (project.state / "derivcheck").is_dir() else None
    assert project.verify() == (1, "refuted")
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled", "doubled"]  # no cache, and no error either
    assert not project.cache.exists()
    if before is not None:
        assert _listing(project.state / "derivcheck") == before  # a secret that is there is never replaced


def test_a_secret_inside_the_project_turns_the_cache_off(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(project.root / "state"))  # e.g. HOME is the checkout
    assert project.verify() == (1, "refuted")
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled", "doubled"]


def test_a_relative_state_home_is_ignored(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "state")  # relative: invalid by the XDG spec, never the project
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert project.verify() == (1, "refuted")
    assert project.verify() == (1, "refuted")
    assert project.engine_runs == ["doubled"]
    assert (tmp_path / "home" / ".local" / "state" / "derivcheck" / "cache-secret").is_file()
    assert not (project.root / "state").exists()

