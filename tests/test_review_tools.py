"""The reviewers' side of the site: the review page (preview only), review counts and
badges on the dashboard, the questions page, and the footer date of a reviewed page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.catalogs import serialize_po
from app.locales import load_registry
from app.po import read_po
from app.project import Project
from app.workflow import record_reviews, review_state

from .conftest import REPO
from .sitekit import attr, catalog_text, fake, make_site, soup, text

TRANSLATOR = '"Last-Translator: Ana Traductora <ana@example.org>\\n"'
REVIEWER = "Ben Revisor <ben@example.org>"
QUESTION = 'Does "address" mean treat, or only help with?'
ASKED = "Dry needling is commonly used to address a variety of conditions, including:"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = make_site(
        tmp_path / "project",
        {
            "es": ("published", catalog_text("es", header_extra=TRANSLATOR)),
            "fr": ("published", catalog_text("fr", header_extra=TRANSLATOR)),
        },
    )
    (site / "locales" / "messages.pot").write_bytes(
        (REPO / "locales" / "messages.pot").read_bytes()
    )
    return site


def catalog(root: Path, code: str = "es") -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "messages.po"


def review_everything(root: Path, code: str = "es") -> None:
    project = Project(root)
    locale = next(loc for loc in load_registry(project.registry).locales if loc.code == code)
    when = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    record_reviews(review_state(project, locale), REVIEWER, None, now=when)


def retranslate(root: Path, msgid: str, msgstr: str, code: str = "es") -> None:
    po = read_po(catalog(root, code))
    (entry,) = [e for e in po.entries if e.msgid == msgid]
    entry.msgstr = msgstr
    catalog(root, code).write_bytes(serialize_po(po))


def preview(root: Path) -> FlaskClient:
    return create_app({"GUIDE_ROOT": str(root), "GUIDE_PREVIEW": True}).test_client()


def production(root: Path) -> Flask:
    return create_app({"GUIDE_ROOT": str(root), "GUIDE_BASE_URL": "https://guide.example.org"})


# -- the footer date -----------------------------------------------------------------------


def test_a_page_dates_its_translation_only_when_every_message_on_it_is_reviewed(
    root: Path,
) -> None:
    client = production(root).test_client()
    assert soup(client.get("/es/").data).find("p", class_="reviewed") is None  # no record yet

    review_everything(root)
    client = production(root).test_client()
    footer = soup(client.get("/es/").data).find("footer")
    assert footer is not None
    reviewed = footer.find("p", class_="reviewed")
    assert text(reviewed) == fake("es", "Translation last reviewed: 2 de diciembre de 2026")
    for url in ("/fr/", "/en/"):  # French has no review; English is the source
        assert soup(client.get(url).data).find("p", class_="reviewed") is None

    # A translation on the conditions page changes: that page loses its date, the other keeps it.
    retranslate(root, ASKED, "Sesiones cortas.")
    client = production(root).test_client()
    assert soup(client.get("/es/conditions/").data).find("p", class_="reviewed") is None
    assert soup(client.get("/es/").data).find("p", class_="reviewed") is not None


# -- the review page -----------------------------------------------------------------------


def form_of(client: FlaskClient, tag: str = "es") -> tuple[str, dict[str, str]]:
    """The review page's token, and the button value of each message by its English."""
    page = soup(client.get(f"/translate/{tag}/review/").data)
    token = attr(page.find("input", attrs={"name": "token"}), "value")
    buttons = {}
    for row in page.find_all("tr")[1:]:
        english = text(row.find("td")).strip()
        buttons[english] = attr(row.find("button"), "value")
    return token, buttons


def record_lines(root: Path, code: str = "es") -> list[str]:
    path = root / "locales" / "reviews" / f"{code}.jsonl"
    return path.read_text().splitlines() if path.exists() else []


def test_the_review_page_shows_english_beside_the_translation(root: Path) -> None:
    response = preview(root).get("/translate/es/review/")
    assert response.status_code == 200
    assert "form-action 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    page = soup(response.data)
    rows = page.find_all("tr")[1:]
    assert len(rows) == len(read_po(catalog(root)).entries)
    english, translation = rows[0].find_all("td")[:2]
    assert (attr(english, "lang"), attr(translation, "lang")) == ("en", "es")
    assert text(translation).strip() == fake("es", text(english).strip())
    assert "unreviewed" in text(rows[0])


