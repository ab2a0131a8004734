"""The bilingual handout: the page (parsed HTML) and its PDF (read back with poppler and pypdf).

The PDF tests print every published language of the repository, once per session,
and compare the text read back from each column with the catalogs; they need
WeasyPrint's system libraries and poppler-utils, and skip without them (CI=true:
fail). The HTML tests run anywhere.
"""

from __future__ import annotations

import builtins
import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import segno
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from flask import Flask

from app import create_app
from app.cli import i18n
from app.content import Block
from app.freeze import collect, print_handout
from app.handout import qr_svg
from app.locales import LocaleInfo, load_registry
from app.pdf import PdfEngineMissingError, PdfError, face_for, render_pdf
from app.rendering import render_inline

from .conftest import REPO
from .sitekit import attr, catalog_text, fake, make_site, soup, text

BASE = "https://guide.example.org"
UNTRANSLATED = "Lower back pain or sciatica"
PUBLISHED = load_registry(REPO / "locales" / "locales.toml").published()
POPPLER = ("pdftotext", "pdffonts", "pdfinfo")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """es and ar complete (fake translations), fr with one message untranslated."""
    return make_site(
        tmp_path / "project",
        {
            "es": ("published", catalog_text("es")),
            "ar": ("published", catalog_text("ar")),
            "fr": ("published", catalog_text("fr", {UNTRANSLATED: ""})),
        },
    )


@pytest.fixture
def app(root: Path) -> Flask:
    return create_app({"TESTING": True, "GUIDE_ROOT": str(root), "GUIDE_BASE_URL": BASE})


def handout(app: Flask, tag: str) -> BeautifulSoup:
    response = app.test_client().get(f"/{tag}/handout/")
    assert response.status_code == 200
    return soup(response.data)


def cells(page: BeautifulSoup, side: str) -> list[Tag]:
    return [cell for cell in page.select(f".pair > .{side}") if not cell.find_parent(class_="meta")]


def plain(markdown: str) -> str:
    return " ".join(BeautifulSoup(render_inline(markdown), "html.parser").get_text().split())


def blocks(app: Flask) -> list[Block]:
    return [block for page in app.extensions["guide"].content.pages for block in page.messages]


# -- the page --------------------------------------------------------------------------


def test_every_block_is_paired_with_its_english_in_order(app: Flask) -> None:
    page = handout(app, "es")
    reader = [" ".join(cell.get_text().split()) for cell in cells(page, "reader")]
    english = [" ".join(cell.get_text().split()) for cell in cells(page, "english")]
    assert len(reader) == len(english)
    expected = [plain(block.text) for block in blocks(app)]
    content = [text for text in english if text in expected]
    assert content == expected  # every block, once, in reading order
    for block in blocks(app):  # and beside each, its translation
        assert reader[english.index(plain(block.text))] == plain(fake("es", block.text))
    for cell in cells(page, "reader"):
        assert (attr(cell, "lang"), attr(cell, "dir")) == ("es", "ltr")
    for cell in cells(page, "english"):
        assert (attr(cell, "lang"), attr(cell, "dir")) == ("en", "ltr")


def test_no_menus_and_headings_hold_both_languages(app: Flask) -> None:
    page = handout(app, "es")
    assert page.find("nav") is None
    assert page.find(class_="skip") is None
    assert len(page.find_all("h1")) == 1
    for heading in page.find_all(re.compile(r"^h[1-4]$")):
        spans = heading.find_all("span", recursive=False)
        assert [attr(s, "lang") for s in spans] == ["es", "en"], heading
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-4]$"))]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))  # no level skipped


def test_right_to_left_language_reads_from_the_right(app: Flask) -> None:
    page = handout(app, "ar")
    html = page.find("html")
    assert (attr(html, "lang"), attr(html, "dir")) == ("ar", "rtl")
    for pair in page.select("div.pair, li.pair, h2.pair"):
        first, second = pair.find_all(recursive=False)
        # The reader's column first: with dir=rtl, first is on the right.
        assert (attr(first, "dir"), attr(second, "dir")) == ("rtl", "ltr")


def test_english_handout_has_one_column(app: Flask) -> None:
    page = handout(app, "en")
    assert cells(page, "english") == []
    assert len(cells(page, "reader")) >= len(blocks(app))
    assert page.find(class_="notice") is None
    assert "Translated from" not in page.get_text()


