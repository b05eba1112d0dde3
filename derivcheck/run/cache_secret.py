"""The per-user secret that signs cache entries: outside every project, readable by its owner only.

It lives in `$XDG_STATE_HOME/derivcheck/cache-secret` (`~/.local/state/derivcheck/cache-secret` when that
variable is unset or, as the XDG spec says, not an absolute path): 32 random bytes, made on first use in a
folder of mode 0700, as a file of mode 0600 created with `O_CREAT | O_EXCL | O_NOFOLLOW` and linked into
place complete.  It is used only if it is a regular file (opened with `O_NOFOLLOW`), owned by this user,
of mode exactly 0600 and exactly 32 bytes, in a real folder owned by this user that no one else may write
to, and not inside the folder the cache is in (a checkout could otherwise carry a secret of its author's
choosing).  Anything else means no secret: the cache is off for the run, which is slower, never wrong.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from derivcheck.run import cache_files

SECRET_BYTES = 32
FILE_NAME = "cache-secret"


def secret_dir() -> Path | None:
    """Where the secret lives; None when there is no home folder to put it in."""
    state = os.environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(state):
        return Path(state) / "derivcheck"
    try:
        return Path.home() / ".local" / "state" / "derivcheck"
    except RuntimeError:
        return None


def load_secret(outside: Path) -> bytes | None:
    """The secret, made on first use; None when it cannot be made, is not safe to trust or lies in `outside`."""
    folder = secret_dir()
    if not cache_files.SUPPORTED or folder is None or not folder.is_absolute():
        return None
    try:
        if folder.resolve().is_relative_to(outside.resolve()):
            return None
        folder.parent.mkdir(parents=True, exist_ok=True)
        dir_fd = cache_files.open_dir(folder, create=True, mode=0o700)
    except (OSError, RuntimeError):
        return None
    try:
        info = os.fstat(dir_fd)
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None  # someone else could replace the secret
        if cache_files.lstat(dir_fd, FILE_NAME) is None:
            with contextlib.suppress(FileExistsError):  # a parallel run made it first: use theirs
                cache_files.publish(dir_fd, FILE_NAME, os.urandom(SECRET_BYTES), replace=False, mode=0o600)
        return _read(dir_fd)
    except OSError:
        return None
    finally:
        os.close(dir_fd)


def _read(dir_fd: int) -> bytes | None:
    fd, info = cache_files.open_regular(dir_fd, FILE_NAME, SECRET_BYTES)
    try:
        if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) != 0o600:
            return None
        data = cache_files.read_all(fd, SECRET_BYTES)
    finally:
        os.close(fd)
    return data if data is not None and len(data) == SECRET_BYTES else None
