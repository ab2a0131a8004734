"""The production server: ``python -m app.serve`` runs the site under Granian.

Why Granian, measured with ``bench/slowloris.py`` (200 connections that send a header
line every 5 s and never finish): gunicorn's sync and gthread workers each give a slow
client a whole worker or thread, so a few hundred of them leave none for readers (25%
of normal requests answered); Granian reads requests in Rust (hyper on tokio), where an
unfinished request costs a socket and a small task, and hands the app only complete
ones (100%). gevent workers and nginx in front also held, but gevent serves pages at a
fraction of Granian's rate on the same cores, and a proxy is a second program to
configure; Granian needs neither and is one `pip install`.

Settings come from the environment, as the app's do: ``GUIDE_BIND`` (``host:port``,
default ``0.0.0.0:8000``), ``GUIDE_WORKERS`` (processes, default one per core). The
app's settings are checked before anything listens, so a missing public address is one
line on stderr and exit status 2, not a traceback per worker.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
from typing import TYPE_CHECKING, Any

from .errors import LocatedError
from .settings import SettingsError

if TYPE_CHECKING:
    from granian.server.common import AbstractServer

# A reader's request headers come in one packet; 10 s covers a slow mobile link, and a
# client that takes longer loses its connection instead of holding it open.
HEADER_READ_TIMEOUT_MS = 10_000
# Connections a worker accepts at once. Granian counts connections, not requests, so
# this is how many slow clients a worker can hold while still taking readers' requests.
CONNECTIONS_PER_WORKER = 2048
# Python threads per worker: pages come from memory, so a request never waits on I/O
# and more threads would only queue for the interpreter lock.
THREADS_PER_WORKER = 2


def bind_address(value: str) -> tuple[str, int]:
    """(host, port) of ``host:port`` (``[::]:8000`` for IPv6); ValueError when it is not."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536 or not host:
        raise ValueError(f"GUIDE_BIND must be host:port (e.g. 0.0.0.0:8000), not {value!r}")
    return host.strip("[]"), int(port)


def worker_count(value: str | None) -> int:
    """``GUIDE_WORKERS``, or one worker per core."""
    if value is None:
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"GUIDE_WORKERS must be a whole number of at least 1, not {value!r}")
    return int(value)


def raise_open_files_limit(wanted: int) -> None:
    """Allow ``wanted`` open sockets per process (up to the hard limit), for slow clients."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def server(
    target: str, *, factory: bool, host: str, port: int, workers: int
) -> AbstractServer[Any]:
    """Granian set up as production runs it, serving the WSGI app ``target``.

    ``bench/server.py`` serves its bare Flask baseline through this same function.
    """
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

    raise_open_files_limit(CONNECTIONS_PER_WORKER + 64)
    return Server(
        target,
        factory=factory,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=THREADS_PER_WORKER,
        backpressure=CONNECTIONS_PER_WORKER,
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_READ_TIMEOUT_MS),
        websockets=False,
        log_access=True,
        respawn_failed_workers=True,
    )


def main() -> None:
    """Check the settings, then serve ``app:create_app()`` until stopped."""
    from . import create_app

    try:
        host, port = bind_address(os.environ.get("GUIDE_BIND", "0.0.0.0:8000"))
        workers = worker_count(os.environ.get("GUIDE_WORKERS"))
        app = create_app()  # the settings, content and every catalog, checked once here
    except (ValueError, SettingsError, LocatedError) as e:
        print(f"Error: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    if app.debug:
        print("Error: FLASK_DEBUG is on: never serve the debugger to readers", file=sys.stderr)
        raise SystemExit(2)
    del app
    logging.basicConfig(level=logging.INFO)
    server("app:create_app", factory=True, host=host, port=port, workers=workers).serve()


if __name__ == "__main__":
    main()
