"""The patient site, asserted on parsed HTML: language choice, fallbacks, safety, caching."""

from __future__ import annotations

import logging
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app

from .conftest import REPO
from .sitekit import attr, catalog_text, fake, make_site, quote, soup, text

UNTRANSLATED = "Lower back pain or sciatica"
FUZZY = "Reduces Muscle Pain"


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """en (source), es + ar + pt_BR complete, fr with gaps, de a complete draft."""
    return make_site(
        tmp_path,
        {
            "es": ("published", catalog_text("es")),
            "fr": (
                "published",
                catalog_text("fr", {UNTRANSLATED: ""}, fuzzy=[FUZZY]),
            ),
            "ar": ("published", catalog_text("ar")),
            "pt_BR": ("published", catalog_text("pt_BR")),
            "de": ("draft", catalog_text("de")),
        },
    )


@pytest.fixture
def app(site_root: Path) -> Flask:
    return create_app({"TESTING": True, "GUIDE_ROOT": str(site_root)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


PUBLISHED = {"en", "es", "fr", "ar", "pt-BR"}


# -- choosing the language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "cookie", "expected"),
    [
        ("en-GB", None, "/en/"),
        ("fr-FR,fr;q=0.9,en;q=0.3", None, "/fr/"),
        ("zh-TW", None, "/en/"),
        ("pt-PT", None, "/pt-BR/"),
        ("de-DE,de;q=0.9", None, "/en/"),  # de is a draft: never chosen
        (None, None, "/en/"),
        ("fr-FR", "es", "/es/"),  # an explicit choice wins
        ("fr-FR", "de", "/fr/"),  # ...when it is still a visible locale
        ("fr-FR", "x" * 500, "/fr/"),
        ("\x00\xff;;;", None, "/en/"),
        ("es;q=0.5," * 1000, None, "/es/"),
        ("", None, "/en/"),
    ],
)
def test_root_redirects_to_the_best_locale(
    client: FlaskClient, accept_language: str | None, cookie: str | None, expected: str
) -> None:
    if cookie:
        client.set_cookie("lang", cookie)
    headers = {"Accept-Language": accept_language} if accept_language is not None else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert set(response.headers["Vary"].replace(" ", "").split(",")) == {
        "Accept-Language",
        "Cookie",
    }


def test_switcher_choice_is_remembered(client: FlaskClient) -> None:
    response = client.get("/choose/fr/conditions/")
    assert (response.status_code, response.headers["Location"]) == (303, "/fr/conditions/")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=fr;")
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie
    assert client.get("/", headers={"Accept-Language": "es"}).headers["Location"] == "/fr/"


def test_switcher_lists_every_published_locale_by_endonym(client: FlaskClient) -> None:
    page = soup(client.get("/ar/conditions/").data)
    nav = page.find("nav", class_="languages")
    assert nav is not None
    links = nav.find_all("a")
    found = {attr(a, "lang"): (a.get_text(), attr(a, "dir"), attr(a, "href")) for a in links}
    assert found == {
        "en": ("English", "ltr", "/choose/en/conditions/"),
        "es": ("Español", "ltr", "/choose/es/conditions/"),
        "fr": ("Français", "ltr", "/choose/fr/conditions/"),
        "ar": ("العربية", "rtl", "/choose/ar/conditions/"),
        "pt-BR": ("Português (Brasil)", "ltr", "/choose/pt-BR/conditions/"),
    }
    current = nav.find("a", attrs={"aria-current": "true"})
    assert attr(current, "lang") == "ar"


# -- pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/en/", "en", "ltr"), ("/ar/", "ar", "rtl"), ("/pt-BR/conditions/", "pt-BR", "ltr")],
)
def test_html_lang_and_dir_come_from_cldr(
    client: FlaskClient, path: str, lang: str, direction: str
) -> None:
    html = soup(client.get(path).data).html
    assert (attr(html, "lang"), attr(html, "dir")) == (lang, direction)


