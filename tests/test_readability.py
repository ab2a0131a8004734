"""Reading grades of the English: the formulas, what is counted, and the editors' report."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from app.content import Content, load_content
from app.readability import (
    TARGET_GRADE,
    PageReadability,
    ParagraphReadability,
    TextCounts,
    count_text,
    excerpt,
    format_report,
    measure_content,
    measure_text,
    plain_text,
    split_sentences,
)

from .conftest import REPO, write

FRONT = "---\nid: {id}\ntitle: {title}\norder: {order}\nreviewed: 2026-01-01\n---\n\n"

# Words of one syllable only: syllables == words and no long words, whatever the counter.
MONOSYLLABLES_40 = (
    "The dog ran to the park and sat by the red door, and then it ran back home to eat "
    "a big bowl of food that the kind man had left out for it on the step in the sun."
)
SIMPLE = "The dog ran to the park. It sat by the door. Then it went home."
CLINICAL = (
    "Myofascial trigger point dry needling facilitates neuromuscular rehabilitation by "
    "attenuating nociceptive hypersensitivity and normalizing dysfunctional motor endplate "
    "activity."
)


def load(tmp_path: Path, *pages: str) -> Content:
    """Content made of these page sources, as content/p1.md, content/p2.md, ..."""
    for number, source in enumerate(pages, start=1):
        front = FRONT.format(id=f"p{number}", title=f"Page {number}", order=number)
        write(tmp_path / "content" / f"p{number}.md", front + source)
    return load_content(tmp_path / "content", tmp_path)


# -- the formulas ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "fk", "smog"),
    [
        # FK = 0.39 * words/sentences + 11.8 * syllables/words - 15.59
        # SMOG = 1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291
        (TextCounts(sentences=1, words=40, syllables=40, polysyllables=0), 11.8, 3.1),
        (TextCounts(sentences=2, words=30, syllables=45, polysyllables=3), 8.0, 10.1),
        (TextCounts(sentences=1, words=4, syllables=9, polysyllables=2), 12.5, 11.2),
        (TextCounts(sentences=30, words=300, syllables=450, polysyllables=30), 6.0, 8.8),
        (TextCounts(sentences=3, words=3, syllables=3, polysyllables=0), -3.4, 3.1),
    ],
)
def test_grade_formulas(counts: TextCounts, fk: float, smog: float) -> None:
    assert (counts.fk_grade, counts.smog_grade) == (fk, smog)


def test_smog_of_one_sentence_is_the_normalized_formula_never_zero() -> None:
    # textstat 0.7.4 answers 0 below three sentences; the normalized formula applies at any
    # count: one sentence with one long word is 1.043 * sqrt(30) + 3.1291.
    one_long_word = count_text("Go to the hospital today.")
    assert (one_long_word.sentences, one_long_word.polysyllables) == (1, 1)
    assert one_long_word.smog_grade == 8.8
    assert count_text("Go to bed now.").smog_grade == 3.1  # no long word: the floor, not 0


def test_no_words_is_not_available_not_zero() -> None:
    assert (TextCounts().fk_grade, TextCounts().smog_grade) == (None, None)
    assert count_text("— … —") == TextCounts()


# -- what the measures read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fk_range", "smog_range"),
    [
        (SIMPLE, (-3, 2), (3.0, 4.0)),
        (MONOSYLLABLES_40, (11.5, 12.0), (3.0, 3.2)),  # long but plain: FK high, SMOG not
        ("Go to the hospital today.", (4, 6), (8.5, 9)),  # short, one long word: the reverse
        (CLINICAL, (20, 40), (18, 25)),
    ],
)
def test_simple_text_scores_low_and_clinical_text_high(
    text: str, fk_range: tuple[float, float], smog_range: tuple[float, float]
) -> None:
    counts = measure_text(text)
    assert counts.fk_grade is not None
    assert counts.smog_grade is not None
    assert fk_range[0] <= counts.fk_grade <= fk_range[1]
    assert smog_range[0] <= counts.smog_grade <= smog_range[1]


def test_a_plain_rewrite_grades_lower_than_the_clinical_original() -> None:
    original = measure_text(
        "Inserting needles creates microtrauma in the tissue, which stimulates blood flow to "
        "the area, delivering oxygen and nutrients to promote tissue repair."
    )
    plain = measure_text("The needle makes tiny wounds. Blood flows to them. This helps healing.")
    assert plain.fk_grade is not None
    assert original.fk_grade is not None
    assert plain.smog_grade is not None
    assert original.smog_grade is not None
    assert plain.fk_grade <= TARGET_GRADE < original.fk_grade
    assert plain.smog_grade < original.smog_grade


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Dry needling **targets** *trigger* points.", "Dry needling targets trigger points."),
        ("Read [the guide](https://example.org/a.html) first.", "Read the guide first."),
        ("Type `rest` and wait.", "Type rest and wait."),
        ("Sessions are short (15–30 minutes).", "Sessions are short (15–30 minutes)."),
        ("Fish &amp; chips \\*not bold\\*", "Fish & chips *not bold*"),
    ],
)
def test_markdown_is_read_as_plain_text(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


def test_markup_and_link_addresses_do_not_change_the_grade() -> None:
    marked = "Read the [guide](https://example.org/dry-needling/benefits.html) on **pain** first."
    assert measure_text(marked) == measure_text("Read the guide on pain first.")
    assert measure_text(marked).words == 6


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Rest well. Go home. It is fine.", 3),  # textstat drops sentences of 1-2 words
        ("Neck and shoulder pain (e.g., from poor posture or repetitive strain)", 1),
        ("Use ice, e.g. Frozen peas, on the spot.", 1),
        ("Joint issues (e.g. knee pain, hip pain)", 1),
        ("A dose of 2.5 ml is enough.", 1),
        ("Sessions are typically short (15–30 minutes). Most people feel fine.", 2),
        ("It helps (a lot). “Really.” Ask us! Why? Because.", 5),
        ("Ask Dr. Lee about it.", 1),
        ("Bring water, a towel, etc. and wear loose clothes. Then rest.", 2),
        ("Lower back pain or sciatica", 1),  # a list item: no final period, one sentence
        ("", 0),
    ],
)
def test_sentences(text: str, sentences: int) -> None:
    assert len(split_sentences(text)) == sentences
    assert count_text(text).sentences == sentences


def test_numbers_and_abbreviations_are_words_not_sentence_ends() -> None:
    counts = count_text("Sessions are short (15–30 minutes), e.g. in the morning.")
    assert (counts.sentences, counts.words) == (1, 9)


def test_syllables_never_come_from_a_download(monkeypatch: pytest.MonkeyPatch) -> None:
    # textstat >= 0.7.9 reads NLTK's CMU dictionary for "en_US", downloading it on first use
    # (failing offline): grades must come from what is installed, the same everywhere.
    nltk = pytest.importorskip("nltk")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the readability measures tried to read or download NLTK data")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    counts = count_text("Physiotherapists occasionally recommend acupuncture alternatives.")
    assert counts.words == 5
    assert counts.polysyllables >= 4


# -- pages ----------------------------------------------------------------------------


def test_headings_and_titles_are_not_graded(tmp_path: Path) -> None:
    content = load(
        tmp_path,
        "## Temporomandibular Neuromuscular Rehabilitation\n\n"
        "### Electrophysiological Considerations\n\n"
        f"{MONOSYLLABLES_40}\n\n"
        "- Rest.\n- Sleep.\n- Eat.\n",
    )
    (page,) = measure_content(content)
    assert [(p.kind, p.line) for p in page.paragraphs] == [
        ("paragraph", 12),
        ("item", 14),
        ("item", 15),
        ("item", 16),
    ]
    assert [p.fk_grade for p in page.paragraphs] == [11.8, -3.4, -3.4, -3.4]
    # The page is its prose only: 43 words of one syllable in 4 sentences, no long word.
    assert page.counts == TextCounts(sentences=4, words=43, syllables=43, polysyllables=0)
    assert (page.fk_grade, page.smog_grade, page.words) == (0.4, 3.1, 43)


def test_page_grade_is_not_an_average_of_paragraph_grades(tmp_path: Path) -> None:
    content = load(tmp_path, f"{MONOSYLLABLES_40}\n\nRest. Sleep. Eat.\n")
    (page,) = measure_content(content)
    # 43 words in 4 sentences: FK 0.4 (the mean of 11.8 and -3.4 would be 4.2).
    assert [p.fk_grade for p in page.paragraphs] == [11.8, -3.4]
    assert page.fk_grade == 0.4


def test_page_without_prose(tmp_path: Path) -> None:
    content = load(tmp_path, "## Pain Relief\n\n### Reduces Muscle Pain\n")
    (page,) = measure_content(content)
    assert (page.paragraphs, page.above_target) == ((), ())
    assert (page.fk_grade, page.smog_grade, page.words) == (None, None, 0)
    assert format_report([page]).splitlines()[1:] == [
        'content/p1.md: "Page 1": no paragraphs to grade'
    ]


def test_a_paragraph_without_words_is_graded_not_available(tmp_path: Path) -> None:
    (page,) = measure_content(load(tmp_path, "— … —\n"))
    assert [p.words for p in page.paragraphs] == [0]
    assert format_report([page]).splitlines()[1:] == [
        'content/p1.md: "Page 1": grade n/a (SMOG n/a), 0 of 1 paragraphs above grade 8'
    ]


@pytest.mark.parametrize(
    ("counts", "above"),
    [
        (TextCounts(sentences=2, words=30, syllables=45, polysyllables=3), False),  # FK 8.0
        (TextCounts(sentences=1, words=4, syllables=9, polysyllables=2), True),  # FK 12.5
        (TextCounts(sentences=1, words=40, syllables=40, polysyllables=0), True),  # SMOG 3.1
        (TextCounts(sentences=1, words=5, syllables=8, polysyllables=1), False),  # SMOG 8.8
        (TextCounts(), False),
    ],
)
def test_above_target_is_a_flesch_kincaid_grade_above_8(counts: TextCounts, above: bool) -> None:
    paragraph = ParagraphReadability("p", "content/p.md", 3, "paragraph", "text", counts)
    assert paragraph.above_target is above
    page = PageReadability("p", "P", "content/p.md", 3, (paragraph,))
    assert page.above_target == ((paragraph,) if above else ())


# -- the report -----------------------------------------------------------------------

REPORT_PAGE = f"""\
## Pain Relief {{#pain}}

