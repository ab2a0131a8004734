"""The browser gate: the real site in headless Chromium, every published locale × every page.

Accessibility (axe-core, WCAG 2.2 AA), layout at phone and desktop width (no sideways
scrolling, right-to-left pages mirrored), language markup, no hard-coded English
(the en-XA pseudo-locale), keyboard use and print. Phone-width screenshots of a few
locales go to ``artifacts/screenshots/``. The last tests break the site on purpose
and check that the gate notices. Deselect with ``-m "not browser"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from jinja2 import ChoiceLoader, DictLoader

from app import create_app
from app.content import Page as ContentPage
from app.content import load_content
from app.locales import LocaleInfo, load_registry

from .browser import (
    PHONE,
    axe_violations,
    doubled_full_stops,
    english_fallbacks,
    english_sentences,
    focus_problems,
    focused,
    interface_messages,
    mirroring_problems,
    overflowing_elements,
    plain,
    print_problems,
    screenshot,
    serve,
    unmarked_english,
    unpseudolocalized_text,
)
from .conftest import REPO
from .sitekit import catalog_text, make_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

LOCALES = load_registry(REPO / "locales" / "locales.toml").published()
PAGES = load_content(REPO / "content", REPO).pages
CASES = [pytest.param(loc, pg, id=f"{loc.tag}-{pg.id}") for loc in LOCALES for pg in PAGES]
VIEWPORTS = ["phone", "desktop"]
SCREENSHOT_LOCALES = ("ar", "zh-Hans", "ru")  # and en-XA, below: scripts a person should see
PSEUDO = [pytest.param(tag, pg, id=f"{tag}-{pg.id}") for tag in ("en-XA", "ar-XB") for pg in PAGES]


def path(tag: str, found: ContentPage) -> str:
    """The URL path of a page in a locale: the first page is the locale's home."""
    return f"/{tag}/" if found is PAGES[0] else f"/{tag}/{found.id}/"


@pytest.fixture(params=VIEWPORTS)
def viewport(request: pytest.FixtureRequest) -> Page:
    """The shared phone page, then the shared desktop page."""
    shown: Page = request.getfixturevalue(request.param)
    return shown


def test_the_gate_covers_every_published_locale_and_page(live_app: Flask) -> None:
    site = live_app.extensions["guide"]
    assert [loc.tag for loc in site.published()] == [loc.tag for loc in LOCALES]
    assert [found.id for found in site.content.pages] == [found.id for found in PAGES]
    assert len(LOCALES) == 16


@pytest.mark.parametrize(("locale", "found"), CASES)
def test_accessibility(
    viewport: Page, live_url: str, locale: LocaleInfo, found: ContentPage
) -> None:
    viewport.goto(live_url + path(locale.tag, found))
    assert axe_violations(viewport) == []


@pytest.mark.parametrize(("locale", "found"), CASES)
def test_layout(viewport: Page, live_url: str, locale: LocaleInfo, found: ContentPage) -> None:
    viewport.goto(live_url + path(locale.tag, found))
    if viewport.viewport_size == PHONE and locale.tag in SCREENSHOT_LOCALES:
        screenshot(viewport, f"{locale.tag}-{found.id}")
    assert overflowing_elements(viewport) == []
    assert mirroring_problems(viewport, locale.direction) == []


@pytest.mark.parametrize(("locale", "found"), CASES)
def test_language(phone: Page, live_url: str, locale: LocaleInfo, found: ContentPage) -> None:
    phone.goto(live_url + path(locale.tag, found))
    html = phone.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (locale.tag, locale.direction)
    assert html.evaluate("(el) => getComputedStyle(el).direction") == locale.direction
    assert doubled_full_stops(phone) == []
    content = english_sentences(plain(block.text) for block in found.messages)
    if locale.tag == "en":  # the check sees every sentence where they are meant to be seen
        assert unmarked_english(phone, content) == content
        return
    # Every published locale is complete (CI checks the catalogs): no English at all.
    assert english_fallbacks(phone) == []
    assert phone.locator(".notice").count() == 0
    assert unmarked_english(phone, [*content, *english_sentences(interface_messages())]) == []


