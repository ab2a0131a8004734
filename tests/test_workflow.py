"""The catalog workflow end to end: extract, init, update, compile, and their --check modes."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from app.catalogs import serialize_po
from app.locales import load_registry
from app.po import read_po

from .conftest import REPO

Cli = Callable[..., Result]


def catalog_path(project: Path, code: str = "es") -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "messages.po"


def translate(path: Path, translations: dict[str, str]) -> None:
    """Fill msgstr for the given msgids, as a translator's editor would."""
    po = read_po(path)
    for entry in po.entries:
        entry.msgstr = translations.get(entry.msgid, entry.msgstr)
    path.write_bytes(serialize_po(po))


def test_extract_writes_every_kind_of_message_with_notes_and_references(
    cli: Cli, project: Path
) -> None:
    result = cli("extract")
    assert result.exit_code == 0, result.output
    assert "Wrote locales/messages.pot: 8 messages (new template)." in result.output
    po = read_po(project / "locales" / "messages.pot")
    by_id = {e.msgid: e for e in po.entries}
    skip = by_id["Skip to content"]
    assert skip.references == ["app/templates/base.html:2"]
    assert skip.auto_comments == ["Link to the main content, first thing on every page."]
    plural = by_id["%(num)d benefit"]
    assert plural.msgid_plural == "%(num)d benefits"
    assert plural.auto_comments == ["Translators: Number of benefits in a section."]
    assert "python-format" in plural.flags
    paragraph = by_id["Dry needling targets trigger points. It helps reduce pain."]
    assert paragraph.references == ["content/guide.md:13"]
    assert paragraph.auto_comments == [
        "Text of the benefit “Reduces Muscle Pain” on the page “Guide”.",
        "keep it plain.",
    ]
    assert all(e.auto_comments and e.references for e in po.entries)


def test_extract_is_deterministic_and_check_detects_staleness(cli: Cli, project: Path) -> None:
    cli("extract")
    template = project / "locales" / "messages.pot"
    first = template.read_bytes()
    result = cli("extract")
    assert "is up to date" in result.output
    assert template.read_bytes() == first  # no timestamp churn
    assert cli("extract", "--check").exit_code == 0

    page = project / "content" / "guide.md"
    page.write_text(page.read_text().replace("It helps reduce pain.", "It may reduce pain."))
    result = cli("extract", "--check")
    assert result.exit_code == 1
    assert "out of date (1 added, 1 removed)" in result.output
    assert template.read_bytes() == first  # --check writes nothing


def test_standard_pybabel_extract_gives_the_committed_messages(tmp_path: Path) -> None:
    out = tmp_path / "x.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(out),
            ".",
        ],
        cwd=REPO,
        check=True,
    )
    ours = read_po(REPO / "locales" / "messages.pot")
    theirs = read_po(out)

    def messages(po: object) -> list[tuple[object, ...]]:
        return [
            # pybabel wraps #. notes at 76 columns; xgettext and we keep them as written.
            (e.msgctxt, e.msgid, e.msgid_plural, " ".join(e.auto_comments), e.references)
            for e in po.entries  # type: ignore[attr-defined]
        ]

    assert messages(theirs) == messages(ours)


def test_committed_template_and_catalogs_are_current() -> None:
    from click.testing import CliRunner

    from app.cli import i18n

    runner = CliRunner()
    for command in ("extract", "update"):
        result = runner.invoke(i18n, ["--root", str(REPO), command, "--check"])
        assert result.exit_code == 0, result.output


def test_init_creates_catalog_with_cldr_plurals_and_registers_draft(
    cli: Cli, project: Path
) -> None:
    cli("extract")
    result = cli("init", "pt-BR")
    assert result.exit_code == 0, result.output
    po = read_po(catalog_path(project, "pt_BR"))
    assert po.headers["Language"] == "pt_BR"
    assert po.headers["Plural-Forms"].startswith("nplurals=3;")
    assert po.headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert len(po.entries) == 8
    registry = load_registry(project / "locales" / "locales.toml")
    assert [(loc.code, loc.status) for loc in registry.locales] == [("pt_BR", "draft")]
    assert cli("init", "ar").exit_code == 0
    assert read_po(catalog_path(project, "ar")).headers["Plural-Forms"].startswith("nplurals=6;")
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    msgfmt = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(catalog_path(project, "ar"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (msgfmt.returncode, msgfmt.stderr) == (0, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("init", "xx-YY"), "not a locale known to CLDR"),
        (("init", "../etc"), "is not a language code"),
        (("init", "en"), "is the source language"),
    ],
)
def test_init_rejects_bad_locales(cli: Cli, args: tuple[str, ...], message: str) -> None:
    cli("extract")
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_init_refuses_to_overwrite(cli: Cli) -> None:
    cli("extract")
    cli("init", "es")
    result = cli("init", "es")
    assert result.exit_code == 2
    assert "already exists" in result.output


