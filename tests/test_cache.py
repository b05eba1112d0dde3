"""The result cache: hits, every kind of invalidation, damaged entries, --no-cache and `cache clear`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES, SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.results.checks import Check, RunResult, Unfinished, Verdict
from derivcheck.run import cache as cache_module
from derivcheck.run import cache_secret
from derivcheck.run import verify as verify_module
from derivcheck.run.cache import ResultCache, cacheable, entry_key
from derivcheck.run.result_codec import CodecError, from_json, to_json
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource

RELU = (SPECS / "relu.yaml").read_text(encoding="utf-8")


class Spy:
    """Counts the specs the engine is asked to verify (wrapping the real `_run`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = verify_module._run

        def run(specs, options, progress=None):  # type: ignore[no-untyped-def]
            self.names += [s.name for s in specs]
            return real(specs, options, progress)

        monkeypatch.setattr(verify_module, "_run", run)


@pytest.fixture(scope="module", autouse=True)
def state_home(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The per-user secret that signs entries, in a folder of this module's own (never the real home)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
        yield


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    path = tmp_path / "relu.yaml"
    path.write_text(RELU, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def primed_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("primed")
    (folder / "relu.yaml").write_text(RELU, encoding="utf-8")
    run(folder / "relu.yaml", folder / "cache")
    return folder / "relu.yaml", folder / "cache"


@pytest.fixture
def primed(primed_once: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A spec file and a cache holding its result (a copy, so each test may damage it)."""
    spec, store = primed_once
    (tmp_path / "relu.yaml").write_bytes(spec.read_bytes())
    shutil.copytree(store, tmp_path / "cache")
    return tmp_path / "relu.yaml", tmp_path / "cache"


def run(path: Path, cache_dir: Path, **options: object) -> RunResult:
    settings: dict[str, object] = {"jobs": 1, **options}
    return verify_sources([SpecSource(path, path.name)], VerifyOptions(cache_dir=cache_dir, **settings))  # type: ignore[arg-type]


def entries(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.glob("*.json") if not p.name.startswith("."))


def test_a_warm_run_returns_the_stored_result_without_the_engine(
    spec_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    spy = Spy(monkeypatch)
    cold = run(spec_file, store)
    warm = run(spec_file, store)
    assert spy.names == ["relu"]
    # the very dataclasses, every field and rendering; only marked as read from the cache
    assert [replace(spec, cached=False) for spec in warm.specs] == list(cold.specs)
    assert [spec.cached for spec in warm.specs] == [True] and [spec.cached for spec in cold.specs] == [False]
    assert warm.verdict is Verdict.PROVED
    tag = (store / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (store / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert len(entries(store)) == 1


def test_changing_the_spec_bytes_misses(spec_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "cache"
    spy = Spy(monkeypatch)
    run(spec_file, store)
    spec_file.write_text(RELU.replace("second_derivative: 0", "second_derivative: 1"), encoding="utf-8")
    changed = run(spec_file, store)
    assert spy.names == ["relu", "relu"]
    assert changed.verdict is Verdict.REFUTED  # the new claim, not the old result
    spec_file.write_text("# a comment changes the bytes too\n" + RELU, encoding="utf-8")
    run(spec_file, store)
    assert spy.names == ["relu"] * 3
    assert len(entries(store)) == 1  # one entry per spec file, overwritten


@pytest.mark.parametrize("package", ["sympy", "mpmath"])
def test_a_new_sympy_or_mpmath_version_misses(
    package: str, spec_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    spy = Spy(monkeypatch)
    run(spec_file, store)
    real = cache_module.installed_version
    monkeypatch.setattr(cache_module, "installed_version", lambda name: "999.0" if name == package else real(name))
    cache_module._environment.cache_clear()
    try:
        run(spec_file, store)
    finally:
        cache_module._environment.cache_clear()
    assert spy.names == ["relu", "relu"]


def test_a_new_derivcheck_version_or_timeout_misses(
    spec_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    spy = Spy(monkeypatch)
    run(spec_file, store)
    run(spec_file, store, timeout=30.0)
    monkeypatch.setattr(cache_module, "__version__", "9.9.9")
    cache_module._environment.cache_clear()
    try:
        run(spec_file, store)
    finally:
        cache_module._environment.cache_clear()
    run(spec_file, store, jobs=2)  # jobs do not change results: a hit
    assert spy.names == ["relu"] * 3


def test_the_key_covers_content_name_and_options() -> None:
    base = entry_key(b"x", "a.yaml", VerifyOptions())
    assert entry_key(b"x", "a.yaml", VerifyOptions(jobs=7)) == base
    assert entry_key(b"y", "a.yaml", VerifyOptions()) != base
    assert entry_key(b"x", "b.yaml", VerifyOptions()) != base
    assert entry_key(b"x", "a.yaml", VerifyOptions(timeout=1.0)) != base
    assert entry_key(b"x", "a.yaml", VerifyOptions(memory_mb=64)) != base


def _tamper_verdict(text: str) -> str:
    entry = json.loads(text)
    entry["result"]["checks"][0]["verdict"] = "refuted"
    return json.dumps(entry)


def _sign_wrong_shape(text: str) -> str:
    """A well-formed entry with a correct MAC (this user's own) but a result of the wrong shape."""
    entry = json.loads(text)
    entry["result"]["checks"][0]["verdict"] = "maybe"
    secret = cache_secret.load_secret(outside=Path("/nonexistent"))
    assert secret is not None
    entry["mac"] = cache_module._mac(secret, entry["key"], entry["result"])
    return json.dumps(entry)


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # truncated
    lambda text: "\x00\xff garbage",
    lambda text: "[]",
    lambda text: json.dumps({"format": "someone-else/1", "data": 1}),  # another tool's file
    lambda text: text.replace('"format":"derivcheck-cache/2"', '"format":"derivcheck-cache/1"'),
    lambda text: text.replace('"key":"', '"key":"0'),  # the key of another spec
    _tamper_verdict,
    _sign_wrong_shape,
    lambda text: "[" * 100_000 + "]" * 100_000,  # deeper than the JSON reader goes
], ids=["truncated", "binary", "list", "foreign", "old-format", "wrong-key", "edited-verdict", "signed-wrong-shape",
        "deep"])
def test_a_damaged_entry_is_ignored_and_overwritten(
    damage, primed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    spec, store = primed
    (entry,) = entries(store)
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8", errors="surrogateescape")
    spy = Spy(monkeypatch)
    again = run(spec, store)
    assert spy.names == ["relu"]  # verified again, not trusted
    assert again.verdict is Verdict.PROVED and len(again.specs[0].checks) == 3  # g', g'' and g'(0) under at:
    assert ResultCache(store).get("relu.yaml", json.loads(entry.read_text(encoding="utf-8"))["key"]) is not None


def test_undecided_and_crashed_results_are_not_stored(tmp_path: Path) -> None:
    proved = run(SPECS / "relu.yaml", tmp_path / "unused", timeout=60.0).specs[0]
    undecided = replace(proved, checks=(replace(proved.checks[0], verdict=Verdict.UNDECIDED, method="time budget"),))
    crashed = replace(proved, checks=(replace(proved.checks[0], verdict=Verdict.ERROR, method="internal error",
                                              unfinished=Unfinished.CRASH),))
    assert cacheable(proved)
    assert not cacheable(undecided) and not cacheable(crashed)
    store = ResultCache(tmp_path / "cache")
    for result in (undecided, crashed):
        store.put(result.file, "k", result)
        assert store.get(result.file, "k") is None
    assert not (tmp_path / "cache").exists()


def test_spec_errors_are_not_stored(tmp_path: Path) -> None:
    run(EXAMPLES / "bad" / "loader" / "missing_name.yaml", tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_the_codec_round_trips_counterexamples_and_refuses_wrong_types() -> None:
    result = verify_sources([SpecSource(EXAMPLES / "bad" / "sigmoid_a_plus.yaml", "x.yaml")],
                            VerifyOptions(jobs=2)).specs[0]
    assert any(c.counterexample for c in result.checks) and any(c.evidence for c in result.checks)
    data = json.loads(json.dumps(to_json(result)))
    assert from_json(data) == result
    bad_check = {**data["checks"][0], "line": "3"}
    without_name = {k: v for k, v in data.items() if k != "name"}
    for broken in ({**data, "checks": [bad_check]}, {**data, "extra": 1}, without_name,
                   {**data, "checks": {"0": data["checks"][0]}}, {**data, "name": None}, "result"):
        with pytest.raises(CodecError):
            from_json(broken)
    assert isinstance(from_json(data).checks[0], Check)


runner = CliRunner()


def test_the_command_caches_unless_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DERIVCHECK_NO_CACHE")
    (tmp_path / "relu.yaml").write_text(RELU, encoding="utf-8")
    done = runner.invoke(app, ["verify", "relu.yaml", "--no-cache", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert not (tmp_path / ".derivcheck_cache").exists()
    spy = Spy(monkeypatch)
    cold = runner.invoke(app, ["verify", "relu.yaml", "--format", "json"])
    warm = runner.invoke(app, ["verify", "relu.yaml", "--format", "json"])
    assert cold.exit_code == warm.exit_code == 0
    assert spy.names == ["relu"]
    # the same document, except that the warm run says where its result came from
    assert json.loads(warm.output.replace('"cached": true', '"cached": false')) == json.loads(cold.output)
    assert '"cached": true' in warm.output and '"cached": true' not in cold.output
    runner.invoke(app, ["verify", "relu.yaml", "--format", "json"], env={"DERIVCHECK_NO_CACHE": "1"})
    assert spy.names == ["relu", "relu"]

    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 1 cached result " in cleared.output
    assert not (tmp_path / ".derivcheck_cache").exists()
    assert runner.invoke(app, ["cache", "clear"]).output.startswith("removed 0 cached results")


def test_the_latex_command_caches_unless_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relu.yaml").write_text(RELU, encoding="utf-8")
    assert runner.invoke(app, ["latex", "relu.yaml", "--fragment"]).exit_code == 0  # DERIVCHECK_NO_CACHE=1
    assert not (tmp_path / ".derivcheck_cache").exists()
    monkeypatch.delenv("DERIVCHECK_NO_CACHE")
    assert runner.invoke(app, ["latex", "relu.yaml", "--fragment"]).exit_code == 0
    assert len(entries(tmp_path / ".derivcheck_cache")) == 1


def test_cache_clear_refuses_a_folder_it_did_not_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".derivcheck_cache").mkdir()
    (tmp_path / ".derivcheck_cache" / "precious.json").write_text("{}", encoding="utf-8")
    done = runner.invoke(app, ["cache", "clear"])
    assert done.exit_code == 1 and "CACHEDIR.TAG" in done.output
    assert (tmp_path / ".derivcheck_cache" / "precious.json").exists()


def test_a_warm_run_imports_no_sympy(tmp_path: Path) -> None:
    (tmp_path / "relu.yaml").write_text(RELU, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DERIVCHECK_NO_CACHE"}
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom derivcheck.cli.app import app\n"
            "r = CliRunner().invoke(app, ['verify', 'relu.yaml', '--format', sys.argv[1]])\n"
            "assert r.exit_code == 0, r.output\n"
            "print('sympy' in sys.modules, 'derivcheck.run.tasks' in sys.modules)\n")
    cold = subprocess.run([sys.executable, "-c", code, "json"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert cold.returncode == 0 and cold.stdout.split()[-2:] == ["True", "True"], cold.stderr
    for output_format in ("json", "rich"):
        warm = subprocess.run([sys.executable, "-c", code, output_format], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert warm.returncode == 0, warm.stderr
        assert warm.stdout.split()[-2:] == ["False", "False"], warm.stdout
