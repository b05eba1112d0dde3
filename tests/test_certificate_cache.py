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


def _run(cache: Path, *, recheck: bool = False) -> RunResult:
    path = SPECS / "relu.yaml"
    return verify_sources([SpecSource(path, path.name)], VerifyOptions(cache_dir=cache, jobs=1, recheck=recheck))


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
