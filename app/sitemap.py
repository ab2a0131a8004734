"""Sitemaps for the static export: one file while it fits, else an index and one per language.

The sitemaps protocol caps a file at 50,000 URLs and 50 MB (uncompressed). The
export reads the URLs from the app's own ``/sitemap.xml`` (so both list the same
pages) and writes them without ``xhtml:link`` alternates: every page already names
all its alternates in its ``<head>``, which search engines read as well (one of the
three equivalent ways), and repeating them in the sitemap made it grow with the
square of the number of languages (26.8 MB at 52 pages × 76 languages). Without
them a URL costs ~100 bytes, so the sitemap grows with the number of pages.

Past either limit, ``sitemap.xml`` becomes a sitemap index pointing at
``sitemaps/<tag>.xml``, one per language (split further into ``<tag>-2.xml``… should
one language pass a limit by itself), so robots.txt keeps pointing at the same URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree
from xml.sax.saxutils import escape

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
FOLDER = "sitemaps"

_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n'
_TAIL = "</urlset>\n"


class SitemapError(Exception):
    """The app's sitemap could not be read."""


@dataclass(frozen=True)
class Limits:
    """When a single sitemap file is too big (the protocol's limits unless a test says less)."""

    urls: int = MAX_URLS
    size: int = MAX_BYTES


@dataclass(frozen=True)
class SitemapUrl:
    """One page in a sitemap: its absolute URL and the date it last changed (may be empty)."""

    loc: str
    lastmod: str = ""

    def xml(self) -> str:
        lastmod = f"<lastmod>{escape(self.lastmod)}</lastmod>" if self.lastmod else ""
        return f"<url><loc>{escape(self.loc)}</loc>{lastmod}</url>\n"


def read_sitemap(
    data: bytes, fetch: Callable[[str], bytes], where: str = "/sitemap.xml"
) -> list[SitemapUrl]:
    """The URLs of a sitemap (``<urlset>``), or of every sitemap an index lists.

    ``fetch`` gets a sitemap that an index points to, by its absolute URL.
    Alternates (``xhtml:link``) are not kept.
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise SitemapError(f"{where}: not XML: {e}") from e
    if root.tag == f"{{{NAMESPACE}}}sitemapindex":
        urls: list[SitemapUrl] = []
        for loc in root.iter(f"{{{NAMESPACE}}}loc"):
            url = (loc.text or "").strip()
            urls += read_sitemap(fetch(url), fetch, url)
        return urls
    if root.tag != f"{{{NAMESPACE}}}urlset":
        raise SitemapError(f"{where}: neither a <urlset> nor a <sitemapindex>")
    return [
        SitemapUrl(
            (entry.findtext(f"{{{NAMESPACE}}}loc") or "").strip(),
            (entry.findtext(f"{{{NAMESPACE}}}lastmod") or "").strip(),
        )
        for entry in root.iter(f"{{{NAMESPACE}}}url")
    ]


def urlset(urls: Iterable[SitemapUrl]) -> bytes:
    """A ``<urlset>`` document listing ``urls`` in order."""
    return (_HEAD + "".join(url.xml() for url in urls) + _TAIL).encode()


def sitemap_index(sitemaps: Sequence[tuple[str, str]]) -> bytes:
    """A ``<sitemapindex>`` of (absolute URL, lastmod) pairs."""
    entries = "".join(
        f"<sitemap><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else "")
        + "</sitemap>\n"
        for loc, lastmod in sitemaps
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n'
        f"{entries}</sitemapindex>\n"
    ).encode()


PROTOCOL = Limits()


def sitemap_files(
    urls: Sequence[SitemapUrl], base_url: str, limits: Limits = PROTOCOL
) -> dict[str, bytes]:
    """The export's sitemap files by path: ``sitemap.xml`` alone while it fits, else the index.

    URLs are grouped by their first path segment (the language tag), in the order
    they come; a group that is itself too big is cut into numbered parts.
    """
    single = urlset(urls)
    if len(urls) <= limits.urls and len(single) <= limits.size:
        return {"sitemap.xml": single}
    groups: dict[str, list[SitemapUrl]] = {}
    for url in urls:
        groups.setdefault(_first_segment(url.loc), []).append(url)
    files: dict[str, bytes] = {}
    listed: list[tuple[str, str]] = []
    base = base_url.rstrip("/")
    for group, members in groups.items():
        parts = _parts(members, limits)
        for number, part in enumerate(parts, start=1):
            name = f"{FOLDER}/{group or 'root'}{'' if number == 1 else f'-{number}'}.xml"
            files[name] = urlset(part)
            listed.append((f"{base}/{name}", max((u.lastmod for u in part), default="")))
    files["sitemap.xml"] = sitemap_index(listed)
    return files


def _parts(urls: list[SitemapUrl], limits: Limits) -> list[list[SitemapUrl]]:
    """``urls`` cut, in order, into runs that each fit in one file."""
    parts: list[list[SitemapUrl]] = [[]]
    size = len(_HEAD) + len(_TAIL)
    for url in urls:
        cost = len(url.xml().encode())
        if parts[-1] and (len(parts[-1]) >= limits.urls or size + cost > limits.size):
            parts.append([])
            size = len(_HEAD) + len(_TAIL)
        parts[-1].append(url)
        size += cost
    return parts


def _first_segment(url: str) -> str:
    return urlsplit(url).path.strip("/").split("/", 1)[0]
