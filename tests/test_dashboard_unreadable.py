"""A catalog nobody could read is "unreadable" on the dashboard and its badge, never 100%."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app

from .conftest import REPO
from .sitekit import attr, catalog_text, make_site, soup, text


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    broken = catalog_text("fr") + '\nmsgid "Cut here\n'  # an unterminated string
    site = make_site(
        tmp_path / "project",
        {"fr": ("published", broken), "es": ("published", catalog_text("es"))},
    )
    (site / "locales" / "messages.pot").write_bytes(
        (REPO / "locales" / "messages.pot").read_bytes()
    )
    return create_app({"GUIDE_ROOT": str(site), "GUIDE_PREVIEW": True}).test_client()


def _rows(client: FlaskClient) -> dict[str, list[str]]:
    page = soup(client.get("/translate/").data)
    rows = {}
    for row in page.find("table").find_all("tr")[1:]:  # type: ignore[union-attr]
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        rows[attr(row.find("span"), "lang")] = cells
    return rows


def test_the_dashboard_row_says_unreadable_not_a_percentage(client: FlaskClient) -> None:
    rows = _rows(client)
    # (the cell's text starts with the titles of the bar's parts)
    assert rows["fr"][2].endswith(" unreadable")
    assert "%" not in rows["fr"][2]
    assert rows["fr"][3:6] == ["–", "–", "–"]  # no made-up counts
    assert rows["es"][2].endswith(" 100%")
    page = soup(client.get("/translate/").data)
    bars = {attr(bar, "aria-label") for bar in page.find_all("svg", class_="bar")}
    assert "unreadable: the catalog could not be read or parsed" in bars
    alts = {attr(img, "alt") for img in page.find_all("img")}
    assert "fr: unreadable" in alts
    assert "fr: 100%" not in alts


def test_the_locale_page_and_the_badge_say_unreadable(client: FlaskClient) -> None:
    page = soup(client.get("/translate/fr/").data)
    summary = text(page.find("main").find("p", recursive=False).find_next("p"))  # type: ignore[union-attr]
    assert " unreadable: the catalog could not be read or parsed; " in summary
    assert "%" not in summary
    badge = ET.fromstring(client.get("/translate/badge/fr.svg").data)
    assert badge.get("aria-label") == "fr: unreadable"
    good = ET.fromstring(client.get("/translate/badge/es.svg").data)
    assert good.get("aria-label") == "es: 100%"
