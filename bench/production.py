"""The production server exactly as the README documents it, for the benchmarks to start.

The README's command is kept here verbatim and checked against the README, so a benchmark
never measures a setup the README does not tell operators to run.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASE_URL = "http://127.0.0.1"

# The README's production command (its "In production" section), word for word.
README_COMMAND = "FLASK_GUIDE_BASE_URL=https://guide.example.org .venv/bin/python -m app.serve"


def readme_command() -> tuple[dict[str, str], list[str]]:
    """The README's production command as (environment, argv); stops if the README changed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if README_COMMAND not in readme:
        raise SystemExit(
            "bench/production.py: README_COMMAND is no longer in README.md; "
            "update it so the benchmarks run what the README documents"
        )
    words = shlex.split(README_COMMAND)
    env = {}
    while "=" in words[0] and not words[0].startswith(("/", ".")):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    words[0] = str(ROOT / words[0]) if words[0].startswith(".venv/") else words[0]
    if words[0].startswith(str(ROOT / ".venv/bin/")):
        words[0] = str(BIN / Path(words[0]).name)  # the venv this script runs in
    return env, words


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on port {port}")


def start(
    command: list[str], port: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(port)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def production_server(
    port: int, app: str | None = None, env: dict[str, str] | None = None
) -> Iterator[int]:
    """The README's command listening on 127.0.0.1:``port``.

    ``app`` (``module:name``) serves another WSGI app through the very same server
    settings (``app.serve.server``): the baseline a benchmark compares the guide with.
    """
    settings, argv = readme_command()
    settings.update({"GUIDE_BIND": f"127.0.0.1:{port}", "FLASK_GUIDE_BASE_URL": BASE_URL})
    if app is not None:
        code = (
            "import os; from app.serve import server, worker_count; "
            f"server({app!r}, factory=False, host='127.0.0.1', port={port}, "
            "workers=worker_count(os.environ.get('GUIDE_WORKERS'))).serve()"
        )
        argv = [argv[0], "-c", code]
    process = start(argv, port, {**settings, **(env or {})})
    try:
        yield port
    finally:
        stop(process)
