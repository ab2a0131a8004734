"""How the site grows with pages × languages: page size, export size, start-up, memory, freeze.

    .venv/bin/python bench/scale.py [--pages 2,10,50] [--languages 4,16,50,100] [--pdf]

For every point of the grid it writes a fake site in a temporary folder (P content
pages of ~250 words each, extracted with ``guide-i18n extract``, and L published
languages whose catalogs translate every message as «code» + the English), then
measures, each in a fresh process:

- start-up: ``create_app()`` (content, registry, every catalog) in seconds and RSS;
- a worker's memory once it has served every page of every language (the page cache
  full), as the dynamic server's worker holds it;
- the export: ``freeze.collect`` without the handout PDFs (``--pdf`` times one language's
  PDF per page count: a PDF holds every page, so PDFs cost P per language), its files,
  bytes (with the .gz/.br copies), median page, sitemap bytes, nginx.conf and
  _redirects bytes, and the seconds it takes.

Then, for each measure, the exponent k of its growth with the number of pages × languages
(N = P × L: measure ∝ N^k, least squares on logs) beside the exponent of the bytes the
export must write (the HTML pages, each of which lists every language: W3C and search
engines ask for links to every translation on every page). A measure that grows faster
than what it writes is the thing to fix.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# 100 languages CLDR knows, in the order of their number of speakers, the source first.
LANGUAGES = [
    "en", "zh_Hans", "hi", "es", "fr", "ar", "bn", "pt_BR", "ru", "ur", "id", "de", "ja", "pa",
    "mr", "te", "tr", "ta", "vi", "ko", "it", "fa", "gu", "pl", "uk", "kn", "ml", "or", "my",
    "sd", "am", "ha", "yo", "ig", "ro", "nl", "az", "uz", "sr", "hu", "kk", "mn", "ms", "ne",
    "si", "km", "so", "ps", "ku", "cs", "el", "sv", "he", "be", "bg", "hr", "sk", "da", "fi",
    "no", "lt", "lv", "et", "sl", "sq", "mk", "bs", "ka", "hy", "af", "zu", "xh", "sw", "rw",
    "mg", "ny", "sn", "st", "tn", "ts", "lo", "th", "tg", "ky", "tk", "ug", "bo", "dz", "ti",
    "om", "ln", "wo", "ff", "ca", "gl", "eu", "cy", "ga", "is", "lb",
]  # fmt: skip

WORDS = (
    "needling muscle trigger point pain relief recovery mobility tissue blood flow tension "
    "treatment session physiotherapist patient shoulder neck back knee posture strain"
).split()


def page_markdown(number: int) -> str:
    """A content page of ~250 words: 3 groups of 3 benefits, and a list."""
    rng = (number * 7919) % 1000

    def sentence(i: int) -> str:
        words = [WORDS[(rng + i * 3 + k * 5) % len(WORDS)] for k in range(12)]
        return f"Page {number} point {i}: " + " ".join(words).capitalize() + "."

    parts = [
        f"---\nid: page{number}\ntitle: Guide page {number}\norder: {number}\n"
        f"reviewed: 2026-11-26\n---\n"
    ]
    for group in range(3):
        parts.append(f"## Group {number}.{group} {{#g{group}}}\n")
        for item in range(3):
            parts.append(f"### Benefit {number}.{group}.{item} {{#b{group}-{item}}}\n")
            first = group * 10 + item
            parts.append(f"{sentence(first)} {sentence(first + 50)}\n")
    parts.append("Also:\n\n" + "".join(f"- {sentence(90 + i)}\n" for i in range(4)))
    return "\n".join(parts)


def make_project(folder: Path, pages: int, languages: int) -> Path:
    """A project with ``pages`` pages and ``languages`` published languages (source included)."""
    from app.po import read_po

    (folder / "content").mkdir(parents=True)
    for number in range(1, pages + 1):
        (folder / "content" / f"page{number}.md").write_text(page_markdown(number))
    (folder / "babel.cfg").write_text((ROOT / "babel.cfg").read_text())
    codes = LANGUAGES[1:languages]
    registry = ['source = "en"'] + [f'[locales.{c}]\nstatus = "published"' for c in codes]
    (folder / "locales").mkdir()
    (folder / "locales" / "locales.toml").write_text("\n".join(registry) + "\n")
    cli = "from app.console import main; main()"
    subprocess.run(
        [sys.executable, "-c", cli, "--root", str(folder), "extract"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    template = read_po(folder / "locales" / "messages.pot").entries
    for code in codes:
        write_catalog(folder / "locales" / code / "LC_MESSAGES" / "messages.po", code, template)
    return folder


def write_catalog(path: Path, code: str, template: list) -> None:  # type: ignore[type-arg]
    """Every message translated as «code» + the English (placeholders and links kept)."""
    from babel.messages.plurals import get_plural

    def quote(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'

    rule = get_plural(code)
    lines = [
        'msgid ""', 'msgstr ""', f'"Language: {code}\\n"',
        f'"Plural-Forms: nplurals={rule.num_plurals}; plural={rule.plural_expr};\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"', "",
    ]  # fmt: skip
    for entry in template:
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {quote(entry.msgctxt)}")
        lines.append(f"msgid {quote(entry.msgid)}")
        if entry.msgid_plural is None:
            lines += [f"msgstr {quote(f'«{code}» {entry.msgid}')}", ""]
        else:
            lines.append(f"msgid_plural {quote(entry.msgid_plural)}")
            form = quote(f"«{code}» {entry.msgid_plural}")
            lines += [f"msgstr[{i}] {form}" for i in range(rule.num_plurals)] + [""]
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines), encoding="utf-8")


PROBE = textwrap.dedent(
    """
    import json, resource, statistics, sys, time
    sys.path.insert(0, {root!r})
    start = time.perf_counter()
    from app import create_app
    app = create_app({{"GUIDE_ROOT": {project!r}, "GUIDE_BASE_URL": "https://guide.example.org",
                      "GUIDE_PREVIEW": False, "GUIDE_RELOAD": False,
                      "GUIDE_STATIC_EXPORT": {static}}})
    startup = time.perf_counter() - start
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {{"startup": startup, "rss_start_kib": rss_start}}
    if {mode!r} == "crawl":
        from app.freeze import page_urls
        client = app.test_client()
        site = app.extensions["guide"]
        for locale in site.published():
            for url in page_urls(app, locale):
                assert client.get(url).status_code == 200
        result["rss_crawled_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    else:
        from app.freeze import collect
        start = time.perf_counter()
        files = collect(app, handout_pdfs=False)
        result["freeze"] = time.perf_counter() - start
        pages = [len(v) for k, v in files.items() if k.endswith("/index.html")]
        result.update(
            files=len(files),
            export_bytes=sum(len(v) for v in files.values()),
            html_bytes=sum(pages),
            page_median=statistics.median(pages),
            sitemap_bytes=sum(len(v) for k, v in files.items()
                              if k.startswith(("sitemap", "sitemaps/")) and k.endswith(".xml")),
            nginx_bytes=len(files["server/nginx.conf"]),
            redirects_bytes=len(files["_redirects"]),
            gz_page_median=statistics.median(
                len(v) for k, v in files.items() if k.endswith("/index.html.gz")),
            br_page_median=statistics.median(
                len(v) for k, v in files.items() if k.endswith("/index.html.br")),
        )
    print(json.dumps(result))
    """
)


def probe(project: Path, mode: str) -> dict[str, float]:
    code = PROBE.format(root=str(ROOT), project=str(project), mode=mode, static=mode == "freeze")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def pdf_seconds(project: Path) -> float:
    """Seconds to print one language's handout (es) of this project."""
    code = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from app import create_app
        from app.freeze import print_handout
        app = create_app({{"GUIDE_ROOT": {str(project)!r},
                          "GUIDE_BASE_URL": "https://guide.example.org",
                          "GUIDE_PREVIEW": False, "GUIDE_RELOAD": False,
                          "GUIDE_STATIC_EXPORT": True}})
        locale = app.extensions["guide"].locale("es")
        page = app.test_client().get("/es/handout/").get_data()
        start = time.perf_counter()
        print_handout(app, locale, page, "a4")
        print(time.perf_counter() - start)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="2,10,50")
    parser.add_argument("--languages", default="4,16,50,100")
    parser.add_argument("--pdf", action="store_true", help="time one handout PDF per page count")
    args = parser.parse_args()
    grid = [(int(p), int(n)) for p in args.pages.split(",") for n in args.languages.split(",")]
    rows = []
    header = (
        f"{'pages':>5} {'langs':>5} {'N':>6} {'page':>7} {'page.br':>7} {'export MB':>9} "
        f"{'files':>6} {'sitemap KB':>10} {'nginx KB':>8} {'start s':>7} {'RSS MiB':>7} "
        f"{'worker MiB':>10} {'freeze s':>8}"
    )
    print(header, flush=True)
    with tempfile.TemporaryDirectory(prefix="guide-scale-") as tmp:
        for pages, languages in grid:
            project = make_project(Path(tmp) / f"p{pages}-l{languages}", pages, languages)
            crawl = probe(project, "crawl")
            freeze = probe(project, "freeze")
            row = {"pages": pages, "languages": languages, **crawl, **freeze}
            rows.append(row)
            print(
                f"{pages:>5} {languages:>5} {pages * languages:>6} {row['page_median']:>7.0f} "
                f"{row['br_page_median']:>7.0f} {row['export_bytes'] / 1e6:>9.2f} "
                f"{row['files']:>6.0f} {row['sitemap_bytes'] / 1e3:>10.1f} "
                f"{row['nginx_bytes'] / 1e3:>8.1f} {row['startup']:>7.2f} "
                f"{row['rss_start_kib'] / 1024:>7.1f} {row['rss_crawled_kib'] / 1024:>10.1f} "
                f"{row['freeze']:>8.1f}",
                flush=True,
            )
        if args.pdf:
            print("\none handout PDF (es):")
            for pages in sorted({p for p, _ in grid}):
                project = Path(tmp) / f"p{pages}-l{min(n for p, n in grid if p == pages)}"
                print(f"  {pages:>3} pages: {pdf_seconds(project):.1f} s", flush=True)
    n = [(r["pages"] * r["languages"], r) for r in rows]
    print("\ngrowth with N = pages × languages (measure ∝ N^k):")
    for key, label in [
        ("html_bytes", "HTML the export must write"),
        ("export_bytes", "export bytes (with .gz/.br)"),
        ("sitemap_bytes", "sitemap bytes"),
        ("freeze", "freeze seconds"),
        ("rss_crawled_kib", "worker memory, page cache full"),
    ]:
        print(f"  {label:<32} k = {slope([(x, r[key]) for x, r in n]):.2f}")
    by_language = [(r["languages"], r) for r in rows if r["pages"] == rows[0]["pages"]]
    if len({x for x, _ in by_language}) > 1:
        print(f"\nat {rows[0]['pages']} pages, growth with languages L (measure ∝ L^k):")
        for key, label in [
            ("page_median", "median page bytes"),
            ("nginx_bytes", "nginx.conf bytes"),
            ("redirects_bytes", "_redirects bytes"),
            ("startup", "start-up seconds"),
        ]:
            print(f"  {label:<32} k = {slope([(x, r[key]) for x, r in by_language]):.2f}")


if __name__ == "__main__":
    main()