def test_page_structure_is_accessible(client: FlaskClient) -> None:
    page = soup(client.get("/es/").data)
    assert len(page.find_all("h1")) == 1
    for landmark in ("header", "main", "footer"):
        assert page.find(landmark) is not None
    skip = page.find("a", class_="skip")
    assert attr(skip, "href") == "#main"
    assert page.find(id="main") is not None
    assert len(page.find_all("nav")) == 3  # languages, pages, contents


def test_table_of_contents_links_to_every_benefit(client: FlaskClient) -> None:
    page = soup(client.get("/en/").data)
    toc = page.find("nav", class_="toc")
    assert toc is not None
    targets = [attr(a, "href") for a in toc.find_all("a")]
    assert len(targets) == 7 + 17
    for target in targets:
        assert target.startswith("#")
        assert page.find(id=target[1:]) is not None, target
    counts = [span.get_text() for span in toc.find_all("span", class_="count")]
    assert counts == ["3 benefits"] * 3 + ["2 benefits"] * 4


def test_complete_translation_has_no_english_and_no_notice(client: FlaskClient) -> None:
    page = soup(client.get("/es/").data)
    assert page.find(attrs={"lang": "en"}, name="span") is None
    assert page.find(class_="notice") is None
    assert text(page.h1) == fake("es", "Dry Needling Benefits")
    meta = page.find(class_="meta")
    assert meta is not None
    assert fake("es", "Page last reviewed: %(date)s").replace(
        "%(date)s", "26 de noviembre de 2026"
    ) in (meta.get_text())
    english = meta.find("a", hreflang="en")
    assert attr(english, "href") == "/en/"


def test_untranslated_and_fuzzy_fall_back_to_marked_english(client: FlaskClient) -> None:
    page = soup(client.get("/fr/").data)
    spans = page.find_all("span", attrs={"lang": "en"})
    assert spans
    assert all(attr(s, "dir") == "ltr" for s in spans)
    assert FUZZY in [s.get_text() for s in spans]
    assert fake("fr", FUZZY) not in page.get_text()  # a fuzzy translation is never shown
    notice = page.find(class_="notice")
    assert notice is not None
    assert fake("fr", "Part of this page is not translated yet and is shown in English.") in (
        notice.get_text()
    )
    assert attr(notice.find("a"), "href") == "/en/"
    conditions = soup(client.get("/fr/conditions/").data)
    item = next(li for li in conditions.find_all("li") if UNTRANSLATED in li.get_text())
    assert attr(item.span, "lang") == "en"


def test_translations_are_text_never_markup(site_root: Path) -> None:
    hostile = {
        "Reduces Muscle Pain": "<script>alert(1)</script>",
        "Reduces Inflammation": '<img src=x onerror="alert(1)">',
        "Quick Procedure": "[click](javascript:alert(1))",
        "Skip to main content": "<b>bold</b>",
    }
    po = site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(catalog_text("es", hostile))
    page = soup(create_app({"GUIDE_ROOT": str(site_root)}).test_client().get("/es/").data)
    assert page.find("script") is None
    assert page.find("img") is None
    assert page.find("b") is None
    assert not any(attr(a, "href").startswith("javascript") for a in page.find_all("a"))
    assert "<script>alert(1)</script>" in page.get_text()
    assert "<b>bold</b>" in page.get_text()


