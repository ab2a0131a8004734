"""The ``guide-i18n`` console script.

``guide-i18n check ...`` goes straight to the checker's command line, which starts
without the workflow's modules and click; every other command is the click group of
``app.cli``.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import NoReturn


def main() -> None:
    """Entry point of the ``guide-i18n`` console script."""
    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`guide-i18n check | head`) ends the command quietly
        # with the status of SIGPIPE, as other Unix tools do, never with an exit code
        # that says a policy failed, nor with a traceback.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if sys.argv[1:2] == ["check"]:
        # A check makes tens of thousands of acyclic objects that reference counting
        # frees: the cycle collector stays off, from the imports to the end.
        gc.disable()
        from .checks.command import main as check

        _exit_now(check(sys.argv[2:]))
    from .cli import i18n
    from .files import Interrupted

    try:
        i18n(prog_name="guide-i18n")
    except Interrupted as e:  # SIGTERM/SIGHUP during a write: cleaned up, nothing replaced
        raise SystemExit(128 + e.signum) from None


def _exit_now(code: int) -> NoReturn:
    """End the process once its output is out, without freeing its objects one by one.

    A check ends with its findings and report in memory; tearing them down, and the
    interpreter's last collection, took 40-60 ms after the report was written. Standard
    output and error are flushed first; one that cannot be flushed ends the usual way.
    """
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)