def test_fallback_is_marked_english_with_the_notice_as_on_the_site(app: Flask) -> None:
    page = handout(app, "fr")
    reader = next(c for c in cells(page, "reader") if UNTRANSLATED in c.get_text())
    span = reader.find("span", attrs={"lang": "en"})
    assert span is not None
    assert attr(span, "dir") == "ltr"
    notice = page.find(class_="notice")
    site_notice = soup(app.test_client().get("/fr/conditions/").data).find(class_="notice")
    assert notice is not None
    assert site_notice is not None
    message = fake("fr", "Part of this page is not translated yet and is shown in English.")
    assert message in notice.get_text()
    assert message in site_notice.get_text()
    assert handout(app, "es").find(class_="notice") is None


def test_dates_and_disclaimer_in_both_languages(app: Flask) -> None:
    page = handout(app, "es")
    meta = page.select(".pair.meta")
    assert len(meta) == len(app.extensions["guide"].content.pages)
    reader, english = meta[0].find_all(recursive=False)
    assert fake("es", "Page last reviewed: %(date)s").replace("%(date)s", "") in text(reader)
    assert "Page last reviewed: November 26, 2026" in " ".join(english.get_text().split())
    assert "Translated from the English version of November 26, 2026." in " ".join(
        english.get_text().split()
    )
    assert "Translation last reviewed" not in page.get_text()  # no review record here
    disclaimer = page.select_one(".pair.disclaimer")
    assert disclaimer is not None
    assert [attr(c, "lang") for c in disclaimer.find_all(recursive=False)] == ["es", "en"]


def test_translation_review_date_comes_from_the_review_record() -> None:
    # The repository's catalogs are reviewed (CI requires it), so their handouts say when.
    app = create_app({"GUIDE_ROOT": str(REPO), "GUIDE_BASE_URL": BASE})
    site = app.extensions["guide"]
    page = handout(app, "es")
    for part, meta in zip(site.content.pages, page.select(".pair.meta"), strict=True):
        day = site.reviewed.get(("es", part.id))
        english = " ".join(meta.find_all(recursive=False)[1].get_text().split())
        if day is None:
            assert "Translation last reviewed" not in english
        else:
            assert f"Translation last reviewed: {day:%B} {day.day}, {day.year}" in english


def test_address_and_qr_code_come_from_the_base_url_never_the_host(app: Flask) -> None:
    response = app.test_client().get("/es/handout/", headers={"Host": "evil.example"})
    page = soup(response.data)
    address = page.select_one(".address a")
    assert attr(address, "href") == f"{BASE}/es/"
    svg = page.find("svg", class_="qr")
    assert svg is not None
    assert attr(svg, "aria-hidden") == "true"
    assert str(svg) == str(soup(qr_svg(f"{BASE}/es/")).find("svg"))
    assert "evil.example" not in response.get_data(as_text=True)


def modules(svg: Tag) -> set[tuple[int, int]]:
    """The dark modules an SVG QR code draws: its path read back (``M``/``m`` moves, ``h`` runs)."""
    path = svg.find("path")
    assert path is not None
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHh])([-\d.\s]+)", attr(path, "d")):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0] if command == "h" else values[0] - x
            dark |= {(int(x + i), int(y)) for i in range(int(length))}
            x += length
    return dark


def test_qr_code_draws_the_address() -> None:
    url = f"{BASE}/zh-Hans/"
    svg = soup(qr_svg(url)).find("svg")
    assert svg is not None
    qr = segno.make(url, error="m", micro=False, boost_error=False)
    border = 4  # the quiet zone the QR specification asks for
    expected = {
        (column + border, row + border)
        for row, line in enumerate(qr.matrix)
        for column, value in enumerate(line)
        if value
    }
    assert modules(svg) == expected
    assert qr.error == "M"
    other = soup(qr_svg(f"{BASE}/ru/")).find("svg")
    assert other is not None
    assert modules(other) != expected


def test_without_a_base_url_the_handout_prints_no_address(root: Path) -> None:
    app = create_app({"GUIDE_ROOT": str(root)})
    page = handout(app, "es")
    assert page.find("svg") is None
    assert page.select_one(".address") is None


