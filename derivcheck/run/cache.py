"""The result cache: a spec's results stored under a key of everything that could change them.

The key hashes the spec file's bytes, the name it is shown under, the derivcheck version and a digest of
its own source, the versions of sympy and mpmath (read from their installed metadata, so a warm run never imports
sympy), the Python version, and every run option except those known not to change results (`jobs`,
`cache_dir`).  One JSON file per spec file lives in `.derivcheck_cache/`.

A verdict is trusted only if this machine computed it.  Everything in the key is public, so anyone can
write a file that names the right key; what they cannot write is the entry's MAC, an HMAC-SHA256 over the
key and the result under this user's secret (see cache_secret.py), which never leaves this user's state
folder.  An entry is used only when its MAC is right and every field decodes to the expected type; a
committed, copied, edited, truncated or foreign file is a miss and gets overwritten.  Nothing is ever
unpickled or evaluated.  All file access goes through cache_files.py: no symlink is followed, no file but
a regular one is read, and entries are written only into a real folder tagged as the cache (cache_folder.py).

A result is stored only when it cannot depend on how fast the machine was: a spec with any UNDECIDED claim
(a bigger time budget might decide it) or an internal error is verified again on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import platform
from functools import cache, cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from derivcheck import __version__
from derivcheck.results.checks import SpecResult, Verdict
from derivcheck.run import cache_files, cache_folder
from derivcheck.run.cache_secret import load_secret
from derivcheck.run.result_codec import CodecError, from_json, to_json

CACHE_DIR_NAME = ".derivcheck_cache"
FORMAT = "derivcheck-cache/2"  # /1 entries had a plain digest anyone could recompute: misses
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # a result is a few kB; a larger file is not one of ours
IGNORED_OPTIONS = frozenset({"jobs", "cache_dir", "recheck", "certificates"})  # how the run is spread out or
# read back, not what it finds: results are stored (with their certificates) before --recheck looks at them


def default_dir(cwd: Path | None = None) -> Path:
    """`.derivcheck_cache` in the working directory."""
    return (cwd or Path.cwd()) / CACHE_DIR_NAME


@cache
def _environment() -> tuple[tuple[str, str], ...]:
    """Versions of everything besides the spec that a result depends on."""

    return (
        ("derivcheck", __version__),
        ("derivcheck-source", _source_digest()),
        ("sympy", installed_version("sympy")),
        ("mpmath", installed_version("mpmath")),
        ("python", platform.python_version()),
    )


def installed_version(package: str) -> str:
    """The installed version of `package`, without importing it: from the name of its `NAME-VERSION.dist-info`
    folder beside the package (importlib.metadata, which parses every distribution's metadata, is the fallback:
    its import alone costs a cached run more than all the rest of the key)."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin is not None:
        folder = Path(spec.origin).parent.parent
        prefix = f"{package.lower()}-"
        try:
            found = [entry.name for entry in os.scandir(folder)
                     if entry.name.lower().startswith(prefix) and entry.name.endswith(".dist-info")]
        except OSError:
            found = []
        if len(found) == 1:
            return found[0][len(prefix):-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


#: The package whose modules the source digest covers: all of derivcheck, not only this folder.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def source_files() -> list[Path]:
    """Every module of derivcheck, in a fixed order: what the source digest covers."""
    return sorted(PACKAGE_ROOT.rglob("*.py"))


def _source_digest() -> str:
    """A digest of derivcheck's own modules: an edited engine must not reuse the old engine's results."""
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(str(path.relative_to(PACKAGE_ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def options_fingerprint(options: object) -> dict[str, str]:
    """The options of a run that may change its results (every dataclass field not known to be harmless)."""
    assert dataclasses.is_dataclass(options)
    return {f.name: repr(getattr(options, f.name)) for f in dataclasses.fields(options)
            if f.name not in IGNORED_OPTIONS}


def entry_key(content: bytes, display: str, options: object) -> str:
    """The key of a spec's results: a SHA-256 over its bytes, its shown name, versions and options."""
    material = {
        "format": FORMAT,
        "spec": hashlib.sha256(content).hexdigest(),
        "display": display,  # messages and locations name the file as shown
        "environment": dict(_environment()),
        "options": options_fingerprint(options),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def cacheable(result: SpecResult) -> bool:
    """Whether a result may be stored: nothing undecided (a budget may have run out) and no crash."""
    return all(c.verdict is not Verdict.UNDECIDED and not c.crashed for c in result.checks)


class ResultCache:
    """Entries under `directory`, one per shown spec name; reading never raises, writing never fails a run."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @cached_property
    def _secret(self) -> bytes | None:
        """This user's signing key, or None: then nothing is read or written (the cache is off)."""
        return load_secret(outside=self.directory.parent)

    def get(self, display: str, key: str, *, certificates: bool = True) -> SpecResult | None:
        """The stored result for `key`, or None for a miss (no entry, or one that fails any check); its
        checks' certificates left out (None) with `certificates=False`."""
        try:
            dir_fd = cache_files.open_dir(self.directory)
        except OSError:
            return None  # no cache yet, or a symlink or a file where it should be
        try:
            raw = cache_files.read_regular(dir_fd, cache_folder.entry_name(display), MAX_ENTRY_BYTES)
        finally:
            os.close(dir_fd)
        secret = self._secret if raw is not None else None
        if raw is None or secret is None:
            return None
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or set(entry) != {"format", "key", "mac", "result"}:
            return None
        mac = entry["mac"]
        if entry["format"] != FORMAT or entry["key"] != key or not isinstance(mac, str) or not mac.isascii():
            return None
        if not hmac.compare_digest(mac, _mac(secret, key, entry["result"])):
            return None  # not written by this user on this machine (or changed since)
        try:
            result = from_json(entry["result"], certificates=certificates)
        except (CodecError, TypeError, ValueError, RecursionError):
            return None
        return result if cacheable(result) else None

    def put(self, display: str, key: str, result: SpecResult) -> None:
        """Store `result` under `key` (atomically: a reader sees the old entry or the new one)."""
        if not cacheable(result):
            return
        try:
            payload = to_json(result)
        except CodecError:
            return  # a field the codec cannot store: just do not cache
        secret = self._secret
        if secret is None:
            return
        entry = {"format": FORMAT, "key": key, "mac": _mac(secret, key, payload), "result": payload}
        data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode()
        try:
            dir_fd = cache_folder.prepare(self.directory)
            try:
                cache_files.publish(dir_fd, cache_folder.entry_name(display), data, replace=True)
            finally:
                os.close(dir_fd)
        except OSError:
            pass  # a read-only or full disk, or a folder that is not ours, costs speed, never a verdict


def _mac(secret: bytes, key: str, payload: Any) -> str:
    """An HMAC-SHA256 binding the stored result to its key under this user's secret."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hmac.new(secret, f"{FORMAT}\n{key}\n{canonical}".encode(), hashlib.sha256).hexdigest()