@pytest.mark.parametrize(("locale", "found"), CASES)
def test_keyboard(phone: Page, live_url: str, locale: LocaleInfo, found: ContentPage) -> None:
    url = live_url + path(locale.tag, found)
    phone.goto(url)
    phone.keyboard.press("Tab")
    assert focused(phone) == "a.skip #main"
    assert focus_problems(phone) == []
    assert overflowing_elements(phone) == []  # the focused skip link is on screen
    phone.keyboard.press("Enter")
    phone.wait_for_url(url + "#main", timeout=5000)
    assert focused(phone) == "main#main.wrap"
    assert abs(phone.locator("main").bounding_box()["y"]) <= 1  # type: ignore[index]

    # Tab past the skip link and the site name into the switcher, to the next language.
    target = LOCALES[(LOCALES.index(locale) + 1) % len(LOCALES)]
    phone.goto(url)
    for _ in range(3):
        phone.keyboard.press("Tab")
    assert focused(phone).startswith("nav.languages > ul > li > a ")
    for _ in range(len(LOCALES)):
        if phone.evaluate("document.activeElement.lang") == target.tag:
            break
        assert focus_problems(phone) == []
        phone.keyboard.press("Tab")
    assert focus_problems(phone) == []
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url == live_url + path(target.tag, found)
    assert phone.locator("html").get_attribute("lang") == target.tag


@pytest.mark.parametrize(("locale", "found"), CASES)
def test_print(desktop: Page, live_url: str, locale: LocaleInfo, found: ContentPage) -> None:
    desktop.goto(live_url + path(locale.tag, found))
    assert print_problems(desktop) == []


@pytest.mark.parametrize("locale", LOCALES, ids=[loc.tag for loc in LOCALES])
def test_not_found_page(phone: Page, live_url: str, locale: LocaleInfo) -> None:
    response = phone.goto(f"{live_url}/{locale.tag}/no-such-page/")
    assert response is not None
    assert response.status == 404
    assert phone.locator("html").get_attribute("lang") == locale.tag
    assert axe_violations(phone) == []
    assert overflowing_elements(phone) == []


# -- pseudo-locales (preview) ----------------------------------------------------------


@pytest.mark.parametrize(("tag", "found"), PSEUDO)
def test_pseudo_locale_layout(
    viewport: Page, preview_url: str, tag: str, found: ContentPage
) -> None:
    """en-XA is ~40% longer than English, ar-XB is English right to left: both must fit."""
    viewport.goto(preview_url + path(tag, found))
    if viewport.viewport_size == PHONE and tag == "en-XA":
        screenshot(viewport, f"{tag}-{found.id}")
    assert overflowing_elements(viewport) == []
    assert mirroring_problems(viewport, "rtl" if tag == "ar-XB" else "ltr") == []
    assert axe_violations(viewport) == []


@pytest.mark.parametrize("found", PAGES, ids=[p.id for p in PAGES])
def test_en_xa_shows_no_hard_coded_text(phone: Page, preview_url: str, found: ContentPage) -> None:
    phone.goto(preview_url + path("en-XA", found))
    assert unpseudolocalized_text(phone) == []


# -- the gate fails on a broken site ---------------------------------------------------


@pytest.fixture
def fresh(browser: Browser) -> Iterator[Page]:
    """A page of its own at phone width, for a test that breaks things."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def with_template(app: Flask, name: str, change: Callable[[str], str]) -> Flask:
    """``app`` rendering a changed copy of one of the site's templates."""
    source = (REPO / "app" / "templates" / name).read_text()
    app.jinja_loader = ChoiceLoader([DictLoader({name: change(source)}), app.jinja_loader])  # type: ignore[list-item]
    return app


def add_css(page: Page, rule: str) -> None:
    """Serve the site's stylesheet with ``rule`` appended (as a careless edit would)."""
    page.route(
        "**/assets/style.*.css",
        lambda route: route.fulfill(response=(r := route.fetch()), body=r.text() + rule),
    )


