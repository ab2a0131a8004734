"""The export behind the generated nginx configuration vs plain nginx on the same files.

    .venv/bin/python bench/export_nginx.py [--export DIR] [--rounds 3] [--seconds 10]

Freezes the repository's site (or takes an export already made with
``--server-root DIR``), then runs three nginx servers on the same folder, same
worker settings:

- generated: ``server/nginx.conf`` as written (every header, caching, the maps at
  ``/``, the .gz files, and the .br files when nginx has the brotli_static module);
- plain: ``root`` and ``index`` only (no headers, no compression): the baseline;
- plain + gzip: plain with nginx's own ``gzip on`` (compressing per request).

``wrk -t2 -c50 --latency`` with ``Accept-Encoding: gzip, br`` (as browsers send) on a
page, alternating servers for each round; medians, and the ratio generated / plain
(target ≥ 0.95). Then the bytes each page is sent as by the generated configuration,
per content coding.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
PAGE = "/es/"
# What browsers send; --accept-encoding identity compares the servers on the same bytes.
BROWSER = "gzip, deflate, br"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_nginx(folder: Path, site: str, brotli: bool) -> subprocess.Popen[bytes]:
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""
    load = f"load_module {BROTLI_MODULE};\n" if brotli else ""
    (folder / "nginx.conf").write_text(
        f"{load}{user}worker_processes 1; daemon off; pid {folder}/nginx.pid;\n"
        f"error_log {folder}/logs/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; sendfile on; tcp_nopush on; include /etc/nginx/mime.types;\n"
        f"       include {folder}/site.conf; }}\n"
    )
    server = subprocess.Popen(["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")])
    return server


def wait(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nginx on {port} did not start")


def wrk(url: str, seconds: int, accept: str) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", "-H", f"Accept-Encoding: {accept}",
         url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert rate, out
    return {
        "rps": float(rate.group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def sent_bytes(base: str, path: str, coding: str) -> int:
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": coding})
    with urllib.request.urlopen(request) as response:
        return len(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", type=Path, help="an export made with --server-root DIR")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--accept-encoding", default=BROWSER)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    tmp = Path(tempfile.mkdtemp(prefix="guide-nginx-bench-"))
    out = args.export
    if out is None:
        out = tmp / "export"
        subprocess.run(
            [str(Path(sys.executable).with_name("guide-i18n")), "freeze", str(out),
             "--base-url", "https://guide.example.org", "--server-root", str(out)],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
    brotli = BROTLI_MODULE.is_file()
    ports = {name: free_port() for name in ("generated", "plain", "plain + gzip")}
    generated = (out / "server" / "nginx.conf").read_text()
    if f"root {out};" not in generated:
        raise SystemExit(f"{out} was frozen for another folder: freeze it with --server-root {out}")
    plain = f"server {{ listen 127.0.0.1:{{port}}; root {out}; index index.html; }}\n"
    sites = {
        "generated": generated.replace("listen 80;", f"listen 127.0.0.1:{ports['generated']};"),
        "plain": plain.replace("{port}", str(ports["plain"])),
        "plain + gzip": plain.replace("{port}", str(ports["plain + gzip"])).replace(
            "index index.html;", "index index.html; gzip on; gzip_vary on;"
        ),
    }
    servers = []
    try:
        for name, site in sites.items():
            folder = tmp / name.replace(" + ", "-")
            folder.mkdir()
            if brotli and name == "generated":
                shutil.copy(out / "server" / "nginx-brotli.conf", folder / "guide-brotli.conf")
            servers.append(start_nginx(folder, site, brotli and name == "generated"))
            wait(ports[name])
        results: dict[str, list[dict[str, float]]] = {name: [] for name in sites}
        for _ in range(args.rounds):
            for name in sites:
                url = f"http://127.0.0.1:{ports[name]}{PAGE}"
                results[name].append(wrk(url, args.seconds, args.accept_encoding))
        print(
            f"# wrk -t2 -c50 -d{args.seconds}s --latency "
            f"-H 'Accept-Encoding: {args.accept_encoding}' {PAGE}; "
            f"{args.rounds} alternating rounds, medians; brotli_static: {'yes' if brotli else 'no'}"
        )
        print(f"{'server':<16}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        medians = {}
        for name, runs in results.items():
            medians[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            m = medians[name]
            print(f"{name:<16}{m['rps']:>10.0f}{m['p50']:>9.2f}{m['p99']:>9.2f}{m['errors']:>8.0f}")
        ratio = medians["generated"]["rps"] / medians["plain"]["rps"]
        print(f"\nratio generated / plain: {ratio:.2f} (target >= 0.95)")
        print(
            "ratio generated / plain + gzip: "
            f"{medians['generated']['rps'] / medians['plain + gzip']['rps']:.2f}"
        )
        base = f"http://127.0.0.1:{ports['generated']}"
        pages = sorted(
            "/" + p.relative_to(out).as_posix().removesuffix("index.html")
            for p in out.rglob("index.html")
            if not p.relative_to(out).as_posix().startswith("server/")
        )
        print(f"\nbytes per page as the generated configuration sends them ({len(pages)} pages):")
        print(f"{'coding':<10}{'median':>8}{'max':>8}{'total':>10}")
        for coding in ("identity", "gzip", "br") if brotli else ("identity", "gzip"):
            sizes = [sent_bytes(base, page, coding) for page in pages if page != "/"]
            print(f"{coding:<10}{statistics.median(sizes):>8.0f}{max(sizes):>8}{sum(sizes):>10}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
