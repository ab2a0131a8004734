"""The translation dashboard: the checker's numbers, every string that needs work, badges."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from app import create_app
from app.cli import i18n
from app.po import read_po

from .conftest import REPO
from .sitekit import attr, catalog_text, make_site, soup, text

FUZZY = "Reduces Muscle Pain"
UNTRANSLATED = "Lower back pain or sciatica"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = make_site(
        tmp_path / "project",
        {
            "es": ("draft", catalog_text("es", {UNTRANSLATED: ""}, fuzzy=[FUZZY])),
            "fr": ("published", catalog_text("fr")),
        },
    )
    (site / "locales" / "messages.pot").write_bytes(
        (REPO / "locales" / "messages.pot").read_bytes()
    )
    return site


@pytest.fixture
def client(root: Path) -> FlaskClient:
    return create_app({"GUIDE_ROOT": str(root), "GUIDE_PREVIEW": True}).test_client()


def checker_json(root: Path) -> dict[str, object]:
    result = CliRunner().invoke(i18n, ["--root", str(root), "check", "--format", "json"])
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_rows_show_the_checkers_numbers(client: FlaskClient, root: Path) -> None:
    page = soup(client.get("/translate/").data)
    rows = {}
    for row in page.find("table").find_all("tr")[1:]:  # type: ignore[union-attr]
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        rows[attr(row.find("span"), "lang")] = cells
    locales = {loc["locale"]: loc for loc in checker_json(root)["locales"]}  # type: ignore[attr-defined]
    for tag, code in (("es", "es"), ("fr", "fr")):
        stats = locales[code]["stats"]
        cells = rows[tag]
        assert cells[1] == locales[code]["status"]
        assert cells[3:8] == [
            str(stats["translated"]), str(stats["fuzzy"]), str(stats["untranslated"]),
            str(locales[code]["errors"]), str(locales[code]["warnings"]),
        ]  # fmt: skip
    translated = len(read_po(REPO / "locales" / "messages.pot").entries) - 2
    assert rows["es"][3:6] == [str(translated), "1", "1"]  # the fuzzy one is not translated
    bar = page.find("svg", class_="bar")
    assert bar is not None
    assert attr(bar, "aria-label") == f"{translated} translated, 1 fuzzy, 1 untranslated"


def test_locale_page_lists_each_string_with_source_and_catalog_line(
    client: FlaskClient, root: Path
) -> None:
    page = soup(client.get("/translate/es/").data)
    groups = {text(section.h2): section for section in page.find_all("section")}
    assert list(groups) == ["Dry Needling Benefits", "Targeted Treatment for Specific Conditions"]
    po = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    lines = {e.msgid: e.line for e in read_po(po).entries}
    fuzzy_row = next(
        r for r in groups["Dry Needling Benefits"].find_all("tr") if FUZZY in r.get_text()
    )
    cells = [c.get_text(" ", strip=True) for c in fuzzy_row.find_all("td")]
    assert cells[0] == "warning [fuzzy]"
    assert cells[3] == "content/benefits.md:17"
    assert cells[4] == f"locales/es/LC_MESSAGES/messages.po:{lines[FUZZY]}"
    conditions = groups["Targeted Treatment for Specific Conditions"].get_text()
    assert UNTRANSLATED in conditions
    assert f"messages.po:{lines[UNTRANSLATED]}" in conditions


def test_badges(client: FlaskClient) -> None:
    response = client.get("/translate/badge/fr.svg")
    assert response.mimetype == "image/svg+xml"
    svg = ET.fromstring(response.data)
    assert svg.get("aria-label") == "fr: 100%"
    assert ET.fromstring(client.get("/translate/badge/es.svg").data).get("aria-label") == "es: 97%"


@pytest.mark.parametrize("path", ["/translate/xx/", "/translate/badge/xx.svg", "/translate/en-XA/"])
def test_unknown_locale_is_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_not_served_outside_preview(root: Path) -> None:
    production = create_app({"GUIDE_ROOT": str(root)}).test_client()
    assert production.get("/translate/").status_code == 404
    assert production.get("/translate/badge/fr.svg").status_code == 404


def test_static_export(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "dashboard"
    result = CliRunner().invoke(i18n, ["--root", str(root), "dashboard", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"index.html", "dashboard.css", "es/index.html", "badge/es.svg", "badge/fr.svg"} <= names
    index = soup((out / "index.html").read_bytes())
    for link in index.find_all("a"):
        assert (out / attr(link, "href") / "index.html").is_file()
    assert (out / attr(index.find("link", rel="stylesheet"), "href")).is_file()
