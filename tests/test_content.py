"""The content parser: the real guide, and every kind of broken page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from app.content import ContentError, load_content, parse_page

from .conftest import PAGE, REPO, write

SEED = REPO.parent / "shared" / "seed" / "benefits.txt"


def test_page_blocks_carry_kind_text_line_anchor_and_note() -> None:
    page = parse_page(PAGE.format(id="guide", title="Guide", order=3), "content/guide.md")
    assert (page.id, page.order, page.reviewed) == ("guide", 3, date(2026, 1, 15))
    assert [(b.kind, b.text, b.line, b.anchor) for b in page.messages] == [
        ("title", "Guide", 3, None),
        ("section", "Pain Relief", 8, "pain-relief"),
        ("benefit", "Reduces Muscle Pain", 10, "reduces-muscle-pain"),
        ("paragraph", "Dry needling targets trigger points. It helps reduce pain.", 13, None),
        ("benefit", "Quick Procedure", 15, "quick-procedure"),
        ("paragraph", "Sessions are typically short (15–30 minutes).", 17, None),
    ]
    paragraph = page.blocks[2]
    assert paragraph.note.splitlines() == [
        "Text of the benefit “Reduces Muscle Pain” on the page “Guide”.",
        "keep it plain.",
    ]


def test_context_comment_sets_msgctxt_and_markup_adds_a_note() -> None:
    page = parse_page(
        "---\nid: a\ntitle: A\norder: 1\nreviewed: 2026-01-01\n---\n\n"
        "<!-- Context: button -->\nSee **this** [page](https://example.org).\n",
        "content/a.md",
    )
    (block,) = page.blocks
    assert block.context == "button"
    assert block.text == "See **this** [page](https://example.org)."
    assert "Keep the Markdown marks" in block.note


def test_list_items_and_headings_without_anchor() -> None:
    page = parse_page(
        "---\nid: a\ntitle: A\norder: 1\nreviewed: 2026-01-01\n---\n\n"
        "## Joint Issues\n\nUsed for:\n\n- Knee pain\n- Hip\n  pain\n",
        "content/a.md",
    )
    assert [(b.kind, b.text, b.line, b.anchor) for b in page.blocks] == [
        ("section", "Joint Issues", 8, "joint-issues"),
        ("paragraph", "Used for:", 10, None),
        ("item", "Knee pain", 12, None),
        ("item", "Hip pain", 13, None),
    ]
    assert "after “Used for:”" in page.blocks[2].note


FRONT = "---\nid: a\ntitle: A\norder: 1\nreviewed: 2026-01-01\n---\n\n"
TABLE = "unknown block kind: a table (write each row as a '-' list item)"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("no front matter\n", 1, "must start with front matter"),
        ("---\nid: a\ntitle: A\n\nText.\n", 1, "front matter is not closed"),
        ("---\nid: a\ntitle A\n---\nText.\n", 3, "expected 'field: value'"),
        (
            "---\nid: a\ntitle: A\norder: 1\nreviewed: 2026-01-01\nlang: en\n---\nx\n",
            6,
            "unknown field 'lang'",
        ),
        ("---\nid: a\nid: b\n---\nx\n", 3, "given twice"),
        ("---\nid: a\ntitle: A\norder: 1\n---\nText.\n", 1, "missing the field 'reviewed'"),
        ("---\nid: A B\ntitle: A\norder: 1\nreviewed: 2026-01-01\n---\nx\n", 2, "lowercase"),
        ("---\nid: handout\ntitle: A\norder: 1\nreviewed: 2026-01-01\n---\nx\n", 2, "taken by"),
        ("---\nid: a\ntitle: A\norder: first\nreviewed: 2026-01-01\n---\nx\n", 4, "whole number"),
        ("---\nid: a\ntitle: A\norder: 1\nreviewed: 26/1/2026\n---\nx\n", 5, "YYYY-MM-DD"),
        ("---\nid: a\ntitle: ''\norder: 1\nreviewed: 2026-01-01\n---\nx\n", 3, "title is empty"),
        (FRONT, 6, "no content after its front matter"),
        (FRONT + "<!-- editors only -->\n", 6, "no content after its front matter"),
        (FRONT + "> A quote\n", 8, "unknown block kind: a quote"),
        (FRONT + "Text.\n\n```\ncode\n```\n", 10, "unknown block kind: a code block"),
        (FRONT + "1. one\n2. two\n", 8, "unknown block kind: a numbered list"),
        (FRONT + "#### Deep\n", 8, "unknown block kind: a level-4 heading"),
        (FRONT + "# Title again\n", 8, "page title comes from the front matter"),
        (FRONT + "<div>x</div>\n", 8, "raw HTML is not allowed"),
        (FRONT + "Some <b>bold</b> text.\n", 8, "raw HTML '<b>' is not allowed"),
        (FRONT + "An ![image](x.png).\n", 8, "image is not supported"),
        (FRONT + "![A needle](needle.png)\n", 8, "image is not supported"),
        (FRONT + "| a | b |\n|---|---|\n| 1 | 2 |\n", 8, TABLE),
        (FRONT + "a | b\n--|--\n1 | 2\n", 8, TABLE),  # a table needs no outer pipes
        (FRONT + "Text.\n| a | b |\n|:--|--:|\n", 9, TABLE),  # nor a blank line before it
        (FRONT + "| a | b |\n|---|\n| 1 | 2 |\n", 8, TABLE),  # columns that do not match
        (FRONT + "Text.\n\n| a |\n| --- |\n", 10, TABLE),
        (FRONT + "- one\n  - nested\n", 8, "no nested lists"),
        (FRONT + "## A {#a}\n\n## B {#a}\n", 10, "anchor #a is already used on line 8"),
        (FRONT + "## A {#Not Valid}\n", 8, "must be lowercase"),
        (FRONT + "Text.\n\n<!-- Translators: dangling -->\n", 10, "must come right before a block"),
        (
            "---\nid: a\ntitle: A\norder: 1\nreviewed: 2026-01-01\n---\n\nCaf\xe9".encode(
                "latin-1"
            ),
            8,
            "not valid UTF-8",
        ),
    ],
)
def test_broken_page_gives_located_error(source: str | bytes, line: int, message: str) -> None:
    with pytest.raises(ContentError, match=re.escape(message)) as info:
        parse_page(source, "content/a.md")
    assert (info.value.path, info.value.line) == ("content/a.md", line)
    assert str(info.value).startswith(f"content/a.md:{line}: ")


@pytest.mark.parametrize(
    "text",
    [
        "Choose A | B, or both.",
        "Pain | stiffness | fatigue",
        "Sessions last 15–30 minutes -- or less.",
    ],
)
def test_a_pipe_in_a_sentence_is_text_not_a_table(text: str) -> None:
    page = parse_page(FRONT + text + "\n\nMore text.\n", "content/a.md")
    assert [(b.kind, b.text) for b in page.blocks] == [
        ("paragraph", text),
        ("paragraph", "More text."),
    ]


def test_duplicate_page_id_names_both_files(tmp_path: Path) -> None:
    write(tmp_path / "content" / "a.md", FRONT + "Text.\n")
    write(tmp_path / "content" / "b.md", FRONT.replace("order: 1", "order: 2") + "More.\n")
    with pytest.raises(ContentError) as info:
        load_content(tmp_path / "content", tmp_path)
    assert str(info.value) == "content/b.md:2: duplicate page id 'a', already used by content/a.md"


def test_empty_content_folder(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with pytest.raises(ContentError, match="no pages found"):
        load_content(tmp_path / "content", tmp_path)


def test_pages_are_ordered_by_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "content" / "a.md", FRONT.replace("order: 1", "order: 2") + "A.\n")
    write(tmp_path / "content" / "z.md", FRONT.replace("id: a", "id: z") + "Z.\n")
    assert [p.id for p in load_content(tmp_path / "content", tmp_path).pages] == ["z", "a"]


def test_the_guide_parses_with_unique_anchors() -> None:
    content = load_content(REPO / "content", REPO)
    assert [p.id for p in content.pages] == ["benefits", "conditions"]
    benefits = content.page("benefits")
    assert benefits is not None
    sections = [b for b in benefits.blocks if b.kind == "section"]
    points = [b for b in benefits.blocks if b.kind == "benefit"]
    assert (len(sections), len(points)) == (7, 17)
    conditions = content.page("conditions")
    assert conditions is not None
    assert [b.kind for b in conditions.blocks].count("item") == 7


def _seed_sentences() -> list[str]:
    """Every title, text and list item of the seed, without its list markers."""
    pieces = []
    for raw in SEED.read_text("utf-8").splitlines():
        line = re.sub(r"^(\d+\.\s*|•\s*)", "", raw.strip())
        if "Specific Conditions Dry needling" in line:  # a heading run into its first sentence
            pieces += line.split(" Dry needling", 1)
            pieces[-1] = "Dry needling" + pieces[-1]
            continue
        title, sep, text = line.partition(": ")
        pieces += [title, text] if sep and len(title) < 40 else [line]
    return [p.strip() for p in pieces if p.strip()]


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not beside this checkout")
def test_every_sentence_of_the_seed_is_in_the_content() -> None:
    texts = [b.text for b in load_content(REPO / "content", REPO).blocks()]
    whole = "\n".join(texts)
    missing = [s for s in _seed_sentences() if s not in whole]
    assert missing == []
    assert len(_seed_sentences()) == 51
