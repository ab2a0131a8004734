"""Dynamic server benchmarks: throughput and latency side by side, memory under load, hostile storm.

    .venv/bin/python bench/server.py [--seconds 10] [--rounds 3] [--soak 30]

Runs, in one process and alternately (this machine is shared; only ratios are stable):
  1. requests/second of a localized page from gunicorn + the guide, versus gunicorn + a
     bare Flask view returning the same bytes (target: ratio >= 0.8), versus nginx (or
     `python -m http.server` where nginx is absent) serving the exported file;
  2. p50/p99 latency at 50 concurrent connections (wrk);
  3. a soak: 50 connections for --soak seconds, the workers' memory sampled every second;
  4. a storm of hostile requests (random locales, 8 KB Accept-Language, traversal, invalid
     UTF-8 in raw request lines): every status must be 200, 302 or 404.
Needs wrk (apt-get install wrk); nginx is optional (apt-get install nginx-light).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGE = "/es/"
WORKERS = "2"


def wait_for(port: int, timeout: float = 15.0) -> None:
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
    process.wait(timeout=10)


def gunicorn(app: str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """The production settings (app/gunicorn_conf.py) for both apps, without access logs."""
    command = [
        str(BIN / "gunicorn"),
        "-c",
        "python:app.gunicorn_conf",
        "--access-logfile",
        "/dev/null",
        app,
    ]
    settings = {"GUIDE_BIND": f"127.0.0.1:{port}", "GUIDE_WORKERS": WORKERS}
    return start(command, port, {**settings, **(env or {})})


def wrk(url: str, seconds: int, connections: int = 50) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)", out, re.M)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket_errors else 0.0,
    }


def worker_rss_kb(master: subprocess.Popen[bytes]) -> int:
    children = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    return sum(int(kb) for kb in children)


def static_server(export: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    if shutil.which("nginx"):
        prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        prefix.chmod(0o755)
        (prefix / "logs").mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(
            f"worker_processes {WORKERS}; daemon off; error_log {prefix}/logs/error.log; "
            f"pid {prefix}/nginx.pid; events {{ worker_connections 1024; }} "
            f"http {{ access_log off; include /etc/nginx/mime.types; server {{ "
            f"listen 127.0.0.1:{port}; root {export}; }} }}"
        )
        return start(["nginx", "-p", str(prefix), "-c", str(conf)], port), "nginx"
    command = [sys.executable, "-m", "http.server", str(port), "-b", "127.0.0.1", "-d", str(export)]
    return start(command, port), "python -m http.server"


HOSTILE_PATHS = [
    "/xx/",
    "/../etc/passwd",
    "/es%00/",
    "/" + "a" * 300 + "/",
    "/%ff%fe/",
    "/es/..%2f..%2fetc/",
    "/choose/zz/",
    "/es/%c0%ae%c0%ae/",
    "/assets/../app/views.py",
    "/assets/style.css",
    "/ES/",
    "/pt-br/",
    "/es/conditions",
    "/es/nope/",
    "/sitemap.xml",
    "/robots.txt",
    "/",
]


ALLOWED = {200, 301, 302, 303, 308, 404}
# Raw bytes 0x80-0xFF in a request line are not HTTP: gunicorn answers 400 before the app.
ALLOWED_RAW = ALLOWED | {400}


def storm(port: int, count: int, seed: int = 7) -> tuple[Counter[int], Counter[int]]:
    """Hostile requests over raw sockets; statuses of (percent-encoded, raw-byte) requests."""
    rng = random.Random(seed)
    statuses: Counter[int] = Counter()
    raw_statuses: Counter[int] = Counter()
    for _ in range(count):
        kind = rng.randrange(4)
        if kind == 0:
            path = rng.choice(HOSTILE_PATHS).encode()
        elif kind == 1:
            path = b"/" + bytes(rng.randrange(33, 256) for _ in range(rng.randrange(1, 40))) + b"/"
            path = path.replace(b" ", b"%20").replace(b"#", b"%23").replace(b"?", b"%3F")
        elif kind == 2:
            tag = "".join(
                rng.choice("abcdefghijklmnopqrstuvwxyz-_") for _ in range(rng.randrange(1, 20))
            )
            path = f"/{tag}/".encode()
        else:
            path = b"/"
        language = rng.choice(
            [
                "x" * 8192,
                ",".join(["fr;q=0.5"] * 900)[:8000],
                "\xff\xfe".encode("latin-1").decode("latin-1"),
                "zh-TW, zh;q=0.1",
                ";;;,,,q=2",
                "",
            ]
        )
        request = (
            b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Accept-Language: " + language.encode("latin-1") + b"\r\n"
            b"Cookie: lang=" + rng.choice([b"es", b"../x", b"\xff", b"a" * 500]) + b"\r\n\r\n"
        )
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(request)
            head = conn.recv(64)
        match = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        status = int(match.group(1)) if match else 0
        (raw_statuses if any(b >= 0x80 for b in path) else statuses)[status] += 1
    return statuses, raw_statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per server")
    parser.add_argument("--soak", type=int, default=30, help="soak length in seconds (0: skip)")
    parser.add_argument("--storm", type=int, default=2000, help="hostile requests (0: skip)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="bench-server-"))
    work.chmod(0o755)  # nginx workers run as another user
    export = work / "export"
    subprocess.run(
        [str(BIN / "guide-i18n"), "freeze", str(export), "--base-url", "http://127.0.0.1:18081"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    body = export / PAGE.strip("/") / "index.html"
    env = {"FLASK_GUIDE_BASE_URL": "http://127.0.0.1:18081"}
    ours = gunicorn("app:create_app()", 18081, env)
    bare = gunicorn("bench.bare_app:app", 18082, {"BENCH_BODY": str(body)})
    static, static_name = static_server(export, 18083)
    servers = {
        "guide (gunicorn)": f"http://127.0.0.1:18081{PAGE}",
        "bare Flask view, same bytes (gunicorn)": f"http://127.0.0.1:18082{PAGE}",
        f"exported file ({static_name})": f"http://127.0.0.1:18083{PAGE}",
    }
    try:
        for url in servers.values():
            wrk(url, 2)  # warm up: first renders, caches, JIT-free but page cache
        results: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
        for _ in range(args.rounds):
            for name, url in servers.items():
                results[name].append(wrk(url, args.seconds))
        print(
            f"# {args.rounds} alternating rounds of wrk -t2 -c50 -d{args.seconds}s, page {PAGE}, "
            f"gunicorn -w {WORKERS} sync workers, {os.cpu_count()} cores\n"
        )
        print(f"{'server':42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        medians = {}
        for name, runs in results.items():
            medians[name] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            m = medians[name]
            print(f"{name:42} {m['rps']:9.0f} {m['p50']:8.2f} {m['p99']:8.2f} {m['errors']:7.0f}")
        guide, baseline, static_rps = (medians[n]["rps"] for n in servers)
        print(f"\nratio guide / bare Flask: {guide / baseline:.2f} (target >= 0.8)")
        print(f"ratio guide / {static_name}: {guide / static_rps:.2f}")

        if args.soak:
            samples = [worker_rss_kb(ours)]
            soak = subprocess.Popen(
                ["wrk", "-t2", "-c50", f"-d{args.soak}s", servers["guide (gunicorn)"]],
                stdout=subprocess.PIPE,
                text=True,
            )
            while soak.poll() is None:
                time.sleep(1)
                samples.append(worker_rss_kb(ours))
            out = soak.communicate()[0]
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            total = re.search(r"(\d+) requests in", out)
            print(
                f"\nsoak: {total.group(1) if total else '?'} requests in {args.soak}s at 50 "
                f"connections, non-2xx/3xx: {errors.group(1) if errors else 0}"
            )
            print(
                f"workers' RSS (KiB): start {samples[0]}, after 1 s {samples[1]}, "
                f"end {samples[-1]}, max {max(samples)}"
            )
        if args.storm:
            statuses, raw = storm(18081, args.storm)
            print(
                f"\nstorm: {args.storm} hostile requests; statuses {dict(sorted(statuses.items()))}"
                f"; raw non-ASCII request lines {dict(sorted(raw.items()))}"
            )
            if set(statuses) - ALLOWED or set(raw) - ALLOWED_RAW:
                raise SystemExit("FAIL: a hostile request got an unexpected status")
    finally:
        for process in (ours, bare, static):
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