### Reduces Muscle Pain {{#muscle}}

{SIMPLE}

### Speeds Up Recovery {{#recovery}}

{CLINICAL}

Used for:

- Knee pain
- Temporomandibular joint dysfunction and fibromyalgia
"""


def test_report_names_file_and_line_of_each_paragraph_above_the_target(tmp_path: Path) -> None:
    pages = measure_content(load(tmp_path, REPORT_PAGE, SIMPLE + "\n"))
    report = format_report(pages)
    lines = report.splitlines()
    assert lines[0].startswith("Reading grade")
    assert f"grade {TARGET_GRADE} or below" in lines[0]
    assert re.fullmatch(
        r'content/p1\.md: "Page 1": grade \d+\.\d \(SMOG \d+\.\d\), '
        r"2 of 5 paragraphs above grade 8",
        lines[1],
    )
    # Every paragraph above grade 8, and only those, as GNU file:line, in page order.
    flagged = re.findall(r"^(content/p\d\.md):(\d+): ", report, flags=re.MULTILINE)
    assert flagged == [("content/p1.md", "16"), ("content/p1.md", "21")]
    assert re.fullmatch(
        r'content/p1\.md:16: grade \d+\.\d \(SMOG \d+\.\d\): "Myofascial trigger point dry '
        r'needling…"',
        lines[2],
    )
    assert lines[3].startswith("content/p1.md:21: grade 1")
    assert (
        lines[4]
        == 'content/p2.md: "Page 2": grade -1.8 (SMOG 3.1), 0 of 1 paragraphs above grade 8'
    )
    assert len(lines) == 5


def test_report_grades_have_one_decimal(tmp_path: Path) -> None:
    report = format_report(measure_content(load(tmp_path, REPORT_PAGE)))
    grades = re.findall(r"grade (\S+) \(SMOG (\S+)\)", report)
    assert len(grades) == 3  # the page and its two paragraphs above grade 8
    assert all(re.fullmatch(r"-?\d+\.\d", grade) for pair in grades for grade in pair)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Short text.", "Short text."),
        (CLINICAL, "Myofascial trigger point dry needling…"),
        (
            "Dry needling helps many people with pain, and it is quick.",
            "Dry needling helps many people with pain…",
        ),
        ("Supercalifragilisticexpialidocious" * 3, "SupercalifragilisticexpialidociousSuperc…"),
    ],
)
def test_excerpt_cuts_at_a_word(text: str, shown: str) -> None:
    assert excerpt(text, 40) == shown


def test_the_real_guide_is_measured() -> None:
    pages = measure_content(load_content(REPO / "content", REPO))
    content = load_content(REPO / "content", REPO)
    prose = [b for b in content.blocks() if b.kind in ("paragraph", "item")]
    assert sum(len(page.paragraphs) for page in pages) == len(prose)
    assert all(p.words and p.fk_grade is not None for page in pages for p in page.paragraphs)
    assert len(format_report(pages).splitlines()) == 1 + len(pages) + sum(
        len(page.above_target) for page in pages
    )


def test_extract_reports_the_grades_and_never_fails_on_them(
    cli: Callable[..., Result], project: Path
) -> None:
    page = project / "content" / "guide.md"
    page.write_text(page.read_text() + f"\n### Mechanism {{#mechanism}}\n\n{CLINICAL}\n")
    line = page.read_text().splitlines().index(CLINICAL) + 1
    for args in (("extract",), ("extract", "--check")):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert 'content/guide.md: "Guide": grade' in result.output
        assert re.search(rf"content/guide\.md:{line}: grade \d+\.\d \(SMOG", result.output)


def test_the_dashboard_shows_each_pages_grade(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from app import create_app

    from .sitekit import catalog_text, make_site

    root = make_site(tmp_path / "site", {"es": ("draft", catalog_text("es"))})
    (root / "locales" / "messages.pot").write_bytes(
        (REPO / "locales" / "messages.pot").read_bytes()
    )
    client = create_app({"GUIDE_ROOT": str(root), "GUIDE_PREVIEW": True}).test_client()
    page = BeautifulSoup(client.get("/translate/").data, "html.parser")
    heading = page.find("h2", id="readability")
    assert heading is not None
    table = heading.find_next("table")
    assert table is not None
    rows = {
        row.find("code").get_text(): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in table.find_all("tr")[1:]
    }
    expected = {p.path: p for p in measure_content(load_content(root / "content", root))}
    assert set(rows) == set(expected) == {"content/benefits.md", "content/conditions.md"}
    for path, cells in rows.items():
        assert cells[0] == str(expected[path].fk_grade)
        assert cells[2].startswith(
            f"{len(expected[path].above_target)} of {len(expected[path].paragraphs)}"
        )