def test_one_action_records_one_review_of_what_was_shown(root: Path) -> None:
    client = preview(root)
    token, buttons = form_of(client)
    response = client.post(
        "/translate/es/review/",
        data={"token": token, "reviewer": REVIEWER, "message": buttons["Pain Relief"]},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"./#m-{buttons['Pain Relief']}"
    (line,) = record_lines(root)
    assert '"msgid": "Pain Relief"' in line
    assert f'"reviewer": "{REVIEWER}"' in line
    row = soup(client.get("/translate/es/review/").data).find(id=f"m-{buttons['Pain Relief']}")
    assert "reviewed by Ben Revisor" in text(row)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
    ],
)
def test_a_cross_site_post_records_nothing(root: Path, headers: dict[str, str]) -> None:
    client = preview(root)
    token, buttons = form_of(client)
    data = {"token": token, "reviewer": REVIEWER, "message": buttons["Pain Relief"]}
    assert client.post("/translate/es/review/", data=data, headers=headers).status_code == 403
    assert record_lines(root) == []


def test_a_post_without_this_pages_token_records_nothing(root: Path) -> None:
    client = preview(root)
    token, buttons = form_of(client)
    fr_token, _ = form_of(client, "fr")
    for wrong in ("", "0" * len(token), fr_token):
        data = {"token": wrong, "reviewer": REVIEWER, "message": buttons["Pain Relief"]}
        assert client.post("/translate/es/review/", data=data).status_code == 403
    assert record_lines(root) == []


def test_a_translation_changed_since_the_page_was_shown_is_not_recorded(root: Path) -> None:
    client = preview(root)
    token, buttons = form_of(client)
    retranslate(root, "Pain Relief", "Alivio del dolor")
    data = {"token": token, "reviewer": REVIEWER, "message": buttons["Pain Relief"]}
    response = client.post("/translate/es/review/", data=data)
    assert response.status_code == 409
    assert "changed (or was removed) after the page was shown" in text(
        soup(response.data).find(role="alert")
    )
    assert record_lines(root) == []


def test_the_translator_cannot_record_a_review(root: Path) -> None:
    client = preview(root)
    token, buttons = form_of(client)
    data = {"token": token, "reviewer": "Ana Traductora", "message": buttons["Pain Relief"]}
    response = client.post("/translate/es/review/", data=data)
    assert response.status_code == 400
    assert "Last-Translator" in text(soup(response.data).find(role="alert"))
    assert record_lines(root) == []


def test_no_reviewer_tool_outside_preview(root: Path) -> None:
    client = production(root).test_client()
    assert client.get("/translate/es/review/").status_code == 404
    assert client.post("/translate/es/review/", data={"message": "x"}).status_code in (404, 405)
    assert client.get("/translate/questions/").status_code == 404
    assert b"i18n-question" not in client.get("/en/conditions/").data


# -- dashboard: review counts, badges, questions -------------------------------------------


def test_the_dashboard_counts_reviewed_stale_and_unreviewed(root: Path) -> None:
    review_everything(root)
    retranslate(root, "Pain Relief", "Alivio del dolor")
    client = preview(root)
    page = soup(client.get("/translate/").data)
    header = [text(th) for th in page.find("thead").find_all("th")]  # type: ignore[union-attr]
    rows = {
        attr(row.find("span"), "lang"): [
            c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])
        ]
        for row in page.find("table").find_all("tr")[1:]  # type: ignore[union-attr]
    }
    total = len(read_po(catalog(root)).entries)
    at = header.index("Reviewed")
    assert rows["es"][at : at + 3] == [str(total - 1), "1", "0"]
    assert rows["fr"][at : at + 3] == ["0", "0", str(total)]
    badge = client.get("/translate/badge/review/es.svg")
    assert badge.mimetype == "image/svg+xml"
    assert f"es review: {total - 1}/{total} reviewed" in badge.get_data(as_text=True)


def test_questions_page_groups_by_message_and_links_from_the_english_page(root: Path) -> None:
    for code, question in (("es", QUESTION), ("fr", QUESTION), ("fr", "Which sessions?")):
        po = read_po(catalog(root, code))
        (entry,) = [e for e in po.entries if e.msgid == ASKED]
        entry.comments.append(f"source-issue: {question}")
        catalog(root, code).write_bytes(serialize_po(po))
    client = preview(root)

    english = soup(client.get("/en/conditions/").data)
    link = english.find("a", class_="i18n-question")
    assert text(link) == "Question from translators (2 languages)"
    path, anchor = attr(link, "href").split("#")
    assert path == "/translate/questions/"
    questions = soup(client.get(path).data)
    section = questions.find("section", id=anchor)
    assert section is not None
    assert text(section.find("h2")) == ASKED
    items = [li.get_text(" ", strip=True) for li in section.find("ul").find_all("li")]  # type: ignore[union-attr]
    assert items == [f"{QUESTION} (es, fr)", "Which sessions? (fr)"]  # most asked first
    assert "raised in 2 language(s): es, fr" in text(section)
    # The translated pages never show it, even in preview.
    assert soup(client.get("/es/conditions/").data).find("a", class_="i18n-question") is None
