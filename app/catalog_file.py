"""A catalog file's bytes, a chunk at a time: never waiting on a FIFO, never reading a device.

A module of its own, left out of the compiled modules (setup.py): a compiled generator
that is dropped before its end never runs its ``finally``, and here that would leave
the file open (one descriptor lost per catalog whose reading stops early).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path


class NotRegularFile(OSError):
    """A FIFO, socket or device: never read, as it may block or never end."""


def chunks(path: Path, start: int, end: int | None, size: int) -> Iterator[bytes]:
    """The bytes of ``path`` from ``start`` to ``end`` (None: the end), ``size`` at a time."""
    # O_NONBLOCK: opening a FIFO never waits for a writer; it is refused below.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        os.set_blocking(fd, True)
        if start:
            os.lseek(fd, start, os.SEEK_SET)
        left = -1 if end is None else end - start
        while left and (chunk := os.read(fd, size if left < 0 else min(left, size))):
            left -= len(chunk) if left > 0 else 0
            yield chunk
    finally:
        os.close(fd)
