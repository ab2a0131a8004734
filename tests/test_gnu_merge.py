"""`guide-i18n update` against `msgmerge --previous` on the real project, edit after edit.

Each scenario copies the guide (content, UI sources, template and four catalogs) into
tmp_path and applies the edits an editor makes to content/*.md. After every step it
extracts, keeps a copy of each catalog, runs our `update`, runs GNU msgmerge on the copies
with the same template, and compares the two results entry by entry.
"""

from __future__ import annotations

import re
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


# -- edge cases, one small catalog and template each -----------------------------------

GERMAN = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
RUSSIAN = GERMAN.replace("Language: de", "Language: ru").replace(
    "nplurals=2; plural=(n != 1);",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
)
POT = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'


def po(*entries: str, head: str = GERMAN, charset: str = "UTF-8", encoding: str = "utf-8") -> bytes:
    """A catalog (or, with head=POT, a template) of these entry texts."""
    return (head.format(charset=charset) + "\n".join(entries)).encode(encoding)


def pot(*entries: str, charset: str = "UTF-8") -> bytes:
    return po(*entries, head=POT, charset=charset)


def entry(msgid: str, msgstr: str = "", *lines: str) -> str:
    """An entry: comment and flag lines, msgid, msgstr."""
    return "".join(f"{line}\n" for line in lines) + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'


def plural(msgid: str, msgid_plural: str, *forms: str, flags: str = "") -> str:
    head = f"#, {flags}\n" if flags else ""
    strings = "".join(f'msgstr[{i}] "{f}"\n' for i, f in enumerate(forms or ("", "")))
    return f'{head}msgid "{msgid}"\nmsgid_plural "{msgid_plural}"\n{strings}'


def disagreement(reason: str) -> pytest.MarkDecorator:
    """A known disagreement with msgmerge, listed until fixed (strict: a fix must unlist it)."""
    return pytest.mark.xfail(reason=f"differs from msgmerge: {reason}", strict=True)


def brace(msgid: str, msgstr: str) -> tuple[bytes, bytes]:
    """A translation that lost or changed a python-brace-format field; the template flags it."""
    return po(entry(msgid, msgstr)), pot(entry(msgid, "", "#, python-brace-format"))


