"""The checker's errors against GNU's verdict, entry by entry, on committed catalogs.

An error means the output breaks or gettext refuses the file (issue 12). So on catalogs
``msgfmt -c`` accepts and in which nothing raises, no error at all; and where msgfmt
rejects entries, the checker's errors in the checks that cover what msgfmt checks are
those very entries, plus the ones where Python raises and GNU 0.21 cannot see it.
``tests/data/checker/SOURCES.md`` says what each catalog holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import i18n
from app.po import read_po

from .gnu import msgfmt_check, require_gettext

DATA = Path(__file__).parent / "data" / "checker"
CLEAN = sorted((DATA / "clean").glob("*.po"))
DEFECTS = sorted((DATA / "defects").glob("*.po"))
# The checks that cover what msgfmt -c checks (markup errors are the checker's own).
MSGFMT_DOMAIN = {"placeholders", "plurals", "newlines", "header", "syntax"}
_LINE_RE = re.compile(r"^.+?:(\d+):(?:\d+:)? (?!warning)(.*)$")


def findings(path: Path, tmp_path: Path) -> list[dict[str, object]]:
    """The checker's findings on one catalog (published: every error fails it)."""
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        i18n, ["--root", str(tmp_path), "check", str(path), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return found


def entry_lines(path: Path) -> list[int]:
    po = read_po(path)
    return sorted(e.line for e in [po.header, *po.entries] if e is not None)


def owner(line: int, starts: list[int]) -> int:
    """The first line of the entry that holds ``line``."""
    return max((start for start in starts if start <= line), default=0)


def msgfmt_rejects(path: Path) -> set[int]:
    """The entries msgfmt -c reports an error in, by their first line."""
    done = msgfmt_check(path)
    starts = entry_lines(path)
    lines = [_LINE_RE.match(line) for line in done.stderr.decode(errors="replace").splitlines()]
    rejected = {
        owner(int(m.group(1)), starts) for m in lines if m and not m.group(2).endswith("...")
    }
    assert (done.returncode != 0) == bool(rejected), done.stderr
    return rejected


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_a_catalog_gettext_accepts_gets_no_error(path: Path, tmp_path: Path) -> None:
    require_gettext()
    assert msgfmt_rejects(path) == set()
    errors = [f for f in findings(path, tmp_path) if f["severity"] == "error"]
    assert errors == []


@pytest.mark.parametrize("path", DEFECTS, ids=[p.name for p in DEFECTS])
def test_errors_are_the_entries_msgfmt_rejects_or_python_raises_on(
    path: Path, tmp_path: Path
) -> None:
    require_gettext()
    theirs = msgfmt_rejects(path)
    assert theirs, "a catalog of defects that msgfmt accepts tests nothing"
    by_key = {(e.msgctxt, e.msgid): e.line for e in read_po(path).entries}
    ours: dict[int, str] = {}
    for finding in findings(path, tmp_path):
        if finding["severity"] == "error" and finding["check"] in MSGFMT_DOMAIN:
            key = (finding["msgctxt"], finding["msgid"])
            ours[by_key.get(key, 0)] = str(finding["message"])  # type: ignore[arg-type]
    assert theirs - ours.keys() == set(), "msgfmt rejects entries the checker passes"
    extras = {line: message for line, message in ours.items() if line not in theirs}
    assert all("Python raises" in message for message in extras.values()), extras


def test_the_issue_examples_are_errors_that_say_what_breaks(tmp_path: Path) -> None:
    """The translations issue 12 found passing, each with its consequence."""
    found = findings(DATA / "defects" / "issue12-fr.po", tmp_path)
    errors = {str(f["msgid"]): str(f["message"]) for f in found if f["severity"] == "error"}
    for msgid in ("%(pct)d%% done", "%(pct)d%% ready", "%(n)s files, 100%% done"):
        assert errors[msgid].endswith(
            "Python raises TypeError: not enough arguments for format string"
        )
    assert "Python raises ValueError" in errors["Hello {name}"]
    assert "Python raises ValueError" in errors["Hello {பெயர்}"]  # msgfmt 0.21 cannot see it
    found = findings(DATA / "defects" / "issue12-sr.po", tmp_path)
    serbian = next(f for f in found if f["msgid"] == "E1106: %d argument too many")
    assert serbian["severity"] == "error"
    assert str(serbian["message"]).startswith("msgstr[0]: %d of the English is missing")
    vim = next(f for f in found if f["msgid"] == "%s%ld line, ")
    assert "msgstr[2]: argument 1 is %ld (a long int) where the English has %s" in str(
        vim["message"]
    )
