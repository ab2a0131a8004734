"""`guide-i18n update` against `msgmerge --previous` on the real project, edit after edit.

Each scenario copies the guide (content, UI sources, template and four catalogs) into
tmp_path and applies the edits an editor makes to content/*.md. After every step it
extracts, keeps a copy of each catalog, runs our `update`, runs GNU msgmerge on the copies
with the same template, and compares the two results entry by entry.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest
from click.testing import CliRunner

from app.cli import i18n

from . import gnu
from .conftest import REPO

CATALOGS = ("es", "ar", "zh_Hans", "ru")  # Latin, RTL with 6 plural forms, CJK, Cyrillic

Edit = Callable[[Path], None]
Step = tuple[str, Edit | None]  # None: no edit, only extract and update

LONG = (
    "Dry needling targets myofascial trigger points (tight knots in muscles), which can cause "
    "localized and referred pain. By stimulating these points, it helps release muscle tension "
    "and reduce pain."
)
SPASMS = (
    "The technique can alleviate muscle spasms and cramps by interrupting abnormal muscle "
    "contractions."
)
JOINTS = (
    "Tight muscles can restrict joint movement. Dry needling can loosen these muscles, allowing "
    "for better joint mobility and function."
)
RECOVERY = (
    "Athletes and individuals recovering from injuries often use dry needling to accelerate "
    "recovery by addressing muscle imbalances and promoting tissue healing."
)
NEW_PAGE = """\
---
id: safety
title: Is Dry Needling Safe?
order: 3
reviewed: 2026-11-27
---

## Before Your First Session {#before}

### Tell Your Practitioner {#tell-your-practitioner}

<!-- Translators: "Blood thinners" means anticoagulant medicines. -->
Tell your practitioner about any medicines you take, especially blood thinners.