EDGE_CASES = [
    pytest.param(
        po(entry("Cafe", "Café"), charset="ISO-8859-1", encoding="latin-1"),
        pot(entry("Cafe"), entry("Cafes")),
        id="latin-1 catalog, UTF-8 template",
        marks=disagreement(
            "deliberate: GNU converts the catalog to UTF-8; we keep the translator's charset "
            "(README, Design)"
        ),
    ),
    pytest.param(
        po(entry("Cafe", "Café"), entry("Old", "Alt é"), charset="ISO-8859-1", encoding="latin-1"),
        pot(entry("Cafe"), charset="CHARSET"),
        id="latin-1 catalog, template without a charset",
    ),
    pytest.param(
        b'msgid "Save"\nmsgstr "Speichern"\n', pot(entry("Save")), id="catalog without a header"
    ),
    pytest.param(b"", pot(entry("Save")), id="empty catalog"),
    pytest.param(
        po(entry("Save", "Speichern")), b'msgid "Save"\nmsgstr ""\n', id="no template header"
    ),
    pytest.param(
        po(entry("Save", "Speichern"), entry("Open", "Öffnen")),
        pot(entry("Save"), "#~ " + entry("Open").replace("\n", "\n#~ ", 1)),
        id="obsolete entry in the template",
    ),
    pytest.param(
        po(entry("Save", "Speichern", "# Translator's note", "#, fuzzy", '#| msgid "Sav"')),
        pot(entry("Save", "", "#. A button", "#: src/ui.py:3")),
        id="fuzzy kept, previous msgid kept",
    ),
    pytest.param(
        po(plural("%d file", "%d files", "%d Datei", "%d Dateien")),
        pot(plural("%d file", "%d documents", flags="c-format")),
        id="only msgid_plural changed",
    ),
    pytest.param(
        po(entry("Open", ""), plural("One file", "Many files"), entry("Save", "", "#, fuzzy")),
        pot(entry("Open"), entry("One file"), plural("Save", "Save all")),
        id="untranslated entries never fuzzy",
    ),
    pytest.param(
        po(plural("%d file", "%d files", "eine Datei", "%d Dateien")),
        pot(plural("%d file", "%d files", flags="c-format")),
        id="c-format added, German singular without %d",
    ),
    pytest.param(
        po(plural("%d file", "%d files", "один файл", "%d файла", "%d файлов"), head=RUSSIAN),
        pot(plural("%d file", "%d files", flags="c-format")),
        id="c-format added, Russian form 0 without %d",
    ),
    pytest.param(
        po(entry("%s saved", "gespeichert")),
        pot(entry("%s saved", "", "#, c-format")),
        id="c-format added, %s lost",
    ),
    pytest.param(
        po(entry("$HOME saved", "gespeichert")),
        pot(entry("$HOME saved", "", "#, sh-format")),
        id="sh-format added, $HOME lost",
    ),
    pytest.param(
        po(entry("%(n)d items", "%(n)s Dinge")),
        pot(entry("%(n)d items", "", "#, python-format")),
        id="python-format added, type changed",
    ),
    pytest.param(
        po(entry("100%% sure", "100% sicher")),
        pot(entry("100%% sure", "", "#, python-format")),
        id="python-format added, bare percent",
    ),
    pytest.param(*brace("{name} saved", "gespeichert"), id="python-brace-format, field lost"),
    pytest.param(*brace("{0} of {1}", "{1} von {0}"), id="python-brace-format, reordered"),
    pytest.param(*brace("{} saved", "{0} gespeichert"), id="python-brace-format, auto-numbered {}"),
    pytest.param(
        *brace("{name!r:>10} saved", "{name} gespeichert"), id="python-brace-format, !r conversion"
    ),
    pytest.param(
        po(plural("%d file", "%d files", "%d Datei", "%d Dateien", flags="range: 0..10")),
        pot(plural("%d file", "%d files", flags="c-format, range: 0..20")),
        id="range widened",
    ),
    pytest.param(
        po('msgctxt "menu"\n' + entry("Open the file", "Datei öffnen")),
        pot('msgctxt "toolbar"\n' + entry("Open the file")),
        id="context changed",
    ),
    pytest.param(
        po('#, fuzzy\n#~| msgid "Open a file"\n#~ msgid "Open the file"\n#~ msgstr "Öffnen"\n'),
        pot(entry("Open the file"), entry("Open the files")),
        id="fuzzy obsolete entry revived",
    ),
    pytest.param(
        po('#~ msgid "Open the file now"\n#~ msgstr "Datei jetzt öffnen"\n'),
        pot(entry("Open the files now")),
        id="obsolete entry as fuzzy match",
    ),
    pytest.param(
        b"# Translator comment\n#, fuzzy\n" + po(entry("Save", "Speichern")),
        pot(entry("Save")),
        id="fuzzy header with comments",
    ),
    pytest.param(
        po(entry("Save", "Speichern")).replace(b"\n", b"\r\n"),
        pot(entry("Save")),
        id="CRLF catalog",
    ),
    pytest.param(
        po(entry("ab", "AB"), entry("abcd", "ABCD")),
        pot(entry("abc"), entry("a"), entry("abce")),
        id="msgids shorter than a 4-gram",
    ),
    pytest.param(
        po(entry("Save", "Speichern")).replace(
            b"Language: de", b"Language-Team: German <de@li.org>"
        ),
        pot(entry("Save")),
        id="Language from a Language-Team with an address",
    ),
    pytest.param(
        po(entry("Save", "Speichern"), charset="utf-8"),
        pot(entry("Save")),
        id="lowercase charset",
    ),
    pytest.param(
        po(entry("Save", "Speichern")),
        pot(entry("Save", "", "#. TRANSLATORS: a button.", "#.   Keep it short.")),
        id="indented extracted comment",
    ),
]