def test_every_page_links_to_its_handout(app: Flask) -> None:
    client = app.test_client()
    for tag, label in (("es", fake("es", "Print a handout in this language and English")),
                       ("en", "Print a handout")):  # fmt: skip
        for url in (f"/{tag}/", f"/{tag}/conditions/"):
            page = soup(client.get(url).data)
            link = page.find("a", href=f"/{tag}/handout/")
            assert link is not None, url
            assert link.get_text() == label, url
            assert page.find("a", href=re.compile(r"\.pdf$")) is None  # only the export has one


def test_handout_url_is_case_insensitive_and_unknown_languages_are_404(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/ES/handout/")
    assert response.status_code == 301
    assert response.location.endswith("/es/handout/")
    assert client.get("/xx/handout/").status_code == 404


def test_handout_is_cached_and_conditional(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/es/handout/")
    again = client.get("/es/handout/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert first.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_site_runs_without_the_pdf_engine(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block_engine(monkeypatch)
    app = create_app({"GUIDE_ROOT": str(root), "GUIDE_BASE_URL": BASE})
    client = app.test_client()
    assert client.get("/es/").status_code == 200
    assert client.get("/es/handout/").status_code == 200


def test_handout_command_without_the_engine_says_what_to_install(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    block_engine(monkeypatch)
    result = CliRunner().invoke(
        i18n, ["--root", str(root), "handout", "es", "-o", str(tmp_path / "es.pdf"),
               "--base-url", BASE],
    )  # fmt: skip
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: the PDF engine cannot start")
    assert "apt-get install libpango-1.0-0" in lines[0]
    assert not (tmp_path / "es.pdf").exists()


def test_freeze_without_the_engine_says_what_to_install(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    block_engine(monkeypatch)
    result = CliRunner().invoke(
        i18n, ["--root", str(root), "freeze", str(tmp_path / "out"), "--base-url", BASE]
    )
    assert result.exit_code == 2
    assert "apt-get install libpango-1.0-0" in result.output
    assert not (tmp_path / "out").exists()


def block_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import weasyprint`` fail as it does when Pango is missing (cffi's OSError)."""
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_handout_command_refuses_an_unknown_language(root: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        i18n, ["--root", str(root), "handout", "xx", "-o", str(tmp_path / "x.pdf"),
               "--base-url", BASE],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'xx' is not a published locale (choose one of: en, es, ar, fr)" in result.output


# -- the PDF ---------------------------------------------------------------------------


def require_pdf_tools() -> None:
    """Skip without WeasyPrint's libraries or poppler-utils; under CI=true, fail instead."""
    missing = [tool for tool in (*POPPLER, "fc-match") if shutil.which(tool) is None]
    try:
        from app.pdf import load_engine

        load_engine()
    except PdfEngineMissingError as e:
        missing.append(str(e))
    if not missing:
        return
    message = f"cannot print or read PDFs here: {'; '.join(missing)}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}. CI=true: the PDF tests must run, never skip.")
    pytest.skip(message)


@pytest.fixture(scope="module")
def repo_app() -> Flask:
    return create_app({"GUIDE_ROOT": str(REPO), "GUIDE_BASE_URL": BASE})


@pytest.fixture(scope="module")
def pdfs(repo_app: Flask, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The handout of every published language of the repository, printed once (A4)."""
    require_pdf_tools()
    folder = tmp_path_factory.mktemp("handouts")
    site = repo_app.extensions["guide"]
    client = repo_app.test_client()
    found = {}
    for locale in site.published():
        page = client.get(f"/{locale.tag}/handout/").get_data()
        path = folder / f"{locale.tag}.pdf"
        path.write_bytes(print_handout(repo_app, locale, page, "a4"))
        found[locale.tag] = path
    return found


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")


def letters(text: str) -> str:
    """Only the letters and digits of ``text``: what any two text extractors agree on.

    Spacing, line breaks (pdftotext joins ``post-`` and ``surgical``), punctuation and
    Arabic vowel marks (which extractors place at different ends of a word) are left out.
    """
    text = _ARABIC_MARKS.sub("", _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text)))
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN")


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits); a number as the lesser of it and its
    mirror, since pypdf writes the digits of a number in right-to-left text backwards."""
    found = (letters(word) for word in text.split())
    return [min(w, w[::-1]) if w.isdigit() else w for w in found if w]


def columns(path: Path, rtl: bool) -> tuple[str, str]:
    """The text of the reader's column and of the English column, every page in order.

    Left-to-right PDFs are read with poppler's pdftotext, one half-page at a time; it
    honours ``/ActualText``, which Devanagari needs. Right-to-left ones with pypdf,
    split by each run's position: poppler reverses the letters of Arabic ligatures
    (لا comes out as ال, in Chromium's PDFs too) and may swap lines in right-to-left
    columns, while pypdf reads them in the order they were drawn.
    """
    from pypdf import PdfReader

    reader = PdfReader(path)
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    if not rtl:
        halves = []
        for x in (0, width / 2):
            command = ["pdftotext", "-x", str(int(x)), "-y", "0", "-W", str(int(width / 2)),
                       "-H", str(int(height)), str(path), "-"]  # fmt: skip
            halves.append(subprocess.run(command, capture_output=True, text=True, check=True))
        return halves[0].stdout, halves[1].stdout
    parts: dict[bool, list[str]] = {True: [], False: []}
    for page in reader.pages:

        def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            parts[x >= width / 2].append(text)

        page.extract_text(visitor_text=visit)
    return " ".join(parts[True]), " ".join(parts[False])


def in_order(column: str, messages: list[str], exact: bool) -> list[str]:
    """The messages not found in ``column`` in this order (their letters, or with
    ``exact=False``, their words: a right-to-left line may come out with its words moved
    around a parenthesis or a number, so only each word and the messages' order count)."""
    missing = []
    if exact:
        text, position = letters(column), 0
        for message in messages:
            found = text.find(letters(message), position)
            if found < 0:
                missing.append(message)
            else:
                position = found + len(letters(message))
        return missing
    found_words = words(column)
    available = Counter(found_words)
    position = 0
    for message in messages:
        wanted = words(message)
        if Counter(wanted) - available:
            missing.append(message)
            continue
        anchor = max(wanted, key=len)
        try:
            position = found_words.index(anchor, position)
        except ValueError:
            missing.append(f"{message} (out of order)")
    return missing


@pytest.mark.parametrize("locale", PUBLISHED, ids=[loc.tag for loc in PUBLISHED])
def test_pdf_text_is_every_message_in_reading_order_per_column(
    repo_app: Flask, pdfs: dict[str, Path], locale: LocaleInfo
) -> None:
    site = repo_app.extensions["guide"]
    translation = site.translation(locale)
    content = [block for page in site.content.pages for block in page.messages]
    english = [plain(block.text) for block in content]
    rtl = locale.direction == "rtl"
    reader_text, english_text = columns(pdfs[locale.tag], rtl)
    if translation is None:  # the English handout: one column, the English once
        assert in_order(reader_text + english_text, english, exact=True) == []
        return
    shown = [plain(translation.get(block.text, block.context) or block.text) for block in content]
    assert in_order(reader_text, shown, exact=not rtl) == []
    assert in_order(english_text, english, exact=True) == []
    disclaimer = "This guide is general information. It does not replace advice"
    assert letters(disclaimer) in letters(english_text)


@pytest.mark.parametrize("locale", PUBLISHED, ids=[loc.tag for loc in PUBLISHED])
def test_pdf_fonts_are_embedded_subsets_never_type3(
    pdfs: dict[str, Path], locale: LocaleInfo
) -> None:
    result = subprocess.run(["pdffonts", str(pdfs[locale.tag])], capture_output=True, text=True)
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert rows
    for row in rows:
        name, emb, sub, uni = row[0], row[-5], row[-4], row[-3]
        assert "Type 3" not in " ".join(row), row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row  # embedded, subset, ToUnicode
        assert re.fullmatch(r"[A-Z]{6}\+.+", name), row
    family = face_for(locale.tag)[0].replace(" ", "-")
    if "CJK" in family:  # cut to the page's characters first (see app/pdf.py)
        family = family.replace("Noto-Sans-", "Handout-")
    assert any(row[0].split("+")[1].startswith(family) for row in rows), rows


@pytest.mark.parametrize("locale", PUBLISHED, ids=[loc.tag for loc in PUBLISHED])
def test_pdf_is_tagged_titled_in_its_language_and_small(
    pdfs: dict[str, Path], locale: LocaleInfo
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdfs[locale.tag])
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/Lang"] == locale.tag
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.metadata is not None
    assert reader.metadata.title
    assert 1 <= len(reader.pages) <= 6
    assert pdfs[locale.tag].stat().st_size < 300_000


def test_pdf_is_byte_identical_across_runs(repo_app: Flask, pdfs: dict[str, Path]) -> None:
    site = repo_app.extensions["guide"]
    for tag in ("zh-Hans", "ar", "hi"):
        locale = site.locale(tag)
        assert locale is not None
        page = repo_app.test_client().get(f"/{tag}/handout/").get_data()
        assert print_handout(repo_app, locale, page, "a4") == pdfs[tag].read_bytes(), tag


def test_pdf_paper_sizes_and_page_count(repo_app: Flask, pdfs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    site = repo_app.extensions["guide"]
    locale = site.locale("ru")
    assert locale is not None
    page = repo_app.test_client().get("/ru/handout/").get_data()
    letter = PdfReader(BytesIO(print_handout(repo_app, locale, page, "letter")))
    a4 = PdfReader(pdfs["ru"])
    assert [round(float(x)) for x in a4.pages[0].mediabox[2:]] == [595, 842]
    assert [round(float(x)) for x in letter.pages[0].mediabox[2:]] == [612, 792]
    assert abs(len(letter.pages) - len(a4.pages)) <= 1


def test_handout_command_writes_the_pdf(root: Path, tmp_path: Path) -> None:
    require_pdf_tools()
    out = tmp_path / "pt.pdf"
    result = CliRunner().invoke(
        i18n, ["--root", str(root), "handout", "ar", "-o", str(out), "--paper", "letter",
               "--base-url", BASE],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    assert "Tagged:          yes" in info


def test_missing_script_font_is_refused_with_the_package(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pdf_tools()
    import app.pdf

    real = app.pdf._match
    monkeypatch.setattr(
        app.pdf,
        "_match",
        lambda family, weight: None if "Arabic" in family else real(family, weight),
    )
    with pytest.raises(PdfEngineMissingError, match="'Noto Sans Arabic' is not installed: "
                       "apt-get install fonts-noto-core"):  # fmt: skip
        render_pdf("<html lang=ar></html>", base_url=BASE, resources={}, lang="ar")


def test_the_engine_may_load_nothing_but_the_page_resources() -> None:
    require_pdf_tools()
    page = '<html lang="en"><link rel="stylesheet" href="https://example.net/x.css"><p>Hi</p>'
    with pytest.raises(PdfError, match="may not load https://example.net/x.css"):
        render_pdf(page, base_url=BASE, resources={}, lang="en")
    local = '<html lang="en"><link rel="stylesheet" href="/etc/passwd"><p>Hi</p>'
    with pytest.raises(PdfError, match="may not load"):
        render_pdf(local, base_url=BASE, resources={}, lang="en")


def test_export_holds_a_pdf_per_published_language_linked_from_its_pages(root: Path) -> None:
    require_pdf_tools()
    app = create_app({"GUIDE_ROOT": str(root), "GUIDE_BASE_URL": BASE, "GUIDE_STATIC_EXPORT": True})
    files = collect(app)
    for tag in ("en", "es", "ar", "fr"):
        assert files[f"handouts/{tag}.pdf"].startswith(b"%PDF-")
        assert f"{tag}/handout/index.html" in files
        for name in (f"{tag}/index.html", f"{tag}/handout/index.html"):
            page = soup(files[name])
            assert page.find("a", href=f"/handouts/{tag}.pdf") is not None, name


def test_a_character_no_font_has_is_refused_not_printed_as_a_box() -> None:
    require_pdf_tools()
    page = '<html lang="en"><title>t</title><p>Private \ue000 use</p></html>'
    with pytest.raises(PdfEngineMissingError, match=r"no installed font has U\+E000"):
        render_pdf(page, base_url=BASE, resources={}, lang="en")


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("print", True),
        ("all", True),
        ("screen", False),
        ("screen and (max-width: 40rem)", False),
        ("only screen and (min-width: 1px)", False),
        ("(max-width: 40rem)", True),  # no media type: all, so WeasyPrint may warn
        ("not print", False),
        ("not screen", True),
        ("screen, print", True),
    ],
)
def test_for_print_drops_only_rules_that_never_apply_to_print(query: str, kept: bool) -> None:
    from app.pdf import for_print

    sheet = f"p {{ color: red }}\n@media {query} {{ p {{ color: blue }} }}\n"
    result = for_print(sheet)
    assert "color: red" in result
    assert ("color: blue" in result) is kept
