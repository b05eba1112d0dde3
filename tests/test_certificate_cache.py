"""Cached results carry their certificates, and --recheck re-checks them as it does fresh ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SPECS

from derivcheck.results.certificate import KinkProof, Proof, RecheckStatus
from derivcheck.results.checks import RunResult
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource


@pytest.fixture(scope="module", autouse=True)
def state_home(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The per-user secret that signs entries, in a folder of this module's own (never the real home)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
        yield


def _run(cache: Path, *, recheck: bool = False, certificates: bool = True) -> RunResult:
    path = SPECS / "relu.yaml"
    options = VerifyOptions(cache_dir=cache, jobs=1, recheck=recheck, certificates=certificates)
    return verify_sources([SpecSource(path, path.name)], options)


def test_a_cached_result_keeps_its_certificates_and_rechecks(tmp_path: Path) -> None:
    cold = _run(tmp_path / "cache")
    warm = _run(tmp_path / "cache", recheck=True)
    (fresh,), (cached,) = cold.specs, warm.specs
    assert not fresh.cached and cached.cached
    assert [c.certificate for c in cached.checks] == [c.certificate for c in fresh.checks]
    kinds = {type(c.certificate) for c in cached.checks}
    assert {Proof, KinkProof} <= kinds
    assert all(c.recheck is not None and c.recheck.status is RecheckStatus.PASSED for c in cached.checks)
    assert all(c.recheck is None for c in fresh.checks)  # --recheck is applied after the cache, never stored


def test_a_report_without_proofs_reads_the_cache_without_certificates_and_keeps_them_stored(tmp_path: Path) -> None:
    cold = _run(tmp_path / "cache")
    light = _run(tmp_path / "cache", certificates=False)
    again = _run(tmp_path / "cache")
    (fresh,), (skipped,), (cached,) = cold.specs, light.specs, again.specs
    assert skipped.cached and cached.cached
    assert all(c.certificate is None for c in skipped.checks)  # not decoded at all
    assert [c.verdict for c in skipped.checks] == [c.verdict for c in fresh.checks]
    assert [c.certificate for c in cached.checks] == [c.certificate for c in fresh.checks]  # still stored
    rechecked = _run(tmp_path / "cache", recheck=True, certificates=False).specs[0]
    assert all(c.recheck is not None and c.recheck.status is RecheckStatus.PASSED for c in rechecked.checks)


def test_the_formats_that_print_certificates_get_them_from_a_warm_cache(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from derivcheck.cli.app import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DERIVCHECK_NO_CACHE", raising=False)  # the suite runs without a cache otherwise
    runner = CliRunner()
    assert runner.invoke(app, ["verify", "relu"]).exit_code == 0  # fills the cache
    warm = runner.invoke(app, ["verify", "relu", "--format", "json"])
    assert warm.exit_code == 0, warm.output
    (spec,) = json.loads(warm.output)["specs"]
    assert spec["cached"] and all(check["certificate"] is not None for check in spec["checks"])
