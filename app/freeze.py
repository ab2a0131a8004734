"""Export the published site as static files, for any web server or CDN.

Every file is fetched from the app itself (with ``GUIDE_STATIC_EXPORT`` on), so
the export is exactly what the dynamic site serves: every page in every
published locale, a 404 page per locale, the bilingual handout of each locale as a
page and as ``handouts/<tag>.pdf``, the sitemap, robots.txt, the stylesheets
under their content hash, and a language-neutral ``index.html`` (``x-default``).
Beside them, ``server/`` holds the language negotiation a server can do at ``/``
(nginx ``map`` and Apache type-map samples). Same input, byte-identical output.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from babel.core import get_global
from flask import Flask

from .handout import SEGMENT
from .locales import LocaleInfo
from .negotiation import subtags
from .pdf import PdfEngineMissingError, PdfError, render_pdf
from .site import Site
from .views import page_url

MARKER = ".guide-export"


class FreezeError(Exception):
    """The export cannot be made, or written where it was asked to be."""


def collect(app: Flask, paper: str = "a4") -> dict[str, bytes]:
    """Every file of the export, by relative path.

    Raises ``FreezeError`` when a published locale's catalog did not load: the site
    would serve without it, but an export missing a language must not be deployed.
    Each published locale's handout is printed to ``handouts/<tag>.pdf`` on ``paper``;
    without the PDF engine, ``PdfEngineMissingError`` says what to install.
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
    client = app.test_client()
    files: dict[str, bytes] = {}

    def fetch(url: str, status: int = 200) -> bytes:
        response = client.get(url)
        if response.status_code != status:
            raise FreezeError(f"{url}: expected {status}, the app answered {response.status_code}")
        return response.get_data()

    for locale in site.published():
        for url in page_urls(app, locale):
            files[url.strip("/") + "/index.html"] = fetch(url)
        files[f"{locale.tag}/404.html"] = fetch(f"/{locale.tag}/{MARKER}/", status=404)
        handout = fetch(f"/{locale.tag}/{SEGMENT}/")
        files[f"{locale.tag}/{SEGMENT}/index.html"] = handout
        files[f"handouts/{locale.tag}.pdf"] = print_handout(app, locale, handout, paper)
    files["index.html"] = fetch("/")
    files["404.html"] = fetch(f"/{MARKER}/missing/", status=404)
    files["sitemap.xml"] = fetch("/sitemap.xml")
    files["robots.txt"] = fetch("/robots.txt").replace(b"Disallow: /choose/\n", b"")
    for hashed in site.assets:
        files[f"assets/{hashed}"] = fetch(f"/assets/{hashed}")
    tags = [locale.tag for locale in site.published()]
    files["server/nginx.conf"] = nginx_config(tags, site.registry.source.tag).encode()
    files["server/apache.htaccess"] = apache_htaccess().encode()
    files["index.var"] = type_map(tags).encode()
    return files


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


def nginx_config(tags: list[str], default: str) -> str:
    """A sample nginx server: negotiation at ``/``, localized 404 pages, long-lived assets."""
    choices = "\n".join(f'    "~*^{first_language_pattern(tag)}" {tag};' for tag in tags)
    not_found = "\n".join(
        f"    location /{tag}/ {{ error_page 404 /{tag}/404.html; }}" for tag in tags
    )
    return f"""\
# Sample nginx configuration for the exported guide (this folder is not meant to be served).
# `/` sends each reader to the first language of their browser that the guide has; nginx sees
# only the order of Accept-Language, not q-values. Pages themselves are never negotiated.

map $http_accept_language $guide_language {{
    default {default};
{choices}
}}

server {{
    listen 80;
    root /srv/guide;  # the export folder
    charset utf-8;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy same-origin always;
    add_header Content-Security-Policy "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'" always;

    location = / {{
        add_header Vary "Accept-Language" always;
        return 302 /$guide_language/;
    }}
    location /assets/ {{ expires max; add_header Cache-Control "public, immutable"; }}
    location /server/ {{ return 404; }}
{not_found}
    error_page 404 /404.html;
}}
"""  # noqa: E501 - a CSP header must stay on one line


def first_language_pattern(tag: str) -> str:
    """A regex (PCRE) for the first Accept-Language range that ``tag`` serves.

    As in ``app.negotiation``: same language and likely script, any region. For Chinese,
    ``zh``, ``zh-CN``, ``zh-SG`` and ``zh-Hans`` match ``zh-Hans``; ``zh-TW``, ``zh-HK`` and
    ``zh-Hant`` do not. For Portuguese, ``pt-PT`` matches ``pt-BR``.
    """
    wanted = subtags(tag)
    end = "(?:[-_,;]|$)"
    same: list[str] = []
    other: list[str] = []
    for key in get_global("likely_subtags"):
        language, _, rest = key.partition("_")
        if language != wanted.language or not rest or "_" in rest:
            continue
        script = rest if len(rest) == 4 else subtags(f"{language}-{rest}").script
        (same if script == wanted.script else other).append(rest.lower())
    if not other:  # one script: any region of the language will do
        return f"{wanted.language}{end}"
    if subtags(wanted.language).script == wanted.script:  # the language's usual script
        return f"{wanted.language}(?!-(?:{'|'.join(sorted(other))}){end}){end}"
    return f"{wanted.language}-(?:{'|'.join(sorted(same))}){end}"


def apache_htaccess() -> str:
    """A sample Apache setup: the type map ``index.var`` negotiates ``/``."""
    return """\
# Sample Apache configuration (copy to the export's .htaccess, or into the vhost).
# Apache reads index.var, a type map listing the language homes, and picks one by
# Accept-Language with q-values (mod_negotiation), as getfedora.org does.
DirectoryIndex index.var index.html
AddHandler type-map .var
Header always set X-Content-Type-Options nosniff
Header always set Referrer-Policy same-origin
<Directory "server">
    Require all denied
</Directory>
"""


def type_map(tags: list[str]) -> str:
    """An Apache type map: one record per language home, for negotiation at ``/``."""
    records = [
        f"URI: {tag}/index.html\nContent-Type: text/html\nContent-Language: {tag}\n" for tag in tags
    ]
    return "URI: index\n\n" + "\n".join(records)
