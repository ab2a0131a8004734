"""Export the published site as static files, for any web server or CDN.

Every file is fetched from the app itself (with ``GUIDE_STATIC_EXPORT`` on), so
the export is exactly what the dynamic site serves: every page in every
published locale, a 404 page per locale, the bilingual handout of each locale as a
page and as ``handouts/<tag>.pdf``, the sitemap (an index and one file per language
past the protocol's limits, ``app/sitemap.py``), robots.txt, the favicon, the
stylesheets under their content hash, and a language-neutral ``index.html``
(``x-default``). Every text file has ``.gz`` and ``.br`` copies beside it
(``app/compression.py``), so no server compresses per request. Beside them, the
server files (``app/serverconf.py``): ``server/nginx.conf`` and its header snippet,
an Apache ``.htaccess`` with its type map, and Netlify/Cloudflare Pages ``_headers``
and ``_redirects``. Same input, byte-identical output.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from .compression import ENCODINGS, decoded, precompressed
from .handout import SEGMENT
from .locales import LocaleInfo
from .pdf import PdfEngineMissingError, PdfError, render_pdf
from .serverconf import ServerConfigError, SiteFacts, server_files
from .site import Site
from .sitemap import PROTOCOL, Limits, SitemapError, read_sitemap, sitemap_files
from .views import SECURITY_HEADERS, page_url

MARKER = ".guide-export"
SERVER_ROOT = "/srv/guide"  # where the nginx configuration expects the export by default


class FreezeError(Exception):
    """The export cannot be made, or written where it was asked to be."""


def collect(
    app: Flask,
    paper: str = "a4",
    *,
    server_root: str = SERVER_ROOT,
    sitemap_limits: Limits = PROTOCOL,
    handout_pdfs: bool = True,
) -> dict[str, bytes]:
    """Every file of the export, by relative path.

    Raises ``FreezeError`` when a published locale's catalog did not load: the site
    would serve without it, but an export missing a language must not be deployed.
    Each published locale's handout is printed to ``handouts/<tag>.pdf`` on ``paper``
    (``handout_pdfs=False`` leaves them out: the scale benchmark times them apart);
    without the PDF engine, ``PdfEngineMissingError`` says what to install.
    ``server_root`` is the export's folder on the web server, for the nginx files.
    """
    site: Site = app.extensions["guide"]
    missing = site.missing()
    if missing:
        reasons = "; ".join(f"{tag}: {why}" for tag, why in missing.items())
        raise FreezeError(
            f"{len(missing)} published locale(s) could not be loaded, so the export would lack "
            f"them: {reasons}. Fix the catalog(s) (`guide-i18n check` shows every problem) "
            "or mark the locale draft in the registry; nothing was written."
        )
    base_url: str = app.config["GUIDE_BASE_URL"]
    client = app.test_client()
    files: dict[str, bytes] = {}

    compressed: dict[str, bytes] = {}  # path.gz / path.br, as the app sends them

    def fetch(url: str, status: int = 200) -> bytes:
        response = client.get(url)
        if response.status_code != status:
            raise FreezeError(f"{url}: expected {status}, the app answered {response.status_code}")
        return response.get_data()

    def page(path: str, url: str, status: int = 200) -> bytes:
        """A page, and its compressed copies from the app's page cache (made once there)."""
        files[path] = data = fetch(url, status)
        for coding, suffix in ENCODINGS.items():
            response = client.get(url, headers={"Accept-Encoding": coding})
            if response.headers.get("Content-Encoding") == coding:
                body = response.get_data()
                if decoded(coding, body) != data:
                    raise FreezeError(f"{url}: the app's {coding} copy is not the page")
                compressed[path + suffix] = body
        return data

    published = site.published()
    for locale in published:
        for url in page_urls(app, locale):
            page(url.strip("/") + "/index.html", url)
        page(f"{locale.tag}/404.html", f"/{locale.tag}/{MARKER}/", status=404)
        handout = page(f"{locale.tag}/{SEGMENT}/index.html", f"/{locale.tag}/{SEGMENT}/")
        if handout_pdfs:
            files[f"handouts/{locale.tag}.pdf"] = print_handout(app, locale, handout, paper)
    page("index.html", "/")
    page("404.html", f"/{MARKER}/missing/", status=404)
    files.update(sitemaps(fetch, base_url, sitemap_limits))
    files["robots.txt"] = fetch("/robots.txt").replace(b"Disallow: /choose/\n", b"")
    favicon = client.get("/favicon.ico")  # when the site has one
    if favicon.status_code == 200:
        files["favicon.ico"] = favicon.get_data()
    for hashed in site.assets:
        files[f"assets/{hashed}"] = fetch(f"/assets/{hashed}")
    # What the app did not compress (sitemaps, robots.txt, assets…) is compressed here,
    # with the same functions, so either way the copies are the same bytes.
    missing_copies = {path: data for path, data in files.items() if path + ".gz" not in compressed}
    files.update(compressed)
    files.update(precompressed(missing_copies))
    facts = SiteFacts(
        tags=[locale.tag for locale in published],
        source=site.registry.source.tag,
        security_headers=SECURITY_HEADERS,
        max_age=int(app.config["GUIDE_MAX_AGE"]),
        root=server_root,
        base_url=base_url,
    )
    try:
        files.update({path: text.encode() for path, text in server_files(facts).items()})
    except ServerConfigError as e:
        raise FreezeError(str(e)) from e
    return files


