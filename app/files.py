"""Safe file writes: all or nothing, through symlinks, and never over someone's newer save.

A catalog is written to a temporary file in its own folder, synced, and renamed
over the original. Just before the rename the original is read again: if a
translator saved it since we read it, nothing is replaced and ``ChangedOnDiskError``
says so. The temporary file is removed on every way out, SIGTERM and SIGHUP
included (only SIGKILL can leave one behind).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from .errors import LocatedError


class ChangedOnDiskError(LocatedError):
    """The file changed after it was read; writing would lose that change."""

    def __init__(self, path: str) -> None:
        super().__init__(
            path,
            None,
            "changed on disk while this command ran (a translator saving it?); "
            "nothing was written: run the command again",
        )


def atomic_write(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace the file at ``path`` (a symlink's target) with ``data`` in one step.

    With ``expected``, the file must still hold exactly those bytes (what the caller
    read), else ``ChangedOnDiskError``. The file keeps its permissions; a new one
    gets 0644. A device or pipe (``-o /dev/null``) is written to, never replaced.
    ``OSError`` (a read-only folder...) propagates, with nothing changed.
    """
    import tempfile  # here, not at the top: `guide-i18n check` starts without it

    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_file() and not target.is_dir():
        with target.open("wb") as out:
            out.write(data)
        return
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    with _signals_end_the_write():
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode)
            if expected is not None and _current(target) != expected:
                raise ChangedOnDiskError(path.as_posix())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class Interrupted(BaseException):
    """A termination signal arrived during a write (handled like KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_end_the_write() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception, so cleanup code runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
