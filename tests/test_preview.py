"""Translators' preview and pseudo-locales: traceable strings, live reload, no trace outside."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import NavigableString
from click.testing import CliRunner
from flask import Flask
from jinja2 import ChoiceLoader, DictLoader

from app import create_app
from app.cli import i18n
from app.po import read_po
from app.pseudo import accent, mirror

from .conftest import REPO
from .sitekit import attr, catalog_text, fake, make_site, soup

FUZZY = "Reduces Muscle Pain"
FUZZY_PREVIOUS = "Reduces Muscle Aches"
UNTRANSLATED = "Lower back pain or sciatica"


def es_catalog(**overrides: str) -> str:
    text = catalog_text("es", {UNTRANSLATED: "", **overrides}, fuzzy=[FUZZY])
    return text.replace(
        f'#, fuzzy\nmsgid "{FUZZY}"', f'#, fuzzy\n#| msgid "{FUZZY_PREVIOUS}"\nmsgid "{FUZZY}"'
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = make_site(tmp_path, {"es": ("draft", es_catalog())})
    (site / "locales" / "messages.pot").write_bytes(
        (REPO / "locales" / "messages.pot").read_bytes()
    )
    return site


def preview_app(root: Path) -> Flask:
    return create_app({"GUIDE_ROOT": str(root), "GUIDE_PREVIEW": True})


def line_of(path: Path, msgid: str) -> int:
    return next(e.line for e in read_po(path).entries if e.msgid == msgid)


def test_fuzzy_and_untranslated_are_traceable_in_preview(root: Path) -> None:
    po = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    client = preview_app(root).test_client()
    page = soup(client.get("/es/").data)
    main = page.find("main")
    assert main is not None
    fuzzy = main.find("mark", class_="i18n-fuzzy")
    assert fuzzy is not None
    assert fuzzy.get_text() == FUZZY
    assert attr(fuzzy, "data-where") == f"locales/es/LC_MESSAGES/messages.po:{line_of(po, FUZZY)}"
    assert attr(fuzzy, "data-previous") == FUZZY_PREVIOUS
    assert attr(fuzzy.parent, "lang") == "en"
    conditions = soup(client.get("/es/conditions/").data)
    untranslated = conditions.find("main").find("mark", class_="i18n-untranslated")  # type: ignore[union-attr]
    assert untranslated is not None
    assert untranslated.get_text() == UNTRANSLATED
    where = f"locales/es/LC_MESSAGES/messages.po:{line_of(po, UNTRANSLATED)}"
    assert attr(untranslated, "data-where") == where
    legend = page.find("aside", class_="preview-legend")
    assert legend is not None
    assert {m.get_text() for m in legend.find_all("mark")} == {
        "untranslated", "fuzzy", "not usable", "missing",
    }  # fmt: skip
    stylesheets = [attr(link, "href") for link in page.find_all("link", rel="stylesheet")]
    assert len(stylesheets) == 2
    assert client.get(stylesheets[1]).status_code == 200


def test_production_has_no_trace_of_the_preview(root: Path) -> None:
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    registry = root / "locales" / "locales.toml"
    registry.write_text(registry.read_text().replace('"draft"', '"published"'))
    client = create_app({"GUIDE_ROOT": str(root)}).test_client()
    response = client.get("/es/")
    page = soup(response.data)
    assert page.find("mark") is None
    assert page.find(attrs={"data-where": True}) is None
    assert page.find("aside") is None
    assert b"preview" not in response.data
    assert fake("es", FUZZY) not in page.get_text()
    assert len(page.find_all("link", rel="stylesheet")) == 1
    assert client.get("/en-XA/").status_code == 404
    assert not any(
        name.startswith("preview.") for name in client.application.extensions["guide"].assets
    )
    assert catalog.exists()


def test_edit_shows_on_reload_and_a_broken_save_keeps_the_last_good_catalog(root: Path) -> None:
    client = preview_app(root).test_client()
    po = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    assert fake("es", "Pain Relief") in client.get("/es/").get_data(as_text=True)

    po.write_text(es_catalog(**{"Pain Relief": "Alivio del dolor"}))
    _touch(po, 1)
    assert "Alivio del dolor" in client.get("/es/").get_data(as_text=True)

    po.write_text(po.read_text().replace('msgstr "Alivio del dolor"', 'msgstr "Alivio del dolor'))
    _touch(po, 2)
    response = client.get("/es/")
    assert response.status_code == 200
    page = soup(response.data)
    error = page.find(class_="preview-error")
    assert error is not None
    line = next(i for i, text in enumerate(po.read_text().splitlines(), 1) if "Alivio" in text)
    assert f"locales/es/LC_MESSAGES/messages.po:{line}: unterminated string" in error.get_text()
    assert "Alivio del dolor" in page.get_text()  # the last good version is still served


def _touch(path: Path, seconds: int) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + seconds))


# -- pseudo-locales ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Relief from pain", "[Ŕéļîéƒ ƒŕöɱ þåîñ ····]"),
        ("Page last reviewed: %(date)s", "[Þåĝé ļåšţ ŕéṽîéŵéð: %(date)s ·········]"),
        ("See [it](https://example.org/a)", "[Šéé [îţ](https://example.org/a) ··········]"),
        ("", ""),
    ],
)
def test_accent_keeps_placeholders_and_links(source: str, expected: str) -> None:
    assert accent(source) == expected


def test_accent_makes_text_about_forty_percent_longer() -> None:
    text = "Dry needling is commonly used to address a variety of conditions, including:"
    assert 1.35 <= len(accent(text)) / len(text) <= 1.5


def test_mirror_writes_each_word_right_to_left() -> None:
    assert mirror("Pain %(num)s") == "\u200f\u202ePain\u202c\u200f %(num)s"


def _unpseudo_text(html: bytes) -> list[str]:
    """Visible text on a pseudo page that is not pseudo-localized (brand and switcher allowed)."""
    page = soup(html)
    for hidden in page.find_all(["title", "head", "nav"]):
        hidden.decompose()
    for tool in page.find_all(attrs={"data-preview": True}):
        tool.decompose()
    left = []
    for node in page.find_all(string=True):
        if type(node) is not NavigableString or not node.strip():
            continue
        text = node.strip()
        if not re.search(r"[åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž]", text, re.IGNORECASE) and text not in "[]":
            left.append(text)
    return left


def test_en_xa_page_is_fully_pseudo_localized(root: Path) -> None:
    client = preview_app(root).test_client()
    for path in ("/en-XA/", "/en-XA/conditions/"):
        response = client.get(path)
        assert response.status_code == 200
        assert _unpseudo_text(response.data) == []
    rtl = soup(client.get("/ar-XB/").data)
    assert (attr(rtl.html, "lang"), attr(rtl.html, "dir")) == ("ar-XB", "rtl")


def test_hard_coded_english_shows_unaccented_on_en_xa(root: Path) -> None:
    app = preview_app(root)
    page_html = (REPO / "app" / "templates" / "page.html").read_text()
    broken = page_html.replace("<article>", "<article><p>Call us to book a session.</p>", 1)
    app.jinja_loader = ChoiceLoader([DictLoader({"page.html": broken}), app.jinja_loader])  # type: ignore[list-item]
    assert _unpseudo_text(app.test_client().get("/en-XA/").data) == ["Call us to book a session."]


def test_pseudo_command_writes_valid_catalogs(root: Path) -> None:
    result = CliRunner().invoke(i18n, ["--root", str(root), "pseudo"])
    assert result.exit_code == 0, result.output
    po = read_po(root / "locales" / "en_XA" / "LC_MESSAGES" / "messages.po")
    assert po.headers["Language"] == "en_XA"
    assert not po.header or not po.header.fuzzy
    by_id = {e.msgid: e for e in po.entries}
    assert by_id["Pain Relief"].msgstr == accent("Pain Relief")
    assert by_id["%(num)s benefit"].msgstr_plural == [
        accent("%(num)s benefit"), accent("%(num)s benefits"),
    ]  # fmt: skip
    again = (root / "locales" / "en_XA" / "LC_MESSAGES" / "messages.po").read_bytes()
    CliRunner().invoke(i18n, ["--root", str(root), "pseudo"])
    assert (root / "locales" / "en_XA" / "LC_MESSAGES" / "messages.po").read_bytes() == again
