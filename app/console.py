"""The ``guide-i18n`` console script.

``guide-i18n check ...`` goes straight to the checker's command line, which starts
without the workflow's modules and click; every other command is the click group of
``app.cli``.
"""

from __future__ import annotations

import signal
import sys


def main() -> None:
    """Entry point of the ``guide-i18n`` console script."""
    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`guide-i18n check | head`) ends the command quietly
        # with the status of SIGPIPE, as other Unix tools do, never with an exit code
        # that says a policy failed, nor with a traceback.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if sys.argv[1:2] == ["check"]:
        from .checks.command import main as check

        raise SystemExit(check(sys.argv[2:]))
    from .cli import i18n
    from .files import Interrupted

    try:
        i18n(prog_name="guide-i18n")
    except Interrupted as e:  # SIGTERM/SIGHUP during a write: cleaned up, nothing replaced
        raise SystemExit(128 + e.signum) from None