@pytest.mark.parametrize(
    ("rule", "check", "expected"),
    [
        (".banner { margin-left: 400px }", overflowing_elements, "header.banner"),
        (".toc .count { margin-left: 400px }", overflowing_elements, "span.count"),
        (
            "main ul { padding-inline-start: 0; padding-left: 1.5rem }",
            lambda page: mirroring_problems(page, "rtl"),
            "has no room for its bullet on the right",
        ),
        (
            ".banner ul { flex-direction: row-reverse }",
            lambda page: mirroring_problems(page, "rtl"),
            "off the right edge",
        ),
        ("h1 { text-align: left }", lambda page: mirroring_problems(page, "rtl"), "h1's text"),
        (
            "@media print { .banner nav { display: block } }",
            print_problems,
            "nav printed",
        ),
    ],
    ids=["margin-left", "inline-margin-left", "padding-left", "row-reverse", "text-align", "print"],
)
def test_gate_finds_broken_css_in_rtl(
    fresh: Page, live_url: str, rule: str, check: Callable[[Page], list[str]], expected: str
) -> None:
    fresh.goto(live_url + "/ar/")
    assert check(fresh) == []
    add_css(fresh, rule)
    fresh.reload()
    findings = check(fresh)
    assert any(expected in finding for finding in findings), findings


def test_gate_finds_a_focus_indicator_removed(fresh: Page, live_url: str) -> None:
    add_css(fresh, ":focus-visible { outline: none }")
    fresh.goto(live_url + "/fa/")
    fresh.keyboard.press("Tab")
    assert focus_problems(fresh) == ["a.skip has the focus but no visible focus indicator"]


def test_gate_finds_an_image_without_alt(fresh: Page) -> None:
    app = with_template(
        create_app({"GUIDE_ROOT": str(REPO)}),
        "page.html",
        lambda html: html.replace("<h1>{{ title }}</h1>", '<h1>{{ title }}</h1><img src="/x.png">'),
    )
    with serve(app) as url:
        fresh.goto(url + "/de/")
        findings = axe_violations(fresh)
    assert [finding.split(":")[0] for finding in findings] == ["image-alt"], findings


def test_gate_finds_hard_coded_english_on_en_xa(fresh: Page) -> None:
    app = with_template(
        create_app({"GUIDE_ROOT": str(REPO), "GUIDE_PREVIEW": True}),
        "page.html",
        lambda html: html.replace("<article>", "<article><p>Call us to book a session.</p>", 1),
    )
    with serve(app) as url:
        fresh.goto(url + "/en-XA/conditions/")
        assert unpseudolocalized_text(fresh) == ["Call us to book a session."]


UNTRANSLATED = "Lower back pain or sciatica"


@pytest.fixture
def incomplete_es(tmp_path: Path) -> Path:
    """A site whose Spanish is published with one sentence untranslated."""
    return make_site(tmp_path, {"es": ("published", catalog_text("es", {UNTRANSLATED: ""}))})


