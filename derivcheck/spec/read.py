"""Read a spec file's bytes: bounded in size, without blocking, from a regular file only (no YAML here).

A run reads each file once and keys its cache entry on these bytes; only a file whose result is not cached is
then parsed (`derivcheck.spec.load`), so a warm run never imports the YAML parser.
"""

from __future__ import annotations

import os
import stat

from derivcheck.errors import Location, SpecError

__all__ = ["MAX_BYTES", "check_size", "read_spec_file"]

MAX_BYTES = 64 * 1024  # per file


def read_spec_file(path: str | os.PathLike[str], shown: str) -> bytes:
    """A spec file's bytes, at most MAX_BYTES; SpecError for anything that is not a readable regular file.

    The file is opened without blocking (a FIFO, or a file swapped for one after the folder was listed, must
    not hang the run) and checked on the open descriptor, so what is read is what was checked.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise SpecError(f"{shown}: cannot read the spec file: {error.strerror or error}") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SpecError(f"{shown}: not a regular file")
        check_size(info.st_size, shown)  # before anything is read
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:  # the file may have grown since fstat
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise SpecError(f"{shown}: cannot read the spec file: {error.strerror or error}") from error
    finally:
        os.close(fd)
    data = b"".join(chunks)
    check_size(len(data), shown)
    return data


def check_size(size: int, shown: str) -> None:
    """SpecError when a spec of `size` bytes is over MAX_BYTES."""
    if size > MAX_BYTES:
        raise SpecError(
            f"the spec file is {size} bytes; the limit is {MAX_BYTES} bytes (64 KiB)", Location(shown, 1, 1)
        )
