"""Handout PDFs: time and size per language, our engine against Chromium's, side by side.

    .venv/bin/python bench/handout.py [--rounds 3] [--paper a4]

For every published language (and English), the handout page is rendered by the app
and printed twice in the same run: by ``app/pdf.py`` (WeasyPrint, CJK faces cut with
HarfBuzz first, ``/ActualText`` on each run) and, as the baseline, by the Chromium the
browser tests use (Playwright's ``page.pdf(tagged=True)``, the other engine the issue
names), from the same HTML and stylesheet. Reported per language: the median time of
``--rounds`` prints, the size, the pages, and Chromium's Type 3 fonts (glyphs drawn as
pictures, which the handout must not have). Targets: every PDF under 300 KB, all of
them built (page and PDF) in under 30 s on the machine's two cores, one after the
other as ``guide-i18n freeze`` does.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.freeze import print_handout  # noqa: E402
from app.handout import SEGMENT  # noqa: E402

BASE = "https://guide.example.org"
SIZE_TARGET = 300 * 1024
TIME_TARGET = 30.0


def pdf_pages(data: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def type3_fonts(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        listing = subprocess.run(["pdffonts", file.name], capture_output=True, text=True)
    return listing.stdout.count("Type 3")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()

    app = create_app({"GUIDE_BASE_URL": BASE, "GUIDE_STATIC_EXPORT": True})
    site = app.extensions["guide"]
    client = app.test_client()
    locales = site.published()

    # Ours, one after the other as freeze does: the page from the app, then the PDF.
    ours: dict[str, list[float]] = {}
    sizes: dict[str, bytes] = {}
    totals, cpu = [], []
    for _ in range(args.rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for locale in locales:
            began = time.perf_counter()
            page = client.get(f"/{locale.tag}/{SEGMENT}/").get_data()
            data = print_handout(app, locale, page, args.paper)
            ours.setdefault(locale.tag, []).append(time.perf_counter() - began)
            sizes[locale.tag] = data
        totals.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)

    chromium = chromium_prints(app, [loc.tag for loc in locales], args.rounds, args.paper)

    print(f"{'lang':8} {'ours s':>7} {'KB':>6} {'pages':>5} | {'Chromium s':>10} {'KB':>6} "
          f"{'pages':>5} {'Type3':>5} | {'time ×':>6} {'size ×':>6}")  # fmt: skip
    for locale in locales:
        tag = locale.tag
        mine, theirs = statistics.median(ours[tag]), statistics.median(chromium[tag][0])
        data, other = sizes[tag], chromium[tag][1]
        print(
            f"{tag:8} {mine:7.2f} {len(data) / 1024:6.1f} {pdf_pages(data):5} | "
            f"{theirs:10.2f} {len(other) / 1024:6.1f} {pdf_pages(other):5} "
            f"{type3_fonts(other):5} | {theirs / mine:6.2f} {len(other) / len(data):6.2f}"
        )
    largest = max(sizes, key=lambda tag: len(sizes[tag]))
    total = statistics.median(totals)
    print(
        f"\nall {len(locales)} handouts (page + PDF), one after the other: median {total:.1f} s "
        f"of {args.rounds} rounds (target < {TIME_TARGET:.0f} s): "
        f"{'OK' if total < TIME_TARGET else 'FAIL'}; CPU time {statistics.median(cpu):.1f} s "
        "(what a quiet machine would take)"
    )
    print(
        f"largest PDF: {largest} {len(sizes[largest]) / 1024:.1f} KB "
        f"(target < {SIZE_TARGET // 1024} KB): "
        f"{'OK' if len(sizes[largest]) < SIZE_TARGET else 'FAIL'}"
    )
    type3 = sum(type3_fonts(data) for data in sizes.values())
    print(f"Type 3 fonts in our PDFs: {type3}")


def chromium_prints(
    app: object, tags: list[str], rounds: int, paper: str
) -> dict[str, tuple[list[float], bytes]]:
    """The same handout pages printed by Chromium: times per round and the last PDF."""
    from playwright.sync_api import sync_playwright

    from tests.browser import LAUNCH_ARGS, find_chromium, serve

    executable = find_chromium()
    if executable is None:
        raise SystemExit("Chromium not found: apt-get install chromium")
    found: dict[str, tuple[list[float], bytes]] = {}
    with serve(app) as url, sync_playwright() as playwright:  # type: ignore[arg-type]
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        page = browser.new_page()
        for tag in tags:
            times = []
            data = b""
            for _ in range(rounds):
                began = time.perf_counter()
                page.goto(f"{url}/{tag}/{SEGMENT}/")
                data = page.pdf(format=paper.capitalize() if paper == "letter" else "A4",
                                tagged=True, print_background=True)  # fmt: skip
                times.append(time.perf_counter() - began)
            found[tag] = (times, data)
        browser.close()
    return found


if __name__ == "__main__":
    main()
