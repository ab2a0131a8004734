"""What freeze writes besides the pages: compressed copies, sitemaps, the negotiation
rules and the CDN files (no server needed; tests/test_export_nginx.py serves them)."""

from __future__ import annotations

import gzip
import re
from xml.etree import ElementTree

import brotli  # type: ignore[import-untyped]
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from app.compression import brotli_bytes, encoded, gzip_bytes, precompressed
from app.freeze import collect
from app.negotiation import best_locale
from app.negotiation_rules import Subtag, band_rules, choose, served_range
from app.serverconf import NGINX_TOKEN_LIMIT, cdn_headers, cdn_redirects
from app.sitemap import NAMESPACE, Limits
from app.views import SECURITY_HEADERS

from .sitekit import catalog_text, make_site

BASE = "https://guide.example.org"
NS = {"s": NAMESPACE}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    root = make_site(
        tmp_path_factory.mktemp("site") / "project",
        {code: ("published", catalog_text(code)) for code in ("es", "ar", "pt_BR", "zh_Hans")},
    )
    return create_app(
        {
            "GUIDE_ROOT": str(root),
            "GUIDE_BASE_URL": BASE,
            "GUIDE_STATIC_EXPORT": True,
            "GUIDE_PREVIEW": False,
            "GUIDE_RELOAD": False,
        }
    )


def _locs(data: bytes) -> list[str]:
    return [loc.text or "" for loc in ElementTree.fromstring(data).iterfind(".//s:loc", NS)]


def test_sitemap_lists_what_the_site_lists_without_alternates(app: Flask) -> None:
    files = collect(app, handout_pdfs=False)
    served = app.test_client().get("/sitemap.xml").get_data()
    assert _locs(files["sitemap.xml"]) == _locs(served)
    assert len(_locs(files["sitemap.xml"])) == 5 * 2  # every page in every published language
    assert b"xhtml:link" not in files["sitemap.xml"]  # hreflang is in every page's head


def test_sitemap_becomes_an_index_of_one_file_per_language_past_a_limit(app: Flask) -> None:
    single = _locs(collect(app, handout_pdfs=False)["sitemap.xml"])
    files = collect(app, handout_pdfs=False, sitemap_limits=Limits(urls=3))
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{NAMESPACE}}}sitemapindex"
    listed = _locs(files["sitemap.xml"])
    assert listed == [
        f"{BASE}/sitemaps/{tag}.xml" for tag in ("en", "es", "ar", "pt-BR", "zh-Hans")
    ]
    urls: list[str] = []
    for loc in listed:
        part = files[loc[len(BASE) + 1 :]]
        assert ElementTree.fromstring(part).tag == f"{{{NAMESPACE}}}urlset"
        tag = loc.rsplit("/", 1)[1].removesuffix(".xml")
        assert all(url.startswith(f"{BASE}/{tag}/") for url in _locs(part))
        urls += _locs(part)
    assert urls == single  # the same URLs, in the same order
    assert "sitemaps/es.xml.gz" in files  # compressed like every sitemap


def test_a_language_past_the_limit_by_itself_is_cut_into_parts(app: Flask) -> None:
    files = collect(app, handout_pdfs=False, sitemap_limits=Limits(urls=1))
    assert {"sitemaps/es.xml", "sitemaps/es-2.xml"} <= set(files)
    files = collect(app, handout_pdfs=False, sitemap_limits=Limits(size=400))
    for name, data in files.items():
        if name.startswith("sitemaps/") and name.endswith(".xml"):
            assert len(data) <= 400 or len(_locs(data)) == 1, name


def test_every_text_file_has_compressed_copies_that_decompress_to_it(app: Flask) -> None:
    files = collect(app, handout_pdfs=False)
    texts = [n for n in files if n.endswith((".html", ".css", ".xml"))]
    assert len(texts) > 20
    for name in texts:
        assert gzip.decompress(files[name + ".gz"]) == files[name], name
        assert brotli.decompress(files[name + ".br"]) == files[name], name
    assert not any(n.startswith("server/") and n.endswith((".gz", ".br")) for n in files)
    assert not any(n.endswith((".gz.gz", ".br.gz", ".gz.br")) for n in files)


def test_compression_is_deterministic_and_only_kept_when_it_saves() -> None:
    page = ("<p>Dry needling targets myofascial trigger points.</p>\n" * 50).encode()
    assert gzip_bytes(page) == gzip_bytes(page)
    assert gzip_bytes(page)[4:8] == b"\0\0\0\0"  # no timestamp
    assert brotli_bytes(page) == brotli_bytes(page)
    assert set(encoded(page)) == {"gzip", "br"}
    assert encoded(b"User-agent: *\n") == {}  # a compressed copy would be bigger
    assert precompressed({"a.html": page, "b.pdf": page, "c.txt": b"x"}) == {
        "a.html.gz": gzip_bytes(page),
        "a.html.br": brotli_bytes(page),
    }


# Weights from different bands of the nginx rules (within a band nginx keeps header order,
# documented), malformed ones, refusals, and ranges of every shape the site reads.
_LANGUAGE = st.sampled_from(
    ["en", "es", "fr", "pt", "ru", "ar", "ja", "zh", "sr", "xx", "pa", "ZH"]
)
_SCRIPT = st.sampled_from(["", "Hans", "Hant", "Latn", "Cyrl", "Arab", "Guru", "zzzz"])
_REGION = st.sampled_from(["", "TW", "CN", "BR", "PT", "US", "419", "HK", "SG", "1a", "pk", "me"])
_EXTRA = st.sampled_from(["", "1901", "x-abc", "u-co-phonebk", "abc", "123", "a"])
_WEIGHT = st.sampled_from(
    ["", ";q=1", ";q=0", ";q=0.5", ";Q=0.5", ";q=0.05", ";q=0.9", ";q=1.5", ";q=0.", ";q=1.000",
     " ; q=0.5", ";level=1", ";q=0.5;q=0"]
)  # fmt: skip
TAGS = ["en", "es", "fr", "pt-BR", "ru", "ar", "ja", "zh-Hans", "sr-Latn", "zh-Hant", "pa"]