@pytest.mark.parametrize(("definitions", "reference"), EDGE_CASES)
def test_merge_command_agrees_on_edge_cases(
    tmp_path: Path, definitions: bytes, reference: bytes
) -> None:
    """`guide-i18n merge DEF REF -o OUT` writes what msgmerge --previous writes."""
    catalog, template = tmp_path / "def.po", tmp_path / "ref.pot"
    catalog.write_bytes(definitions)
    template.write_bytes(reference)
    expected = gnu.msgmerge(catalog, template, tmp_path / "gnu.po")
    ours = tmp_path / "ours.po"
    result = CliRunner().invoke(
        i18n, ["merge", str(catalog), str(template), "-o", str(ours)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    gnu.assert_same(gnu.canonical(expected), gnu.canonical(ours), "merge")
    if gnu.msgfmt_check(expected).returncode == 0:
        gnu.assert_msgfmt_ok(ours, allow_warnings=True)


# -- what GNU rejects, we reject (and the reverse) -------------------------------------

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
REJECTED = [
    pytest.param('msgid "Save\nmsgstr "x"\n', id="unterminated string"),
    pytest.param(entry("Save", "a") + "\n" + entry("Save", "b"), id="duplicate msgid"),
    pytest.param('msgstr "x"\n', id="msgstr without msgid"),
    pytest.param(entry("Save", "\\q"), id="unknown escape"),
    pytest.param('msgid "Save"\n', id="msgid without msgstr"),
    pytest.param('msgid "Save"\nmsgid_plural "Saves"\nmsgstr[1] "x"\n', id="plural from 1"),
    pytest.param('msgid "Save"\nmsgstr[0] "x"\n', id="msgstr[0] without plural"),
    pytest.param('msgid "Save"\nmsgstr "x" junk\n', id="junk after a string"),
    pytest.param('msgctxt "a"\nmsgctxt "b"\nmsgid "Save"\nmsgstr "x"\n', id="two contexts"),
    pytest.param('msgid "Save"\nmsgid_plural "Saves"\nmsgstr "x"\n', id="plural with msgstr"),
    pytest.param(
        '#~ msgid "Save"\n#~ msgstr "x"\n\n' + entry("Save", "y"),
        id="same msgid active and obsolete",
    ),
]


@pytest.mark.parametrize("body", REJECTED)
def test_merge_command_rejects_what_msgmerge_rejects(tmp_path: Path, body: str) -> None:
    """A catalog msgmerge refuses gives one `Error: path:line: message` line and exit 2."""
    catalog = tmp_path / "def.po"
    catalog.write_text(HEADER + body, encoding="utf-8")
    template = tmp_path / "ref.pot"
    template.write_bytes(pot(entry("Save")))
    assert gnu.run("msgmerge", "-q", "-o", tmp_path / "gnu.po", catalog, template).returncode
    result = CliRunner().invoke(
        i18n, ["merge", str(catalog), str(template), "-o", str(tmp_path / "out.po")]
    )
    assert result.exit_code == 2, result.output
    assert re.fullmatch(rf"Error: {re.escape(str(catalog))}:\d+: [^\n]+\n", result.output)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('  msgid "Save"\n  msgstr "x"\n', id="indented keywords"),
        pytest.param('msgid\t"Sa\\x76e"\nmsgstr\t"\\101"\n', id="tabs, hex and octal escapes"),
        pytest.param(
            entry("Save", "x") + '\n#~ #, fuzzy\n#~ msgid "Old"\n#~ msgstr "y"\n',
            id="flags inside an obsolete entry",
        ),
        pytest.param('msgid "Sa" "ve"\nmsgstr "x"\n', id="two strings on one line"),
    ],
)
def test_merge_command_accepts_what_msgmerge_accepts(tmp_path: Path, body: str) -> None:
    """Odd but valid catalogs merge as msgmerge merges them."""
    catalog = tmp_path / "def.po"
    catalog.write_text(HEADER + body, encoding="utf-8")
    template = tmp_path / "ref.pot"
    template.write_bytes(pot(entry("Save")))
    expected = gnu.msgmerge(catalog, template, tmp_path / "gnu.po")
    ours = tmp_path / "ours.po"
    result = CliRunner().invoke(i18n, ["merge", str(catalog), str(template), "-o", str(ours)])
    assert result.exit_code == 0, result.output
    gnu.assert_same(gnu.canonical(expected), gnu.canonical(ours), "merge")
