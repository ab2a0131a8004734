"""Lighthouse on every page of every published language, served as production serves them.

    .venv/bin/python bench/lighthouse.py [--jobs 2] [--only /es/,/ar/handout/]

Starts the README's production command (bench/production.py), reads every page from its
sitemap, adds each language's handout and the 404 page's language-neutral twin (``/``
redirects to a language, so it is audited through the pages), and runs Lighthouse's
accessibility, best-practices and SEO categories on each (mobile emulation, Lighthouse's
default). Prints each page's three scores and every audit that did not pass; exits 1
unless every page scores 100 in all three.

Needs Lighthouse and Chromium: ``npm install -g lighthouse`` and
``CHROME_PATH=/usr/bin/chromium`` (the default here).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production import production_server  # noqa: E402

PORT = 18140
CATEGORIES = ("accessibility", "best-practices", "seo")


def audit(url: str, out: Path, desktop: bool) -> dict[str, object]:
    """Lighthouse's JSON report for ``url``."""
    report = out / (re.sub(r"[^A-Za-z0-9]+", "_", urlsplit(url).path).strip("_") + ".json")
    subprocess.run(
        [
            "lighthouse", url, f"--only-categories={','.join(CATEGORIES)}", "--output=json",
            f"--output-path={report}", "--quiet", "--chrome-flags=--headless --no-sandbox",
            *(["--preset=desktop"] if desktop else []),
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    data: dict[str, object] = json.loads(report.read_text())
    return data


def failures(report: dict[str, object]) -> list[str]:
    """The audits of the three categories that scored below 1, with their titles."""
    categories = report["categories"]
    audits = report["audits"]
    assert isinstance(categories, dict)
    assert isinstance(audits, dict)
    failed = []
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            result = audits[ref["id"]]
            if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
                failed.append(f"{name}/{ref['id']}: {result['title']}")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="Lighthouse runs at once")
    parser.add_argument("--only", default="", help="comma-separated paths instead of all")
    parser.add_argument(
        "--base", default="", help="audit a running site (e.g. the export behind nginx) instead"
    )
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset")
    args = parser.parse_args()
    if not shutil.which("lighthouse"):
        raise SystemExit("lighthouse is missing: npm install -g lighthouse")
    base = args.base.rstrip("/") or f"http://127.0.0.1:{PORT}"
    out = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    server = (
        contextlib.nullcontext(PORT)
        if args.base
        else production_server(PORT, env={"FLASK_GUIDE_BASE_URL": base})
    )
    with server:
        if args.only:
            paths = args.only.split(",")
        else:
            sitemap = urlopen(f"{base}/sitemap.xml", timeout=30).read().decode()
            paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
            tags = sorted({path.strip("/").split("/")[0] for path in paths})
            paths += [f"/{tag}/handout/" for tag in tags]
        with ThreadPoolExecutor(args.jobs) as pool:
            runs = pool.map(lambda p: audit(base + p, out, args.desktop), paths)
            reports = dict(zip(paths, runs, strict=True))
    shutil.rmtree(out, ignore_errors=True)
    form = "desktop" if args.desktop else "mobile"
    version = reports[paths[0]]["lighthouseVersion"]
    print(f"# Lighthouse {version}, {form}, {base}, {len(paths)} pages\n")
    print(f"{'page':28} {'a11y':>5} {'best':>5} {'seo':>5}")
    perfect = True
    for path, report in reports.items():
        categories = report["categories"]
        assert isinstance(categories, dict)
        scores = [round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES]
        perfect &= scores == [100, 100, 100]
        print(f"{path:28} {scores[0]:5} {scores[1]:5} {scores[2]:5}")
        for failed in failures(report):
            print(f"    {failed}")
    print("\nall 100" if perfect else "\nNOT all 100")
    if not perfect:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
