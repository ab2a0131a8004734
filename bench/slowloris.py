"""Slow clients against the production server: do normal readers still get their pages?

    .venv/bin/python bench/slowloris.py [--slow 200] [--seconds 60] [--setups readme,sync,...]

For each server setup, side by side in one run: ``--slow`` connections that send a request
line and then one more header line every ``--interval`` seconds, never finishing (and reopen
when the server closes them), while normal readers fetch a page in a loop (a new connection
each time, a 5 s timeout, as a browser would give up). Prints, per setup, the share of normal
requests answered 200 in time, their p50/p99 latency, and how many slow connections the
server was holding at the end. Target for the README's setup: >= 99% success under 200 slow
connections.

Setups (``readme`` is the command the README documents, taken from bench/production.py;
the others, for comparison, need ``pip install gunicorn gevent``):
  readme   the production command as documented (Granian, app/serve.py)
  sync     gunicorn sync workers, no proxy (the README's setup before issue 14)
  gthread  gunicorn gthread workers, 8 threads each
  gevent   gunicorn gevent workers
  nginx    nginx (proxy_buffering, 127.0.0.1) in front of gunicorn sync workers
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production import (  # noqa: E402 - bench/ is not a package
    BASE_URL,
    BIN,
    ROOT,
    production_server,
    start,
    stop,
    wait_for,
)

PAGE = "/es/"
SERVER_PORT = 18091
PROXY_PORT = 18092


@contextmanager
def gunicorn(port: int, worker_class: str, extra: list[str]) -> Iterator[int]:
    """gunicorn as the README ran it before issue 14 (one worker per core plus one)."""
    if not (BIN / "gunicorn").exists():
        raise SystemExit(f"setup needs gunicorn: {BIN / 'pip'} install gunicorn gevent")
    workers = str((os.cpu_count() or 1) + 1)
    command = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", workers, "--preload",
               "-k", worker_class, *extra, "app:create_app()"]  # fmt: skip
    process = start(command, port, {"FLASK_GUIDE_BASE_URL": BASE_URL})
    try:
        yield port
    finally:
        stop(process)


@contextmanager
def behind_nginx(port: int) -> Iterator[int]:
    """nginx on ``port`` buffering requests for gunicorn sync workers on 127.0.0.1."""
    prefix = Path(tempfile.mkdtemp(prefix="bench-slow-nginx-"))
    prefix.chmod(0o755)
    (prefix / "logs").mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"worker_processes 1; daemon off; error_log {prefix}/logs/error.log; "
        f"pid {prefix}/nginx.pid; events {{ worker_connections 4096; }} "
        f"http {{ access_log off; server {{ listen 127.0.0.1:{port}; "
        f"location / {{ proxy_pass http://127.0.0.1:{port + 100}; "
        "proxy_set_header Host $host; } } }"
    )
    with gunicorn(port + 100, "sync", []):
        nginx = start(["nginx", "-p", str(prefix), "-c", str(conf)], port)
        try:
            yield port
        finally:
            stop(nginx)
            shutil.rmtree(prefix, ignore_errors=True)


@contextmanager
def readme(port: int) -> Iterator[int]:
    with production_server(port) as served:
        yield served


SETUPS = {
    "readme": lambda: readme(SERVER_PORT),
    "sync": lambda: gunicorn(SERVER_PORT, "sync", []),
    "gthread": lambda: gunicorn(SERVER_PORT, "gthread", ["--threads", "8"]),
    "gevent": lambda: gunicorn(SERVER_PORT, "gevent", []),
    "nginx": lambda: behind_nginx(PROXY_PORT),
}


@dataclass
class Result:
    ok: int = 0
    failed: int = 0
    latencies: list[float] | None = None
    slow_open: int = 0
    slow_reopened: int = 0


async def slow_client(port: int, interval: float, stop_at: float, result: Result) -> None:
    """One slowloris connection: a request that never ends; reopened when the server drops it."""
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(interval)
            continue
        result.slow_open += 1
        try:
            writer.write(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
            await writer.drain()
            line = 0
            while time.monotonic() < stop_at:
                await asyncio.sleep(interval)
                if reader.at_eof():
                    break
                line += 1
                writer.write(f"X-Slow-{line}: {line}\r\n".encode())
                await writer.drain()
        except OSError:
            pass
        finally:
            result.slow_open -= 1
            writer.close()
        result.slow_reopened += 1


def slow_clients(port: int, count: int, interval: float, stop_at: float, result: Result) -> None:
    async def all_of_them() -> None:
        tasks = []
        for _ in range(count):
            tasks.append(asyncio.create_task(slow_client(port, interval, stop_at, result)))
            await asyncio.sleep(0.005)  # do not hit the listen backlog all at once
        await asyncio.gather(*tasks)

    asyncio.run(all_of_them())


def reader(port: int, stop_at: float, result: Result, lock: threading.Lock) -> None:
    """A normal reader: one page per new connection, giving up after 5 s."""
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", PAGE, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            conn.close()
            ok = response.status == 200
        except OSError:
            ok = False
        elapsed = time.monotonic() - started
        with lock:
            if ok:
                result.ok += 1
                assert result.latencies is not None
                result.latencies.append(elapsed * 1000)
            else:
                result.failed += 1
        time.sleep(0.05)


def attack(port: int, slow: int, seconds: float, interval: float, readers: int) -> Result:
    result = Result(latencies=[])
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    attacker = threading.Thread(
        target=slow_clients, args=(port, slow, interval, stop_at, result), daemon=True
    )
    attacker.start()
    time.sleep(min(3.0, seconds / 4))  # let the slow connections settle in first
    held = result.slow_open
    threads = [
        threading.Thread(target=reader, args=(port, stop_at, result, lock), daemon=True)
        for _ in range(readers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.slow_open = max(held, result.slow_open)
    attacker.join(timeout=interval + 5)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slow", type=int, default=200, help="slow connections")
    parser.add_argument("--seconds", type=float, default=60, help="length of each attack")
    parser.add_argument("--interval", type=float, default=5, help="seconds between header lines")
    parser.add_argument("--readers", type=int, default=4, help="normal readers in parallel")
    parser.add_argument("--setups", default="readme,sync", help=f"of {','.join(SETUPS)}")
    args = parser.parse_args()
    names = args.setups.split(",")
    unknown = set(names) - set(SETUPS)
    if unknown:
        raise SystemExit(f"unknown setup(s): {', '.join(sorted(unknown))}")
    print(
        f"# {args.slow} slow connections (a header line every {args.interval:g} s), "
        f"{args.readers} normal readers of {PAGE} (5 s timeout), {args.seconds:g} s each, "
        f"{os.cpu_count()} cores\n"
    )
    print(f"{'setup':10} {'success':>8} {'ok':>6} {'failed':>6} {'p50 ms':>8} {'p99 ms':>8}")
    worst = 100.0
    for name in names:
        with SETUPS[name]() as port:
            wait_for(port)
            result = attack(port, args.slow, args.seconds, args.interval, args.readers)
        total = result.ok + result.failed
        share = 100.0 * result.ok / total if total else 0.0
        latencies = sorted(result.latencies or [0.0])
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(
            f"{name:10} {share:7.1f}% {result.ok:6} {result.failed:6} "
            f"{statistics.median(latencies):8.1f} {p99:8.1f}"
        )
        if name == "readme":
            worst = share
    if "readme" in names:
        verdict = "ok" if worst >= 99 else "FAIL"
        print(
            f"\nREADME setup: {worst:.1f}% of normal requests answered (target >= 99%): {verdict}"
        )
        if worst < 99:
            raise SystemExit(1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
