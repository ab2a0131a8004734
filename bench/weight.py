"""Page weight: bytes of HTML + CSS per page, raw and compressed, and third-party requests.

    .venv/bin/python bench/weight.py

Fetches every page of every published locale from the app (in process) and reports the
HTML and stylesheet sizes raw, gzip -9 and (when the brotli package is installed) brotli,
against the target of 15 KB compressed per page. It also fails if a page asks for a web
font or anything from another host.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.freeze import page_urls  # noqa: E402

TARGET = 15 * 1024
BASE = "https://guide.example.org"


def compressed(data: bytes) -> tuple[int, int | None]:
    try:
        import brotli  # type: ignore[import-not-found]

        return len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))
    except ImportError:
        return len(gzip.compress(data, 9)), None


def main() -> None:
    app = create_app({"GUIDE_BASE_URL": BASE})
    site = app.extensions["guide"]
    client = app.test_client()
    rows = []
    for locale in site.published():
        for path in page_urls(app, locale):
            html = client.get(path).data
            css_urls = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
            css = b"".join(client.get(url.decode()).data for url in css_urls)
            external = re.findall(rb'(?:src|href)="(https?://[^"]+)"', html)
            foreign = [u for u in external if not u.startswith(BASE.encode())]
            fonts = re.findall(rb"@font-face|\.woff2?|fonts\.googleapis", html + css)
            if foreign or fonts:
                raise SystemExit(f"FAIL {path}: third-party {foreign} fonts {fonts}")
            gz_html, br_html = compressed(html)
            gz_css, br_css = compressed(css)
            brotli_total = None if br_html is None or br_css is None else br_html + br_css
            rows.append((path, len(html), len(css), gz_html + gz_css, brotli_total))
    print(f"{'page':24} {'HTML':>7} {'CSS':>6} {'gzip':>6} {'brotli':>7}")
    for path, html_n, css_n, gz, br in rows:
        print(f"{path:24} {html_n:7} {css_n:6} {gz:6} {br if br is not None else '-':>7}")
    worst = max(rows, key=lambda r: r[3])
    print(
        f"\n{len(rows)} pages; median HTML {statistics.median(r[1] for r in rows):.0f} B, "
        f"largest gzip HTML+CSS {worst[3]} B ({worst[0]}); target {TARGET} B: "
        f"ratio {worst[3] / TARGET:.2f}; no web fonts, no third-party requests"
    )
    if worst[3] > TARGET:
        raise SystemExit("FAIL: a page is over the weight target")


if __name__ == "__main__":
    main()