- Pregnancy
- A fear of needles
- Pain Relief
"""


@pytest.fixture(autouse=True)
def _gettext() -> None:
    gnu.require_gettext()


def make_project(root: Path) -> Path:
    """The guide at ``root``: content, extraction sources, template and CATALOGS."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    # The UI strings are extracted from app/ too; without them every catalog would start
    # with dozens of obsolete entries that no real update produces.
    shutil.copytree(
        REPO / "app", root / "app", ignore=shutil.ignore_patterns("static", "__pycache__")
    )
    locales = root / "locales"
    locales.mkdir()
    shutil.copy(REPO / "locales" / "messages.pot", locales / "messages.pot")
    registry = ['source = "en"']
    for code in CATALOGS:
        target = locales / code / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        shutil.copy(REPO / "locales" / code / "LC_MESSAGES" / "messages.po", target)
        registry.append(f'[locales.{code}]\nstatus = "published"')
    (locales / "locales.toml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    return root


# -- content edits, as an editor makes them --------------------------------------------


def replace(page: str, old: str, new: str) -> Edit:
    """Replace the one occurrence of ``old`` in content/``page``."""

    def edit(root: Path) -> None:
        path = root / "content" / page
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{page}: expected {old!r} exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def delete(page: str, paragraph: str) -> Edit:
    """Delete a paragraph (a line and the blank line after it)."""
    return replace(page, paragraph + "\n\n", "")


def insert_after(page: str, anchor: str, paragraph: str) -> Edit:
    """Add ``paragraph`` as a block after the line that ends with ``anchor``."""
    return replace(page, anchor + "\n", f"{anchor}\n\n{paragraph}\n")


def append(page: str, text: str) -> Edit:
    """Add ``text`` at the end of content/``page``."""

    def edit(root: Path) -> None:
        path = root / "content" / page
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def new_page(name: str, text: str) -> Edit:
    """Create content/``name``."""

    def edit(root: Path) -> None:
        (root / "content" / name).write_text(text, encoding="utf-8")

    return edit


def together(*edits: Edit) -> Edit:
    """Several edits in one step, as in one commit."""

    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


LONGER = LONG + " Most people feel the effect within a day or two."
SCENARIOS: dict[str, list[Step]] = {
    "as committed (the template rebuilt, no edit)": [("extract", None)],
    "one word in a long wrapped paragraph": [
        ("lengthen it past 200 characters", replace("benefits.md", LONG, LONGER)),
        ("change one word", replace("benefits.md", "within a day", "within one day")),
    ],
    "short list item": [
        ("edit", replace("conditions.md", "- Lower back pain or sciatica", "- Low back pain")),
    ],
    "delete a paragraph, then restore it": [
        ("delete", delete("benefits.md", SPASMS)),
        ("restore", insert_after("benefits.md", "{#reduces-muscle-spasms}", SPASMS)),
    ],
    "the same sentence edited twice": [
        ("first edit", replace("benefits.md", "to accelerate recovery", "to speed up recovery")),
        ("second edit", replace("benefits.md", "tissue healing", "faster tissue healing")),
    ],
    "edit, then revert": [
        ("edit", replace("benefits.md", "muscle spasms and cramps", "muscle cramps")),
        ("revert", replace("benefits.md", "muscle cramps", "muscle spasms and cramps")),
    ],
    "move a paragraph to the other page": [
        (
            "move",
            together(delete("benefits.md", JOINTS), append("conditions.md", f"\n{JOINTS}\n")),
        ),
    ],
    "add a page": [("new page", new_page("safety.md", NEW_PAGE))],
    "heading with an anchor": [
        (
            "benefit title",
            replace(
                "benefits.md",
                "### Increases Blood Flow {#increases-blood-flow}",
                "### Improves Blood Flow {#increases-blood-flow}",
            ),
        ),
        (
            "group heading (the notes of its benefits change too)",
            replace("benefits.md", "## Pain Relief {#pain-relief}", "## Less Pain {#pain-relief}"),
        ),
    ],
    "a percent sign": [
        (
            "in a paragraph",
            replace(
                "benefits.md",
                "making it a convenient option for those with busy schedules.",
                "making it a convenient option for those with busy schedules. About 80% of "
                "patients feel better after two sessions.",
            ),
        ),
        ("in a list item", append("conditions.md", "- Chronic pain (about 80% of patients)\n")),
    ],
    "non-Latin text": [
        (
            "into an existing list item",
            replace(
                "conditions.md",
                "- Fibromyalgia and myofascial pain syndrome",
                "- Fibromyalgia (线维肌痛, الألم العضلي الليفي, फाइब्रोमायल्जिया) 🙂",
            ),
        ),
        ("a new item", append("conditions.md", "- Кривошея (wry neck) — 斜颈\n")),
    ],
    "a context note added, then removed": [
        (
            "add",
            replace(
                "benefits.md",
                "### Targeted Approach {#targeted-approach}",
                "<!-- Context: benefit title -->\n### Targeted Approach {#targeted-approach}",
            ),
        ),
        (
            "remove",
            replace("benefits.md", "<!-- Context: benefit title -->\n", ""),
        ),
    ],
    "list items swapped": [
        (
            "swap",
            replace(
                "conditions.md",
                "- Tension headaches and migraines\n- Joint issues (e.g., knee pain, hip pain)",
                "- Joint issues (e.g., knee pain, hip pain)\n- Tension headaches and migraines",
            ),
        ),
    ],
    "a release: many edits in one step, then more": [
        (
            "edit, delete, add",
            together(
                replace("benefits.md", "to accelerate recovery", "to hasten recovery"),
                delete("benefits.md", SPASMS),
                replace("conditions.md", "- Lower back pain or sciatica", "- Sciatica"),
                append("conditions.md", "- Plantar fasciitis\n"),
                new_page("safety.md", NEW_PAGE),
            ),
        ),
        (
            "restore one, revert one, delete the new page",
            together(
                insert_after("benefits.md", "{#reduces-muscle-spasms}", SPASMS),
                replace("benefits.md", "to hasten recovery", "to accelerate recovery"),
                lambda root: (root / "content" / "safety.md").unlink(),
            ),
        ),
    ],
}


def test_long_paragraph_is_long() -> None:
    """The long-paragraph scenario edits a message GNU wraps over several lines."""
    assert len(LONGER) > 200
    assert RECOVERY in (REPO / "content" / "benefits.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("steps", list(SCENARIOS.values()), ids=list(SCENARIOS))
def test_update_agrees_with_msgmerge(tmp_path: Path, steps: list[Step]) -> None:
    """After each edit: our update == msgmerge --previous, msgfmt -c passes, nothing lost."""
    root = make_project(tmp_path / "project")
    runner = CliRunner()
    template = root / "locales" / "messages.pot"
    for number, (label, edit) in enumerate(steps, start=1):
        if edit is not None:
            edit(root)
        result = runner.invoke(i18n, ["--root", str(root), "extract"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        before = tmp_path / f"step{number}"
        before.mkdir()
        for code in CATALOGS:
            shutil.copy(catalog(root, code), before / f"{code}.po")
        result = runner.invoke(i18n, ["--root", str(root), "update"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        problems = []
        changed = edit is None
        for code in CATALOGS:
            ours = catalog(root, code)
            gnu.assert_msgfmt_ok(ours)
            expected = gnu.msgmerge(before / f"{code}.po", template, before / f"{code}.gnu.po")
            old, theirs, mine = (gnu.canonical(p) for p in (before / f"{code}.po", expected, ours))
            problems += [f"[{code}] {p}" for p in gnu.differences(theirs, mine)]
            problems += [f"[{code}] {p}" for p in gnu.lost_translations(old, mine)]
            changed = changed or bool(gnu.differences(old, theirs))
        assert changed, f"step {number} ({label}) changed no catalog: the edit missed"
        if problems:
            shown = "\n  ".join(problems[:40])
            pytest.fail(f"step {number} ({label}): {len(problems)} problem(s)\n  {shown}")


def catalog(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "messages.po"


# -- real-world catalogs (tests/data, see SOURCES.md) ----------------------------------

SAMPLES = sorted((Path(__file__).parent / "data").glob("*.po"))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_merge_command_agrees_on_real_catalogs(tmp_path: Path, sample: Path, seed: int) -> None:
    """`guide-i18n merge` == msgmerge --previous on other projects' catalogs after a release
    (10% of msgids with a word changed, 5% deleted, 5% new; seeded, so reproducible)."""
    messages = gnu.canonical(sample)
    ref = gnu.write_po(tmp_path / "ref.pot", gnu.release_template(messages, Random(seed)))
    expected = gnu.msgmerge(sample, ref, tmp_path / "gnu.po")
    ours = tmp_path / "ours.po"
    result = CliRunner().invoke(
        i18n, ["merge", str(sample), str(ref), "-o", str(ours)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    gnu.assert_same(gnu.canonical(expected), gnu.canonical(ours), f"{sample.name} seed {seed}")
    gnu.assert_msgfmt_ok(ours, allow_warnings=True)  # GNU's own headers lack a field or two
    assert gnu.lost_translations(messages, gnu.canonical(ours)) == []