def test_gate_finds_english_not_marked_as_english(
    fresh: Page, incomplete_es: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(create_app({"GUIDE_ROOT": str(incomplete_es)})) as url:
        fresh.goto(url + "/es/conditions/")
        assert english_fallbacks(fresh) == [UNTRANSLATED]  # marked lang="en", so accepted
        assert unmarked_english(fresh, [UNTRANSLATED]) == []
    monkeypatch.setattr("app.rendering.english", lambda html: html)  # forget the lang="en"
    with serve(create_app({"GUIDE_ROOT": str(incomplete_es)})) as url:
        fresh.goto(url + "/es/conditions/")
        assert english_fallbacks(fresh) == []
        assert unmarked_english(fresh, [UNTRANSLATED]) == [UNTRANSLATED]


# -- the bilingual handout (/<lang>/handout/) -----------------------------------------

# The printable width of each paper at the handout's margins (14 mm each side), in CSS px.
PAPERS = {"A4": (210 - 28) / 25.4 * 96, "Letter": (215.9 - 28) / 25.4 * 96}
HANDOUTS = [pytest.param(loc, id=loc.tag) for loc in LOCALES]


@pytest.fixture(scope="session")
def handout_url() -> Iterator[str]:
    """The real site with a public address, so handouts print it and its QR code."""
    app = create_app({"GUIDE_ROOT": str(REPO), "GUIDE_BASE_URL": "https://guide.example.org"})
    with serve(app) as url:
        yield url


def reading_order_problems(page: Page, direction: str) -> list[str]:
    """Pairs whose reader's column is not on its start side (right in rtl) of the English."""
    boxes: list[list[float]] = page.locator(".bilingual .pair").evaluate_all(
        """(pairs) => pairs.map((pair) => [
               pair.querySelector(":scope > .reader").getBoundingClientRect().x,
               pair.querySelector(":scope > .english").getBoundingClientRect().x])"""
    )
    rtl = direction == "rtl"
    wrong = [pair for pair in boxes if (pair[0] > pair[1]) != rtl]
    return [f"{len(wrong)} of {len(boxes)} pairs in the wrong order"] if wrong else []


@pytest.mark.parametrize("locale", HANDOUTS)
def test_handout_accessibility_and_layout(
    viewport: Page, handout_url: str, locale: LocaleInfo
) -> None:
    viewport.goto(f"{handout_url}/{locale.tag}/handout/")
    assert axe_violations(viewport) == []
    assert overflowing_elements(viewport) == []
    html = viewport.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (locale.tag, locale.direction)
    if viewport.viewport_size == PHONE:  # paired paragraphs, one above the other
        if locale.tag in SCREENSHOT_LOCALES:
            screenshot(viewport, f"{locale.tag}-handout")
    elif locale.tag != "en":  # two columns, the reader's first in its direction
        assert reading_order_problems(viewport, locale.direction) == []


@pytest.fixture(scope="session")
def paper_pages(browser: Browser) -> Iterator[dict[str, Page]]:
    """A page per paper, as wide as its printable area, in print media."""
    contexts = {
        paper: browser.new_context(viewport={"width": int(width), "height": 1000})
        for paper, width in PAPERS.items()
    }
    pages = {paper: context.new_page() for paper, context in contexts.items()}
    for page in pages.values():
        page.emulate_media(media="print")
    yield pages
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("locale", HANDOUTS)
def test_handout_fits_the_paper_in_print(
    paper_pages: dict[str, Page], handout_url: str, locale: LocaleInfo, paper: str
) -> None:
    """At the printable width of A4 and US Letter, in print media: nothing clipped."""
    page = paper_pages[paper]
    page.goto(f"{handout_url}/{locale.tag}/handout/")
    assert overflowing_elements(page) == []
    if locale.tag != "en":
        assert reading_order_problems(page, locale.direction) == []


def test_gate_finds_a_handout_column_order_not_mirrored(fresh: Page, handout_url: str) -> None:
    fresh.set_viewport_size({"width": 1280, "height": 800})
    fresh.goto(f"{handout_url}/ar/handout/")
    assert reading_order_problems(fresh, "rtl") == []
    add_handout_css(fresh, ".bilingual .pair { direction: ltr }")
    fresh.goto(f"{handout_url}/ar/handout/")
    assert reading_order_problems(fresh, "rtl") != []


def test_gate_finds_clipped_text_in_a_printed_handout(fresh: Page, handout_url: str) -> None:
    fresh.set_viewport_size({"width": int(PAPERS["A4"]), "height": 1000})
    fresh.emulate_media(media="print")
    fresh.goto(f"{handout_url}/de/handout/")
    assert overflowing_elements(fresh) == []
    add_handout_css(fresh, ".bilingual .pair { table-layout: auto; inline-size: 60rem }")
    fresh.goto(f"{handout_url}/de/handout/")
    assert overflowing_elements(fresh) != []


def add_handout_css(page: Page, rule: str) -> None:
    """Serve the handout's stylesheet with ``rule`` appended."""
    page.route(
        "**/assets/handout.*.css",
        lambda route: route.fulfill(response=(r := route.fetch()), body=r.text() + rule),
    )