@st.composite
def _item(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["*", "", "es_MX", "a" * 9, "*;q=0.5", "*;q=0"]))
    subtags = [s for s in (draw(_SCRIPT), draw(_REGION), draw(_EXTRA)) if s]
    if draw(st.booleans()):
        subtags = draw(st.permutations(subtags))
    space = draw(st.sampled_from(["", " ", "\t"]))
    return space + "-".join([draw(_LANGUAGE), *subtags]) + draw(_WEIGHT) + space


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_item(), min_size=1, max_size=6).map(",".join))
def test_nginx_rules_choose_what_the_site_chooses(header: str) -> None:
    site = best_locale(header, TAGS) or "en"
    nginx = choose(header, TAGS, "en")
    if nginx != site:  # documented: a refusal reached through another range gives the source
        assert nginx == "en", header
        assert re.search(r";\s*q=0(?:\.0*)?\s*(?:,|$)", header), header


def test_nginx_rules_fit_nginx_for_a_hundred_languages() -> None:
    # The 100 most spoken languages that CLDR knows, with the ones whose script depends
    # on the region (zh, sr, pa, uz, az, ms, ha, kk, mn, sd).
    tags = ["en", "zh-Hans", "hi", "es", "fr", "ar", "bn", "pt-BR", "ru", "ur", "id", "de", "ja",
            "pa", "mr", "te", "tr", "ta", "vi", "ko", "it", "fa", "gu", "pl", "uk", "kn", "ml",
            "or", "my", "sd", "am", "ha", "yo", "ig", "ro", "nl", "az", "uz", "sr", "hu", "kk",
            "mn", "ms", "ne", "si", "km", "so", "ps", "ku", "cs", "el", "sv", "he", "be", "bg",
            "hr", "sk", "da", "fi", "no", "lt", "lv", "et", "sl", "sq", "mk", "bs", "ka", "hy",
            "af", "zu", "xh", "sw", "rw", "mg", "ny", "sn", "st", "tn", "ts", "lo", "th", "tg",
            "ky", "tk", "ug", "bo", "dz", "ti", "om", "ln", "wo", "ff", "ca", "gl", "eu", "cy",
            "ga", "is", "lb"]  # fmt: skip
    assert len(tags) == len(set(tags)) == 100
    for _, pattern in band_rules(tags):
        assert len(pattern) + 4 < NGINX_TOKEN_LIMIT
    assert served_range(tags, Subtag("$", compact=True)).count("(?&al_") > 10


def test_cdn_headers_put_every_security_header_on_every_path_once() -> None:
    from app.serverconf import SiteFacts

    facts = SiteFacts(["en", "es", "zh-Hans"], "en", SECURITY_HEADERS, 300, "/srv/guide", BASE)
    rules: dict[str, dict[str, str]] = {}
    current = ""
    for line in cdn_headers(facts).splitlines():
        if line.startswith("/"):
            current = line
            rules[current] = {}
        elif line.startswith("  "):
            name, _, value = line.strip().partition(": ")
            rules[current][name] = value
    for name, value in SECURITY_HEADERS.items():
        assert rules["/*"][name] == value
    assert rules["/assets/*"] == {"Cache-Control": "public, max-age=31536000, immutable"}
    names = [name for headers in rules.values() for name in headers]
    assert len(names) == len(set(names))  # Cloudflare would join a header set twice


def test_cdn_redirects_are_for_netlify_and_ignored_by_cloudflare() -> None:
    from app.serverconf import SiteFacts

    facts = SiteFacts(["en", "es", "zh-Hans"], "en", SECURITY_HEADERS, 300, "/srv/guide", BASE)
    lines = [line.split() for line in cdn_redirects(facts).splitlines() if line and line[0] != "#"]
    assert ["/", "/zh-Hans/", "302!", "Language=zh,zh-hans"] in lines
    assert ["/", "/es/", "302!", "Language=es"] in lines
    assert ["/es/*", "/es/404.html", "404"] in lines
    taiwan = next(line for line in lines if "zh-tw" in line[-1])
    assert taiwan[:3] == ["/", "/index.html", "200!"]  # not zh-Hans: the language list
    assert lines.index(taiwan) < lines.index(["/", "/zh-Hans/", "302!", "Language=zh,zh-hans"])
    # Cloudflare Pages reads "source destination [code]" with codes 200 or 3xx and skips the
    # rest: every line here is one it skips, so there `/` is the language list.
    for line in lines:
        assert len(line) > 3 or line[2] in ("404", "404!"), line


def test_a_rule_nginx_would_refuse_stops_the_export_with_the_reason(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.serverconf as serverconf
    from app.freeze import FreezeError

    monkeypatch.setattr(serverconf, "NGINX_TOKEN_LIMIT", 500)
    with pytest.raises(FreezeError, match=r"past nginx's limit of 500 per parameter"):
        collect(app, handout_pdfs=False)


def test_the_sites_own_sitemap_index_is_followed(app: Flask) -> None:
    single = _locs(collect(app, handout_pdfs=False)["sitemap.xml"])
    split = create_app({**app.config, "GUIDE_SITEMAP_MAX_URLS": 3})
    assert b"<sitemapindex" in split.test_client().get("/sitemap.xml").get_data()
    assert _locs(collect(split, handout_pdfs=False)["sitemap.xml"]) == single