def test_placeholder_mismatch_falls_back_and_is_logged(
    site_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    po = site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(catalog_text("es", {"Page last reviewed: %(date)s": "Revisado: %(fecha)s"}))
    with caplog.at_level(logging.WARNING):
        client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    assert "placeholders ['%(fecha)s'] differ from the English ['%(date)s']" in caplog.text
    page = soup(client.get("/es/").data)
    meta = page.find(class_="meta")
    assert meta is not None
    assert meta.span is not None
    assert meta.span.get_text() == "Page last reviewed: 26 de noviembre de 2026"
    assert page.find(class_="notice") is not None


def test_a_translation_that_pads_to_megabytes_is_not_served(
    site_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Python pads "%(date)100000000s" without complaint: 100 MB a page, were it served."""
    po = site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    padded = {"Page last reviewed: %(date)s": "Revisado: %(date)100000000s"}
    po.write_text(catalog_text("es", padded))
    with caplog.at_level(logging.WARNING):
        client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    assert "Python pads %(date)100000000s to 100,000,000 characters" in caplog.text
    response = client.get("/es/")
    assert len(response.data) < 1_000_000
    meta = soup(response.data).find(class_="meta")
    assert meta is not None
    assert meta.span is not None
    assert meta.span.get_text() == "Page last reviewed: 26 de noviembre de 2026"


def test_broken_catalog_leaves_only_its_locale_out(
    site_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    po = site_root / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text('msgid "a"\nmsgstr "unterminated\n')
    with caplog.at_level(logging.ERROR):
        client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    assert "locale fr left out: locales/fr/LC_MESSAGES/messages.po:2: unterminated string" in (
        caplog.text
    )
    assert client.get("/fr/").status_code == 404
    assert client.get("/es/").status_code == 200


def _break_catalog(root: Path, code: str) -> None:
    (root / "locales" / code / "LC_MESSAGES" / "messages.po").write_text('msgid "a"\nmsgstr "x\n')


def test_health_is_ok_when_every_published_locale_loaded(site_root: Path) -> None:
    _break_catalog(site_root, "de")  # a draft: never served in production anyway
    response = create_app({"GUIDE_ROOT": str(site_root)}).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "locales": ["en", "es", "fr", "ar", "pt-BR"]}


def test_health_is_503_without_reasons_while_a_published_locale_is_missing(
    site_root: Path,
) -> None:
    _break_catalog(site_root, "fr")
    (site_root / "locales" / "pt_BR" / "LC_MESSAGES" / "messages.po").unlink()
    response = create_app({"GUIDE_ROOT": str(site_root)}).test_client().get("/healthz")
    assert response.status_code == 503
    # In production the reasons stay in the log: they hold file paths.
    assert response.json == {"status": "degraded", "locales": ["en", "es", "ar"],
                             "missing": ["fr", "pt-BR"]}  # fmt: skip
    assert "messages.po" not in response.get_data(as_text=True)


def test_health_in_preview_says_why_a_published_locale_is_missing(site_root: Path) -> None:
    _break_catalog(site_root, "fr")
    app = create_app({"GUIDE_ROOT": str(site_root), "GUIDE_PREVIEW": True})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    data = response.json
    assert data is not None
    assert (data["status"], data["missing"]) == ("degraded", ["fr"])
    assert data["errors"] == {
        "fr": "locales/fr/LC_MESSAGES/messages.po:2: unterminated string "
        "(a '\"' inside must be written '\\\"')"
    }
    assert "fr" not in data["locales"]
    assert "de" in data["locales"]  # drafts are served in preview


@pytest.mark.parametrize("broken", [None, "fr"])
def test_health_is_never_cached_and_carries_the_security_headers(
    site_root: Path, broken: str | None
) -> None:
    if broken:
        _break_catalog(site_root, broken)
    response = create_app({"GUIDE_ROOT": str(site_root)}).test_client().get("/healthz")
    assert response.status_code == (503 if broken else 200)
    assert response.mimetype == "application/json"
    assert response.cache_control.no_store
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_plural_count_uses_the_locale_digits(tmp_path: Path) -> None:
    forms = ["%(num)s مزیت", "%(num)s مزیت"]
    root = make_site(
        tmp_path, {"fa": ("published", catalog_text("fa", {"%(num)s benefit": forms}))}
    )
    page = soup(create_app({"GUIDE_ROOT": str(root)}).test_client().get("/fa/").data)
    counts = [span.get_text() for span in page.find_all("span", class_="count")]
    assert counts == ["۳ مزیت"] * 3 + ["۲ مزیت"] * 4


def test_drafts_only_in_preview(site_root: Path) -> None:
    production = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    assert production.get("/de/").status_code == 404
    assert "de" not in production.get("/fr/").get_data(as_text=True).split('hreflang="')[1:]
    preview = create_app({"GUIDE_ROOT": str(site_root), "GUIDE_PREVIEW": True}).test_client()
    page = soup(preview.get("/de/").data)
    assert attr(page.html, "lang") == "de"
    switcher = page.find("nav", class_="languages")
    assert switcher is not None
    assert switcher.find("a", lang="de") is not None
    assert page.find("link", hreflang="de") is None  # never advertised to search engines


def test_hreflang_alternates_are_reciprocal_with_canonical(client: FlaskClient) -> None:
    for path in ("/", "/conditions/"):
        seen = {}
        for tag in PUBLISHED:
            page = soup(client.get(f"/{tag}{path}").data)
            links = {
                attr(link, "hreflang"): attr(link, "href")
                for link in page.find_all("link", rel="alternate")
            }
            assert set(links) == PUBLISHED | {"x-default"}
            assert links["x-default"] == "http://localhost/"
            canonical = attr(page.find("link", rel="canonical"), "href")
            assert links[tag] == canonical == f"http://localhost/{tag}{path}"
            seen[tag] = links
        assert all(links == seen["en"] for links in seen.values())


def test_sitemap_lists_every_page_of_every_published_language(client: FlaskClient) -> None:
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.fromstring(response.data).findall("s:url", ns)
    locs = {u.findtext("s:loc", namespaces=ns) for u in urls}
    assert len(urls) == len(locs) == 2 * len(PUBLISHED)
    assert "http://localhost/ar/conditions/" in locs
    assert not any("/de/" in loc for loc in locs if loc)  # never a draft
    for url in urls:
        # Alternates are in each page's <head>; repeated here they grow with languages².
        assert url.findall("x:link", ns) == []
        assert url.findtext("s:lastmod", namespaces=ns) == "2026-11-26"


def test_sitemap_becomes_an_index_of_one_sitemap_per_language(site_root: Path) -> None:
    app = create_app({"GUIDE_ROOT": str(site_root), "GUIDE_SITEMAP_MAX_URLS": 3})
    client = app.test_client()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").data)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [loc.text or "" for loc in index.iter(f"{{{ns['s']}}}loc")]
    assert listed == [f"http://localhost/sitemaps/{tag}.xml" for tag in
                      ("en", "es", "fr", "ar", "pt-BR")]  # fmt: skip
    seen = set()
    for url in listed:
        part = client.get(url.removeprefix("http://localhost"))
        assert part.status_code == 200
        locs = {u.findtext("s:loc", namespaces=ns) for u in ET.fromstring(part.data)}
        assert len(locs) == 2
        seen |= locs
    assert len(seen) == 2 * len(PUBLISHED)
    assert client.get("/sitemaps/de.xml").status_code == 404


def test_unknown_sitemaps_are_404_without_building_the_sitemaps_again(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import views

    built: list[int] = []
    files = views._sitemap_files
    monkeypatch.setattr(views, "_sitemap_files", lambda *a: built.append(1) or files(*a))
    for name in ("/sitemaps/es.xml", "/sitemaps/x.xml", "/sitemap.xml", "/sitemaps/es.xml"):
        client.get(name)
    assert client.get("/sitemaps/es.xml").status_code == 404  # one file: no per-language ones
    assert built == [1]


def test_robots_and_health(client: FlaskClient) -> None:
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert client.get("/healthz").json["status"] == "ok"  # type: ignore[index]


# -- hostile and wrong input ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/xx/", "/../etc/passwd", "/es%00/", "/" + "a" * 300 + "/", "/%ff/", "/en/nope/",
     "/de/", "/es/../../etc/passwd", "/choose/xx/", "/choose/en/nope/", "/static/../app/views.py"],
)  # fmt: skip
def test_bad_urls_are_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_404_is_localized(client: FlaskClient) -> None:
    response = client.get("/es/nope/")
    page = soup(response.data)
    assert response.status_code == 404
    assert attr(page.html, "lang") == "es"
    assert text(page.h1) == fake("es", "Page not found")
    english = soup(client.get("/no/such/page", headers={"Accept-Language": "ar"}).data)
    assert attr(english.html, "dir") == "rtl"


def test_one_url_per_page(client: FlaskClient) -> None:
    assert client.get("/en/benefits/").headers["Location"] == "/en/"
    response = client.get("/pt-br/conditions/")
    assert (response.status_code, response.headers["Location"]) == (301, "/pt-BR/conditions/")


# -- serving well ---------------------------------------------------------------------


def test_conditional_requests_and_cache_headers(client: FlaskClient) -> None:
    first = client.get("/es/")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    assert client.get("/es/", headers={"If-None-Match": etag}).status_code == 304
    since = first.headers["Last-Modified"]
    assert client.get("/es/", headers={"If-Modified-Since": since}).status_code == 304
    assert client.get("/fr/", headers={"If-None-Match": etag}).status_code == 200


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/en/").headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "script-src" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_inline_style_or_script(client: FlaskClient) -> None:
    page = soup(client.get("/fr/").data)
    assert page.find("script") is None
    assert page.find("style") is None
    assert page.find(attrs={"style": True}) is None


def test_edited_catalog_shows_on_reload_in_debug(site_root: Path) -> None:
    client = create_app({"GUIDE_ROOT": str(site_root), "GUIDE_RELOAD": True}).test_client()
    assert fake("es", "Pain Relief") in client.get("/es/").get_data(as_text=True)
    po = site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(catalog_text("es", {"Pain Relief": "Alivio del dolor"}))
    stat = po.stat()
    os.utime(po, (stat.st_atime, stat.st_mtime + 5))
    assert "Alivio del dolor" in client.get("/es/").get_data(as_text=True)


def test_production_does_not_reload(site_root: Path) -> None:
    client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    client.get("/es/")
    po = site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(catalog_text("es", {"Pain Relief": "Alivio del dolor"}))
    os.utime(po, (po.stat().st_atime, po.stat().st_mtime + 5))
    assert "Alivio del dolor" not in client.get("/es/").get_data(as_text=True)


def test_stylesheet_uses_logical_properties_only() -> None:
    css = (REPO / "app" / "static" / "style.css").read_text()
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|"
        r"float\s*:\s*(?:left|right)|text-align\s*:\s*(?:left|right)",
        css,
    )
    assert physical == []
    assert "@media print" in css


def test_the_real_site_serves_english(tmp_path: Path) -> None:
    client = create_app().test_client()
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"].startswith("/")
    page = soup(client.get("/en/conditions/").data)
    assert text(page.h1) == "Targeted Treatment for Specific Conditions"
    assert len(page.find_all("li", class_=False)) >= 7


# -- placeholders: the checker's rules, through app.formats ---------------------------------------

PERCENT_EN = "About 80% of patients feel better after a few sessions."
PERCENT_FR = "Environ 80 % des patients se sentent mieux après quelques séances."


@pytest.mark.parametrize("flags", ["", "#, no-python-format\n"])
def test_a_percent_sign_in_content_is_text_not_a_placeholder(tmp_path: Path, flags: str) -> None:
    extra = f"{flags}msgid {quote(PERCENT_EN)}\nmsgstr {quote(PERCENT_FR)}\n"
    root = make_site(tmp_path, {"fr": ("published", catalog_text("fr") + extra)})
    page = root / "content" / "conditions.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{PERCENT_EN}\n", encoding="utf-8")
    html = soup(create_app({"GUIDE_ROOT": str(root)}).test_client().get("/fr/conditions/").data)
    assert PERCENT_FR in html.get_text()
    assert PERCENT_EN not in html.get_text()


@pytest.mark.parametrize(
    ("translation", "logged"),
    [
        ("Revisado", "%(date)s is missing"),
        ("Revisado el %(date)s, 100 % seguro", "% s and %(date)s cannot be in one string"),
    ],
)
def test_a_python_format_translation_that_breaks_falls_back(
    site_root: Path, caplog: pytest.LogCaptureFixture, translation: str, logged: str
) -> None:
    english = "Page last reviewed: %(date)s"
    text = catalog_text("es", {english: translation})
    text = text.replace(f"msgid {quote(english)}", f"#, python-format\nmsgid {quote(english)}")
    (site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po").write_text(text)
    with caplog.at_level(logging.WARNING):
        client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    assert logged in caplog.text
    meta = soup(client.get("/es/").data).find(class_="meta")
    assert meta is not None
    assert meta.span is not None
    assert meta.span.get_text() == "Page last reviewed: 26 de noviembre de 2026"


# -- every response, compression, caching (issue 14) -----------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/", 200), ("/", 302), ("/es/conditions", 308), ("/pt-br/", 301),
        ("/choose/es/", 303), ("/nope/", 404), ("/es/nope/", 404), ("/sitemap.xml", 200),
        ("/robots.txt", 200), ("/healthz", 200), ("/favicon.ico", 200), ("/es/handout/", 200),
    ],
)  # fmt: skip
def test_security_headers_on_every_response(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_security_headers_on_not_modified_and_assets(client: FlaskClient) -> None:
    first = client.get("/es/")
    again = client.get("/es/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    css = attr(soup(first.data).find("link", rel="stylesheet"), "href")
    for response in (again, client.get(css)):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_root_redirect_is_never_cached_by_a_shared_cache(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "es"})
    assert response.headers["Location"] == "/es/"
    assert response.cache_control.private
    assert response.cache_control.no_cache


def test_the_language_cookie_lives_a_year(client: FlaskClient) -> None:
    cookie = client.get("/choose/es/").headers["Set-Cookie"]
    assert "Max-Age=31536000" in cookie.split("; ")
    assert "Path=/" in cookie.split("; ")
    assert client.get_cookie("lang") is not None


def test_a_translation_that_adds_a_link_is_shown_in_english(site_root: Path) -> None:
    english = "Quick Procedure"
    (site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po").write_text(
        catalog_text("es", {english: "[Procedimiento](https://evil.example/) rápido"})
    )
    page = soup(create_app({"GUIDE_ROOT": str(site_root)}).test_client().get("/es/").data)
    assert not any("evil.example" in attr(a, "href") for a in page.find_all("a"))
    heading = page.find(id="quick-procedure")
    assert heading is not None
    assert heading.span is not None
    assert (attr(heading.span, "lang"), heading.span.get_text()) == ("en", english)
    assert page.find(class_="notice") is not None


def test_a_wrong_plural_count_falls_back_to_english(
    site_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from babel.messages.plurals import get_plural

    count = get_plural("es").num_plurals  # the header catalog_text writes, from CLDR
    forms = ["%(num)s ventaja"] + ["%(num)s ventajas"] * count  # one form too many
    (site_root / "locales" / "es" / "LC_MESSAGES" / "messages.po").write_text(
        catalog_text("es", {"%(num)s benefit": forms})
    )
    with caplog.at_level(logging.WARNING):
        client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    assert f"{count + 1} plural forms where the header says {count}" in caplog.text
    page = soup(client.get("/es/").data)
    counts = page.find_all("span", class_="count")
    assert [c.get_text() for c in counts] == ["3 benefits"] * 3 + ["2 benefits"] * 4
    assert all(attr(c.span, "lang") == "en" for c in counts)


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("Thu, 01 Jan 1970 00:00:00 GMT", 200),  # older than the files
        ("Fri, 01 Jan 2100 00:00:00 GMT", 304),
        ("Friday, 01-Jan-00 00:00:00 GMT", 200),  # RFC 850: two-digit years are recent
        ("not a date", 200),
    ],
)
def test_if_modified_since_compares_dates(client: FlaskClient, since: str, status: int) -> None:
    assert client.get("/es/", headers={"If-Modified-Since": since}).status_code == status


def test_if_modified_since_is_ignored_next_to_if_none_match(client: FlaskClient) -> None:
    first = client.get("/es/")
    since = first.headers["Last-Modified"]
    assert client.get("/es/", headers={"If-Modified-Since": since}).status_code == 304
    stale = {"If-None-Match": '"stale"', "If-Modified-Since": since}
    assert client.get("/es/", headers=stale).status_code == 200


def test_etags_are_compared_as_rfc_9110_says(client: FlaskClient) -> None:
    etag = client.get("/es/").headers["ETag"]
    opaque = etag.strip('"')
    for header, status in [
        (etag, 304), (f"W/{etag}", 304), (f'"x", {etag}', 304), ("*", 304),
        (f'"junk{opaque}junk"', 200), (opaque, 200), (f'"{opaque}junk"', 200),
    ]:  # fmt: skip
        assert client.get("/es/", headers={"If-None-Match": header}).status_code == status, header


def test_pages_are_sent_compressed_from_bytes_made_once(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    import brotli  # type: ignore[import-untyped]

    from app import views

    made = []
    original = views.compressed
    monkeypatch.setattr(views, "compressed", lambda body: made.append(1) or original(body))
    client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    plain = client.get("/es/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    etags = {plain.headers["ETag"]}
    for accept, coding, decode in [
        ("gzip", "gzip", gzip.decompress), ("gzip, deflate, br", "br", brotli.decompress),
    ]:  # fmt: skip
        for _ in range(3):
            response = client.get("/es/", headers={"Accept-Encoding": accept})
            assert response.headers["Content-Encoding"] == coding
            assert response.headers["Vary"] == "Accept-Encoding"
            assert int(response.headers["Content-Length"]) == len(response.data) < len(plain.data)
            assert decode(response.data) == plain.data
            etags.add(response.headers["ETag"])
    assert len(etags) == 3  # one per coding: the bytes differ
    assert made == [1]  # compressed once, when first rendered
    for path in ("/sitemap.xml", "/nope/", "/es/nope/"):
        assert (
            client.get(path, headers={"Accept-Encoding": "br"})
            .headers["Vary"]
            .startswith("Accept-Encoding")
        )


def test_the_sitemap_and_404_pages_are_rendered_once(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import views

    renders: list[str] = []
    sitemaps: list[int] = []
    render, files = views._render, views._sitemap_files
    monkeypatch.setattr(views, "_render", lambda *a: renders.append(a[3]) or render(*a))
    monkeypatch.setattr(views, "_sitemap_files", lambda *a: sitemaps.append(1) or files(*a))
    client = create_app({"GUIDE_ROOT": str(site_root)}).test_client()
    for _ in range(3):
        assert client.get("/sitemap.xml").status_code == 200
        assert client.get("/es/nope/").status_code == 404
        assert client.get("/es/other/").status_code == 404
        assert client.get("/robots.txt").status_code == 200
    assert sitemaps == [1]
    assert renders == ["404.html"]


def test_404_honours_the_language_cookie(client: FlaskClient) -> None:
    client.set_cookie("lang", "ar")
    response = client.get("/no/such/page/", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert attr(soup(response.data).html, "lang") == "ar"
    assert {"Accept-Language", "Cookie"} <= set(
        response.headers["Vary"].replace(" ", "").split(",")
    )
    in_path = client.get("/fr/nope/")  # the URL's language wins over the cookie
    assert attr(soup(in_path.data).html, "lang") == "fr"
    assert "Cookie" not in in_path.headers["Vary"]


def test_favicon_is_served_and_linked(client: FlaskClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/x-icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert icon.headers["Cache-Control"] == "public, max-age=86400"
    for path in ("/es/", "/ar/conditions/", "/es/handout/", "/es/nope/"):
        link = soup(client.get(path).data).find("link", rel="icon")
        linked = client.get(attr(link, "href"))
        assert (linked.status_code, linked.data) == (200, icon.data), path
        assert "immutable" in linked.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "code", "english"),
    [
        ("/es/", "es", "Dry needling targets myofascial trigger points (tight knots in muscles)"),
        ("/fr/conditions/", "fr", "Dry needling is commonly used to address a variety"),
        ("/en/", "en", "Dry needling targets myofascial trigger points (tight knots in muscles)"),
    ],
)
def test_meta_description_is_the_first_paragraph_in_the_page_language(
    client: FlaskClient, path: str, code: str, english: str
) -> None:
    meta = soup(client.get(path).data).find("meta", attrs={"name": "description"})
    content = attr(meta, "content")
    assert content.startswith(english if code == "en" else fake(code, english))
    assert "<" not in content


def test_head_requests_get_headers_only(client: FlaskClient) -> None:
    get = client.get("/es/")
    head = client.head("/es/")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