def sitemaps(fetch: Callable[[str], bytes], base_url: str, limits: Limits) -> dict[str, bytes]:
    """The export's sitemap files, listing exactly the URLs of the app's ``/sitemap.xml``."""
    base = base_url.rstrip("/")

    def fetch_listed(url: str) -> bytes:
        if not url.startswith(base + "/"):
            raise FreezeError(f"/sitemap.xml lists {url}, which is not under {base}")
        return fetch(url[len(base) :])

    try:
        urls = read_sitemap(fetch("/sitemap.xml"), fetch_listed)
    except SitemapError as e:
        raise FreezeError(str(e)) from e
    return sitemap_files(urls, base_url, limits)


def print_handout(app: Flask, locale: LocaleInfo, page: bytes, paper: str) -> bytes:
    """The handout page ``page`` (as the app served it) printed to PDF.

    The engine may load only the app's own stylesheets; links resolve against the
    public base URL, which an export always has.
    """
    site: Site = app.extensions["guide"]
    resources = {f"/assets/{name}": data for name, data in site.assets.items()}
    base_url = app.config.get("GUIDE_BASE_URL") or "http://localhost"
    try:
        return render_pdf(
            page.decode(), base_url=base_url, resources=resources, paper=paper, lang=locale.tag
        )
    except PdfEngineMissingError as e:
        raise FreezeError(str(e)) from e
    except PdfError as e:
        raise FreezeError(f"{locale.tag} handout: {e}") from e


def page_urls(app: Flask, locale: LocaleInfo) -> list[str]:
    """The URL of every page of the guide in ``locale``, as the site links to them."""
    site: Site = app.extensions["guide"]
    with app.test_request_context():
        return [page_url(locale, page) for page in site.content.pages]


def write_export(files: dict[str, bytes], out: Path) -> None:
    """Replace ``out`` with ``files``; only a folder this function made is ever emptied."""
    out = out.absolute()
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise FreezeError(f"{out} is not a folder")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise FreezeError(
            f"{out} is not empty and holds no earlier export ({MARKER} is missing): "
            "choose an empty or new folder"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text("Made by `guide-i18n freeze`; the next export replaces it.\n")
        staging.chmod(0o755)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old"
            if old.exists():
                shutil.rmtree(old)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old)  # rmtree never follows symlinks out of the folder
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