def test_no_translation_is_ever_lost(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "es")
    po_path = catalog_path(project, "es")
    old = "Dry needling targets trigger points. It helps reduce pain."
    translate(
        po_path,
        {
            old: "La punción seca actúa sobre los puntos gatillo.",
            "Quick Procedure": "Procedimiento rápido",
            "Pain Relief": "Alivio del dolor",
        },
    )

    page = project / "content" / "guide.md"
    text = page.read_text()
    text = text.replace("It helps reduce pain.", "It may help reduce pain.")
    text = text.replace("### Quick Procedure {#quick-procedure}\n\n", "")
    text = text.replace("Sessions are typically short (15–30 minutes).\n", "")
    page.write_text(text)
    assert cli("extract", "--check").exit_code == 1
    assert cli("extract").exit_code == 0
    assert cli("update", "--check").exit_code == 1
    result = cli("update")
    assert "updated (0 new, 1 fuzzy, 1 obsolete)" in result.output
    assert cli("update", "--check").exit_code == 0

    po = read_po(po_path)
    edited = {e.msgid: e for e in po.entries}[
        "Dry needling targets trigger points. It may help reduce pain."
    ]
    assert edited.fuzzy
    assert edited.previous_msgid == old
    assert edited.msgstr == "La punción seca actúa sobre los puntos gatillo."
    assert {e.msgid: e.msgstr for e in po.obsolete} == {"Quick Procedure": "Procedimiento rápido"}
    assert "#| msgid " in po_path.read_text()
    assert {e.msgid: e.msgstr for e in po.entries}["Pain Relief"] == "Alivio del dolor"

    # A second update keeps the previous msgid of the still-fuzzy entry.
    cli("update")
    again = {e.msgid: e for e in read_po(po_path).entries}[edited.msgid]
    assert again.previous_msgid == old

    # The removed sentence comes back: its translation is restored, not retyped.
    page.write_text(PAGE_WITH_PROCEDURE(text))
    cli("extract")
    cli("update")
    restored = {e.msgid: e for e in read_po(po_path).entries}["Quick Procedure"]
    assert (restored.msgstr, restored.fuzzy) == ("Procedimiento rápido", False)
    assert read_po(po_path).obsolete == []


def PAGE_WITH_PROCEDURE(text: str) -> str:  # noqa: N802 - reads as a constant builder
    return text + "\n### Quick Procedure {#quick-procedure}\n\nShort sessions.\n"


def test_update_rewrites_only_catalogs_that_change(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "es")
    po_path = catalog_path(project, "es")
    # A translator's editor may wrap lines differently: that is not "out of date".
    po_path.write_text(po_path.read_text().replace('msgstr ""\n\n', 'msgstr ""\n\n\n', 1))
    before = po_path.read_bytes()
    result = cli("update")
    assert "up to date" in result.output
    assert po_path.read_bytes() == before


def test_compile_writes_mo_without_fuzzy_entries(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "es")
    po_path = catalog_path(project, "es")
    translate(po_path, {"Pain Relief": "Alivio del dolor", "Quick Procedure": "Rápido"})
    text = po_path.read_text().replace(
        'msgid "Quick Procedure"', '#, fuzzy\nmsgid "Quick Procedure"'
    )
    po_path.write_text(text)
    result = cli("compile")
    assert result.exit_code == 0, result.output
    assert "locales/es/LC_MESSAGES/messages.mo: 1 of 8 messages" in result.output
    with po_path.with_suffix(".mo").open("rb") as fileobj:
        translations = gettext.GNUTranslations(fileobj)
    assert translations.gettext("Pain Relief") == "Alivio del dolor"
    assert translations.gettext("Quick Procedure") == "Quick Procedure"


def test_broken_catalog_is_one_located_line_and_exit_2(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "es")
    po_path = catalog_path(project, "es")
    lines = po_path.read_text().splitlines()
    index = lines.index('msgid "Pain Relief"')
    lines[index + 1] = 'msgstr "Alivio'
    po_path.write_text("\n".join(lines) + "\n")
    before = po_path.read_bytes()
    for command in ("update", "compile"):
        result = cli(command)
        assert result.exit_code == 2
        assert result.output.strip().splitlines() == [
            f"Error: locales/es/LC_MESSAGES/messages.po:{index + 2}: unterminated string "
            "(a '\"' inside must be written '\\\"')"
        ]
    assert po_path.read_bytes() == before  # nothing written, nothing lost


def test_broken_content_is_one_located_line_and_exit_2(cli: Cli, project: Path) -> None:
    page = project / "content" / "guide.md"
    page.write_text(page.read_text() + "\n> a quote\n")
    result = cli("extract")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: content/guide.md:19: unknown block kind: a quote (>) is not supported in a page"
    ]
    assert not (project / "locales" / "messages.pot").exists()


def test_update_reports_missing_catalog(cli: Cli, project: Path) -> None:
    cli("extract")
    (project / "locales" / "locales.toml").write_text('[locales.es]\nstatus = "draft"\n')
    result = cli("update")
    assert result.exit_code == 2
    assert "missing; create it with `guide-i18n init es`" in result.output


def test_console_script_and_flask_command_run_without_flask_app(tmp_path: Path) -> None:
    env_cmds = [
        [sys.executable, "-c", "from app.console import main; main()", "extract", "--check"],
        [sys.executable, "-m", "flask", "i18n", "extract", "--check"],
    ]
    for command in env_cmds:
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "is up to date" in result.stdout
