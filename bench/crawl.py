"""The dynamic server on a big site: what a crawl costs, first and again, and the sitemap.

    .venv/bin/python bench/crawl.py [--pages 52] [--languages 76]

Writes a fake site of P pages × L published languages (bench/scale.py's generator), builds
the production app once (``GUIDE_BASE_URL`` set, no reload), and walks every URL a crawler
finds (every page of every language, each language's handout, the sitemap, robots.txt)
twice, in process, through the app's WSGI callable with a browser's ``Accept-Encoding``:
the first walk renders and compresses each response once, the second is what every later
request costs. Also times /sitemap.xml and a 404 first and again, and reports how many
responses the page cache holds and the process's memory. Before issue 14 the issue
measured, at 52 × 76: 1.6 ms per URL rising to 5.9 ms once the fixed 512-entry cache
thrashed, and 243 ms for every sitemap request.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale import make_project  # noqa: E402

BASE = "https://guide.example.org"
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Host": "guide.example.org"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=52)
    parser.add_argument("--languages", type=int, default=76)
    args = parser.parse_args()

    from werkzeug.test import EnvironBuilder

    from app import create_app

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as folder:
        root = make_project(Path(folder), args.pages, args.languages)
        began = time.perf_counter()
        app = create_app({"GUIDE_ROOT": str(root), "GUIDE_BASE_URL": BASE, "TESTING": False})
        startup = time.perf_counter() - began
        site = app.extensions["guide"]
        first = site.content.pages[0]
        urls = [
            f"/{locale.tag}/" + ("" if page is first else f"{page.id}/")
            for locale in site.published()
            for page in site.content.pages
        ]
        urls += [f"/{locale.tag}/handout/" for locale in site.published()]
        urls += ["/sitemap.xml", "/robots.txt"]

        def get(url: str) -> float:
            environ = EnvironBuilder(path=url, headers=HEADERS).get_environ()
            statuses: list[str] = []
            began = time.perf_counter()
            b"".join(app(environ, lambda status, *_: statuses.append(status)))
            elapsed = time.perf_counter() - began
            assert statuses[0][:3] in ("200", "404"), (url, statuses)
            return elapsed * 1000

        sitemap_first, missing_first = get("/sitemap.xml"), get("/es/no-such-page/")
        sitemap_again, missing_again = get("/sitemap.xml"), get("/es/no-such-page/")
        walks = []
        for _ in range(2):
            began = time.perf_counter()
            times = [get(url) for url in urls]
            walks.append((time.perf_counter() - began, times))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = args.pages * args.languages
    print(f"# {args.pages} pages × {args.languages} languages = {pages} pages; "
          f"{len(urls)} URLs per walk; start-up {startup:.2f} s\n")  # fmt: skip
    for name, (seconds, times) in zip(("first walk", "second walk"), walks, strict=True):
        print(
            f"{name:12} {seconds:7.1f} s, per URL: mean {statistics.mean(times):7.3f} ms, "
            f"median {statistics.median(times):7.3f} ms, max {max(times):8.1f} ms"
        )
    print(f"\n/sitemap.xml: first {sitemap_first:.1f} ms, again {sitemap_again:.3f} ms")
    print(f"404 page:     first {missing_first:.1f} ms, again {missing_again:.3f} ms")
    print(
        f"page cache: {len(site.cache)} responses held (size {site.cache.size}); "
        f"peak RSS of this process {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
