"""The result cache: a spec's results stored under a key of everything that could change them.

The key hashes the spec file's bytes, the name it is shown under, the derivcheck version and a digest of
its own source, the versions of sympy and mpmath (read from package metadata, so a warm run never imports
sympy), the Python version, and every run option except those known not to change results (`jobs`,
`cache_dir`).  One JSON file per spec file lives in `.derivcheck_cache/`; it records its key and a digest of
its content, and it is used only when both match and every field decodes to the expected type.  Anything
else (truncated, edited, another tool's file, another format) is a miss and gets overwritten.  Nothing is
ever unpickled or evaluated.

A result is stored only when it cannot depend on how fast the machine was: a spec with any UNDECIDED claim
(a bigger time budget might decide it) or an internal error is verified again on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import stat
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from derivcheck import __version__
from derivcheck.result_codec import CodecError, from_json, to_json
from derivcheck.results import SpecResult, Verdict
from derivcheck.spec import MAX_BYTES

CACHE_DIR_NAME = ".derivcheck_cache"
FORMAT = "derivcheck-cache/1"
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # a result is a few kB; a larger file is not one of ours
IGNORED_OPTIONS = frozenset({"jobs", "cache_dir"})  # how the run is spread out, not what it finds

_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by derivcheck.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def default_dir(cwd: Path | None = None) -> Path:
    """`.derivcheck_cache` in the working directory."""
    return (cwd or Path.cwd()) / CACHE_DIR_NAME


@cache
def _environment() -> tuple[tuple[str, str], ...]:
    """Versions of everything besides the spec that a result depends on."""

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "missing"

    return (
        ("derivcheck", __version__),
        ("derivcheck-source", _source_digest()),
        ("sympy", version("sympy")),
        ("mpmath", version("mpmath")),
        ("python", platform.python_version()),
    )


def _source_digest() -> str:
    """A digest of derivcheck's own modules: an edited engine must not reuse the old engine's results."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
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


def read_spec_bytes(path: Path) -> bytes | None:
    """A spec file's bytes, read once so the key and the loaded spec come from the same bytes.

    None when the file is not a plain readable file within the size limit: the loader then reads it itself
    and reports the problem, and such a spec is never cached.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_BYTES else None


def cacheable(result: SpecResult) -> bool:
    """Whether a result may be stored: nothing undecided (a budget may have run out) and no crash."""
    return all(c.verdict is not Verdict.UNDECIDED and c.method != "internal error" for c in result.checks)


class ResultCache:
    """Entries under `directory`, one per shown spec name; reading never raises, writing never fails a run."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, display: str) -> Path:
        return self.directory / f"{hashlib.sha256(display.encode()).hexdigest()[:32]}.json"

    def get(self, display: str, key: str) -> SpecResult | None:
        """The stored result for `key`, or None for a miss (no entry, or one that fails any check)."""
        try:
            with open(self._path(display), "rb") as stream:
                raw = stream.read(MAX_ENTRY_BYTES + 1)
            if len(raw) > MAX_ENTRY_BYTES:
                return None
            entry = json.loads(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or set(entry) != {"format", "key", "digest", "result"}:
            return None
        if entry["format"] != FORMAT or entry["key"] != key or entry["digest"] != _digest(key, entry["result"]):
            return None
        try:
            result = from_json(entry["result"])
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
        entry = {"format": FORMAT, "key": key, "digest": _digest(key, payload), "result": payload}
        try:
            self._prepare()
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(entry, stream, ensure_ascii=True, separators=(",", ":"))
                os.replace(temp, self._path(display))
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only or full disk costs speed, never a verdict

    def _prepare(self) -> None:
        if (self.directory / "CACHEDIR.TAG").is_file():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / ".gitignore").write_text("# Created by derivcheck.\n*\n", encoding="utf-8")
        (self.directory / "CACHEDIR.TAG").write_text(_TAG, encoding="utf-8")

    def clear(self) -> int:
        """Delete the cache directory's entries and the directory itself; the number of entries removed."""
        if not self.directory.is_dir():
            return 0
        if not (self.directory / "CACHEDIR.TAG").is_file():
            raise OSError(f"{self.directory} has no CACHEDIR.TAG; not removing a folder derivcheck did not make")
        removed = 0
        for path in self.directory.iterdir():
            if path.is_file() or path.is_symlink():
                removed += path.suffix == ".json" and not path.name.startswith(".tmp-")
                path.unlink()
        self.directory.rmdir()
        return removed


def _digest(key: str, payload: Any) -> str:
    """A digest binding the stored result to its key (catches truncation, bit rot and casual edits)."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"{key}\n{canonical}".encode()).hexdigest()
