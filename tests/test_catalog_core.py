"""The catalog core on the edits that broke it: one test per scenario, GNU as the oracle.

Every catalog a command writes here is checked with ``msgfmt -c`` by the ``cli``
fixture; where GNU decides (fuzzy, previous msgid, obsolete), ``msgmerge
--previous`` on the same inputs is the expected answer.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from app import workflow
from app.catalogs import compile_mo, serialize_po
from app.files import Interrupted, atomic_write
from app.po import Entry, PoFile, parse_po, read_po

from . import gnu
from .conftest import REPO
from .test_workflow import catalog_path, translate

Cli = Callable[..., Result]

LONG = (
    "Dry needling targets myofascial trigger points (tight knots in muscles), "
    "releasing tension and reducing localized pain. It may help with neck, shoulder "
    "and lower back pain, and with pain that spreads from one area to another."
)
LONG_ES = (
    "La punción seca actúa sobre los puntos gatillo miofasciales (nudos tensos en los "
    "músculos), libera la tensión y reduce el dolor localizado. Puede ayudar con el dolor "
    "de cuello, de hombro y de la parte baja de la espalda, y con el dolor que se extiende."
)


def edit(project: Path, old: str, new: str) -> None:
    page = project / "content" / "guide.md"
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new))


def entry(path: Path, msgid: str, obsolete: bool = False) -> Entry:
    po = read_po(path)
    found = {e.msgid: e for e in (po.obsolete if obsolete else po.entries)}
    return found[msgid]


@pytest.fixture
def es(cli: Cli, project: Path) -> Path:
    """A Spanish catalog with the long paragraph and a short heading translated."""
    gnu.require_gettext()
    edit(project, "Dry needling targets trigger points. It helps reduce pain.", LONG)
    assert cli("extract").exit_code == 0
    assert cli("init", "es").exit_code == 0
    path = catalog_path(project)
    translate(path, {LONG: LONG_ES, "Quick Procedure": "Procedimiento rápido"})
    return path


def update_like_msgmerge(cli: Cli, project: Path, path: Path) -> None:
    """Run our update and msgmerge --previous on the same inputs; they must agree."""
    before = path.parent / "before.po"
    before.write_bytes(path.read_bytes())
    result = cli("update")
    assert result.exit_code == 0, result.output
    expected = gnu.msgmerge(before, project / "locales" / "messages.pot", path.parent / "g.po")
    theirs, ours = gnu.canonical(expected), gnu.canonical(path)
    assert gnu.differences(theirs, ours) == []
    before.unlink()


def test_editing_a_long_sentence_keeps_every_catalog_valid(
    cli: Cli, project: Path, es: Path
) -> None:
    changed = LONG.replace("reducing localized pain", "easing localized pain")
    edit(project, LONG, changed)
    cli("extract")
    update_like_msgmerge(cli, project, es)
    fuzzy = entry(es, changed)
    assert (fuzzy.fuzzy, fuzzy.previous_msgid, fuzzy.msgstr) == (True, LONG, LONG_ES)
    assert "#| msgid " in es.read_text()
    # The next commands still read the catalog.
    assert cli("update", "--check").exit_code == 0
    assert cli("compile").exit_code == 0
    assert cli("check").exit_code in (0, 1)  # a draft with a fuzzy entry: reported, readable


def test_previous_msgid_stays_the_original_english_across_edits(
    cli: Cli, project: Path, es: Path
) -> None:
    first = LONG.replace("tight knots", "tense knots")
    second = first.replace("neck, shoulder", "neck, shoulders")
    for old, new in ((LONG, first), (first, second)):
        edit(project, old, new)
        cli("extract")
        update_like_msgmerge(cli, project, es)
    assert entry(es, second).previous_msgid == LONG
    cli("update")  # an update with nothing new changes nothing
    assert entry(es, second).previous_msgid == LONG


def test_fuzzy_translation_deleted_then_restored_stays_fuzzy(
    cli: Cli, project: Path, es: Path
) -> None:
    edit(project, "### Quick Procedure", "### Quick Procedures")
    cli("extract")
    update_like_msgmerge(cli, project, es)
    assert entry(es, "Quick Procedures").fuzzy
    edit(project, "### Quick Procedures {#quick-procedure}\n", "")
    cli("extract")
    update_like_msgmerge(cli, project, es)
    gone = entry(es, "Quick Procedures", obsolete=True)
    assert (gone.fuzzy, gone.previous_msgid) == (True, "Quick Procedure")
    assert "#~| msgid " in es.read_text()
    page = project / "content" / "guide.md"
    page.write_text(page.read_text() + "\n### Quick Procedures {#quick-procedure}\n\nShort.\n")
    cli("extract")
    update_like_msgmerge(cli, project, es)
    back = entry(es, "Quick Procedures")
    assert (back.fuzzy, back.msgstr) == (True, "Procedimiento rápido")
    assert workflow.read(es, "es").po.entries  # and it is read back, never shown as done


def test_a_removed_translation_comes_back_translated(cli: Cli, project: Path, es: Path) -> None:
    edit(project, "### Quick Procedure {#quick-procedure}\n", "")
    cli("extract")
    update_like_msgmerge(cli, project, es)
    assert entry(es, "Quick Procedure", obsolete=True).msgstr == "Procedimiento rápido"
    page = project / "content" / "guide.md"
    page.write_text(page.read_text() + "\n### Quick Procedure {#quick-procedure}\n\nShort.\n")
    cli("extract")
    update_like_msgmerge(cli, project, es)
    back = entry(es, "Quick Procedure")
    assert (back.fuzzy, back.msgstr) == (False, "Procedimiento rápido")


def test_catalog_written_by_msgmerge_with_obsolete_previous_is_read(
    cli: Cli, project: Path, es: Path
) -> None:
    edit(project, "### Quick Procedure", "### Quick Procedures")
    cli("extract")
    subprocess.run(
        ["msgmerge", "-q", "--previous", "-U", str(es), str(project / "locales/messages.pot")],
        check=True,
    )
    edit(project, "### Quick Procedures {#quick-procedure}\n", "")
    cli("extract")
    subprocess.run(
        ["msgmerge", "-q", "--previous", "-U", str(es), str(project / "locales/messages.pot")],
        check=True,
    )
    assert "#~| msgid " in es.read_text()
    for command in ("update", "compile", "check"):
        assert cli(command).exit_code in (0, 1), command


def test_byte_order_mark_is_accepted_and_removed(cli: Cli, project: Path, es: Path) -> None:
    es.write_bytes(b"\xef\xbb\xbf" + es.read_bytes())
    assert cli("compile").exit_code == 0
    result = cli("update")
    assert result.exit_code == 0, result.output
    assert "note: removed the UTF-8 byte order mark" in result.output
    assert not es.read_bytes().startswith(b"\xef\xbb\xbf")
    gnu.assert_msgfmt_ok(es)


def test_header_charset_that_is_not_the_files_is_a_located_error(
    cli: Cli, project: Path, es: Path
) -> None:
    es.write_bytes(es.read_bytes().replace(b"charset=UTF-8", b"charset=ISO-8859-2"))
    before = es.read_bytes()
    for command in ("update", "compile"):
        result = cli(command)
        assert result.exit_code == 2
        (line,) = result.output.strip().splitlines()
        assert line.startswith("Error: locales/es/LC_MESSAGES/messages.po:")
        assert "says charset=ISO-8859-2 but the file is UTF-8" in line
    assert es.read_bytes() == before


def test_legacy_charset_is_kept_and_unencodable_english_is_an_error(
    cli: Cli, project: Path, es: Path
) -> None:
    text = es.read_text().replace("charset=UTF-8", "charset=CP1250")
    es.write_bytes(text.encode("cp1250", errors="replace"))
    edit(project, "### Quick Procedure", "### Quick Procedure, if pain ≥ 3")
    cli("extract")
    before = es.read_bytes()
    result = cli("update")
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: locales/es/LC_MESSAGES/messages.po")
    assert "cannot be written in CP1250" in line
    assert "msgconv -t UTF-8" in line
    assert es.read_bytes() == before
    edit(project, "### Quick Procedure, if pain ≥ 3", "### Quick Procedure, if needed")
    cli("extract")
    assert cli("update").exit_code == 0
    written = es.read_bytes()
    assert "Procedimiento rápido" in written.decode("cp1250")
    assert b"\\u" not in written


def test_update_never_overwrites_a_translators_save(
    cli: Cli, project: Path, es: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(project, "### Quick Procedure", "### Quick Procedures")
    cli("extract")
    merge = workflow.merge

    def translator_saves_meanwhile(old: PoFile, template: PoFile) -> object:
        saved = es.read_bytes().replace(b'msgstr "Procedimiento', b'msgstr "Nuevo procedimiento')
        es.write_bytes(saved)
        return merge(old, template)

    monkeypatch.setattr(workflow, "merge", translator_saves_meanwhile)
    result = cli("update")
    assert result.exit_code == 2
    assert "changed on disk while this command ran" in result.output
    assert b"Nuevo procedimiento" in es.read_bytes()
    assert [p.name for p in es.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_update_writes_through_a_symlink(cli: Cli, project: Path, es: Path) -> None:
    real = project / "shared-es.po"
    es.rename(real)
    es.symlink_to(real)
    edit(project, "### Quick Procedure", "### Quick Procedures")
    cli("extract")
    assert cli("update").exit_code == 0
    assert es.is_symlink()
    assert entry(real, "Quick Procedures").fuzzy


def test_unwritable_folder_is_one_line_and_exit_2(
    cli: Cli, project: Path, es: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(project, "### Quick Procedure", "### Quick Procedures")
    cli("extract")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    result = cli("update")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: locales/es/LC_MESSAGES/messages.po: cannot write: Permission denied"
    ]


def test_update_merges_every_catalog_it_can(cli: Cli, project: Path, es: Path) -> None:
    assert cli("init", "fr").exit_code == 0
    fr = catalog_path(project, "fr")
    fr.write_text(fr.read_text() + '\nmsgid "broken\n')
    edit(project, "### Quick Procedure", "### Quick Procedures")
    cli("extract")
    result = cli("update")
    assert result.exit_code == 2
    assert "Error: locales/fr/LC_MESSAGES/messages.po:" in result.output
    assert "locales/es/LC_MESSAGES/messages.po: updated" in result.output
    assert entry(es, "Quick Procedures").fuzzy


def test_removed_format_flag_comes_back(cli: Cli, project: Path, es: Path) -> None:
    translate(es, {"%(num)d benefit": ""})
    text = es.read_text()
    es.write_text(
        text.replace('#, python-format\nmsgid "%(num)d benefit"', 'msgid "%(num)d benefit"')
    )
    po = read_po(es)
    (plural,) = [e for e in po.entries if e.plural]
    plural.msgstr_plural = ["%(num)d beneficio", "beneficios", "beneficios"]  # loses the number
    es.write_bytes(serialize_po(po))
    update_like_msgmerge(cli, project, es)
    (plural,) = [e for e in read_po(es).entries if e.plural]
    assert "python-format" in plural.flags
    assert plural.fuzzy  # the translation would fail msgfmt -c: a translator must look


def test_rewrapped_notes_are_not_out_of_date(cli: Cli, project: Path, es: Path) -> None:
    po = read_po(es)
    for e in po.entries:
        e.auto_comments = " ".join(e.auto_comments).replace(". ", ".\n").split("\n")
    es.write_bytes(serialize_po(po))
    before = es.read_bytes()
    result = cli("update", "--check")
    assert result.exit_code == 0, result.output
    assert cli("update").exit_code == 0
    assert es.read_bytes() == before


def test_merge_command_is_msgmerge(tmp_path: Path, cli: Cli, project: Path, es: Path) -> None:
    edit(project, LONG, LONG.replace("tight", "tense"))
    cli("extract")
    out = tmp_path / "out.po"
    result = cli("merge", str(es), str(project / "locales" / "messages.pot"), "-o", str(out))
    assert result.exit_code == 0, result.output
    expected = gnu.msgmerge(es, project / "locales" / "messages.pot", tmp_path / "gnu.po")
    assert gnu.differences(gnu.canonical(expected), gnu.canonical(out)) == []
    gnu.assert_msgfmt_ok(out)
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n')
    result = cli("merge", str(broken), str(project / "locales" / "messages.pot"), "-o", str(out))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {broken}:2: unterminated string (a '\"' inside must be written '\\\"')"
    ]


@pytest.mark.parametrize(
    ("tag", "code", "note"),
    [("iw", "he", "iw is a deprecated code; using he"), ("pt-BR", "pt_BR", None)],
)
def test_init_maps_deprecated_codes(
    cli: Cli, project: Path, tag: str, code: str, note: str | None
) -> None:
    cli("extract")
    result = cli("init", tag)
    assert result.exit_code == 0, result.output
    assert catalog_path(project, code).exists()
    assert (f"Note: {note}" in result.output) == (note is not None)


@pytest.mark.parametrize("tag", ["und", "zxx", "mul", "qaa"])
def test_init_refuses_what_is_not_a_language(cli: Cli, project: Path, tag: str) -> None:
    cli("extract")
    result = cli("init", tag)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "locales" / tag).exists()


def test_percent_in_content_is_prose_not_a_format(cli: Cli, project: Path) -> None:
    edit(project, "It helps reduce pain.", "About 80% of patients feel less pain.")
    cli("extract")
    text = "Dry needling targets trigger points. About 80% of patients feel less pain."
    assert entry(project / "locales" / "messages.pot", text).flags == ["no-python-format"]


def test_compiled_catalog_is_what_msgunfmt_reads(tmp_path: Path) -> None:
    gnu.require_gettext()
    header = Entry(
        msgstr="Content-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n"
    )
    po = PoFile(
        "x.po",
        header,
        [
            Entry(msgid="Menu", msgstr="Menú", msgctxt="nav"),
            Entry(
                msgid="%(n)d day",
                msgid_plural="%(n)d days",
                msgstr_plural=["%(n)d día", "%(n)d días"],
            ),
            Entry(msgid="Later", msgstr="Luego", flags=["fuzzy"]),
            Entry(msgid="Empty"),
        ],
        [],
    )
    mo = tmp_path / "x.mo"
    mo.write_bytes(compile_mo(po))
    back = parse_po(
        subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=True).stdout, "mo"
    )
    assert {(e.msgctxt, e.msgid): e.strings for e in back.entries} == {
        ("nav", "Menu"): ["Menú"],
        (None, "%(n)d day"): ["%(n)d día", "%(n)d días"],
    }


def test_a_termination_signal_during_a_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "messages.po"
    target.write_bytes(b"complete catalog")

    def killed(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(Interrupted):
        atomic_write(target, b"half")
    assert target.read_bytes() == b"complete catalog"
    assert os.listdir(tmp_path) == ["messages.po"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_what_we_write_is_read_alike_by_polib(tmp_path: Path) -> None:
    """Python tools read catalogs with polib: every field, previous msgids included."""
    import polib

    long = LONG + " " + LONG
    po = PoFile(
        "x.po",
        Entry(msgstr="Content-Type: text/plain; charset=UTF-8\n"),
        [
            Entry(
                msgid=long.replace("pain", "pain\n"),
                msgstr=LONG_ES,
                flags=["fuzzy", "no-python-format"],
                previous_msgid=long,
                comments=["a translator's note " * 6],
            ),
            Entry(msgid="%(n)d día", msgid_plural="%(n)d días", msgstr_plural=["一", "二"]),
        ],
        [
            Entry(
                msgid=long, msgstr="中文" * 60, flags=["fuzzy"], previous_msgid=LONG, obsolete=True
            )
        ],
    )
    path = tmp_path / "x.po"
    path.write_bytes(serialize_po(po))
    theirs = polib.pofile(str(path))
    ours = [*po.entries, *po.obsolete]
    assert [(e.msgid, e.msgstr or e.msgstr_plural, bool(e.obsolete)) for e in theirs] == [
        (e.msgid, dict(enumerate(e.msgstr_plural)) if e.plural else e.msgstr, e.obsolete)
        for e in ours
    ]
    # polib 1.2 reads #| but drops #~| (one reason it is not our model).
    assert [e.previous_msgid for e in theirs] == [long, None, None]
    assert theirs[0].tcomment == po.entries[0].comments[0].rstrip()


@pytest.mark.parametrize(
    "path",
    [
        *sorted((REPO / "locales").glob("*/LC_MESSAGES/messages.po")),
        *sorted((REPO / "tests" / "data").glob("*.po")),
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_catalogs_are_written_byte_for_byte_as_gnu_writes_them(path: Path) -> None:
    """msgcat, msgmerge and Poedit's gettext rewrite a catalog as we do: no diff churn."""
    gnu.require_gettext()
    expected = gnu.run("msgcat", path).stdout
    assert serialize_po(read_po(path)) == expected
