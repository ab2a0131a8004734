"""Start-up time and memory with every catalog loaded, side by side with a bare Flask app.

    .venv/bin/python bench/startup.py [--runs 7]

Each run is a fresh process (imports included), alternating guide and baseline; the
script prints medians and their ratio. The guide's number includes parsing the content,
the registry and all catalogs, and checking every translation's placeholders.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, resource, time
start = time.perf_counter()
{setup}
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "rss_kib": rss, "locales": {locales}}}))
"""
GUIDE = PROBE.format(
    setup="from app import create_app\napp = create_app()",
    locales='len(app.extensions["guide"].translations)',
)
BARE = PROBE.format(setup="from flask import Flask\napp = Flask('bare')", locales="0")


def run(code: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    guide, bare = [], []
    for _ in range(args.runs):
        guide.append(run(GUIDE))
        bare.append(run(BARE))
    g_time = statistics.median(r["seconds"] for r in guide)
    b_time = statistics.median(r["seconds"] for r in bare)
    g_rss = statistics.median(r["rss_kib"] for r in guide)
    b_rss = statistics.median(r["rss_kib"] for r in bare)
    print(f"# {args.runs} fresh processes each, alternating; medians")
    catalogs = int(guide[0]["locales"])
    print(f"guide, {catalogs} catalogs: {g_time * 1000:7.1f} ms  {g_rss / 1024:6.1f} MiB")
    print(f"bare Flask app:        {b_time * 1000:7.1f} ms  {b_rss / 1024:6.1f} MiB")
    print(
        f"guide start-up beyond importing Flask: {(g_time - b_time) * 1000:.1f} ms; "
        f"ratio {g_time / b_time:.2f}; memory ratio {g_rss / b_rss:.2f}"
    )


if __name__ == "__main__":
    main()
