"""The strict PO reader: what it keeps, and where it stops on a broken file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.po import PoSyntaxError, parse_po, read_po

HEADER = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_reads_every_part_of_an_entry() -> None:
    text = HEADER + (
        "# A translator's note\n"
        "#. Shown on the home page\n"
        "#: content/a.md:3 app/x.py:9\n"
        "#, fuzzy, python-format\n"
        '#| msgid "Old %(n)s"\n'
        'msgctxt "menu"\n'
        'msgid "New %(n)s"\n'
        'msgstr "Nouveau "\n'
        '"%(n)s\\n"\n'
        "\n"
        'msgid "one"\n'
        'msgid_plural "many"\n'
        'msgstr[0] "un"\n'
        'msgstr[1] ""\n'
        "\n"
        '#~ msgid "Gone"\n'
        '#~ msgstr "Parti"\n'
    )
    po = parse_po(text.encode(), "fr.po")
    assert po.headers["Language"] == "fr"
    first, plural = po.entries
    assert (first.msgctxt, first.msgid, first.msgstr, first.line) == (
        "menu",
        "New %(n)s",
        "Nouveau %(n)s\n",
        12,
    )
    assert first.flags == ["fuzzy", "python-format"]
    assert first.previous_msgid == "Old %(n)s"
    assert first.comments == ["A translator's note"]
    assert first.auto_comments == ["Shown on the home page"]
    assert first.references == ["content/a.md:3", "app/x.py:9"]
    assert not first.translated
    assert plural.msgstr_plural == ["un", ""]
    assert (first.string_line(), plural.string_line(1), plural.string_line(5)) == (13, 19, 16)
    assert not plural.translated  # an empty plural form is not a translation
    (gone,) = po.obsolete
    assert (gone.msgid, gone.msgstr, gone.obsolete) == ("Gone", "Parti", True)


def test_multiline_previous_msgid_and_escapes() -> None:
    text = HEADER + '#| msgid ""\n#| "a "\n#| "b"\nmsgid "x\\ty\\"z\\\\"\nmsgstr "\\101"\n'
    (entry,) = parse_po(text.encode(), "fr.po").entries
    assert entry.previous_msgid == "a b"
    assert (entry.msgid, entry.msgstr) == ('x\ty"z\\', "A")


def test_declared_charset_is_used_when_not_utf8() -> None:
    text = HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "coffee"\nmsgstr "café"\n'
    po = parse_po(text.encode("latin-1"), "fr.po")
    assert po.entries[0].msgstr == "café"
    assert po.encoding == "iso8859-1"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
        ('msgid "a"\nmsgst "b"\n', 2, "keyword 'msgst' unknown"),
        ('msgid "a"\n', 1, "missing 'msgstr' for this msgid (file truncated?)"),
        (
            'msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n',
            3,
            "duplicate message definition (first defined on line 1)",
        ),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 3, "needs 'msgstr[0]'"),
        ('msgid "a"\nmsgstr[0] "c"\n', 2, "without 'msgid_plural'"),
        (
            'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[7] "d"\n',
            4,
            "'msgstr[7]' out of order: expected msgstr[1]",
        ),
        ('"orphan"\n', 1, "a string without a keyword"),
        ('msgid "a"\nmsgstr "b" extra\n', 2, "unterminated string"),
        ('msgid a\nmsgstr "b"\n', 1, "expected a string in double quotes"),
        ('msgid "a\\q"\nmsgstr "b"\n', 1, "invalid escape sequence '\\q'"),
        ('msgid "a"\n# comment\nmsgstr "b"\n', 1, "missing 'msgstr' for this msgid"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "a second 'msgstr'"),
        ('msgstr "b"\n', 1, "'msgstr' without a 'msgid' before it"),
        ('msgctxt "c"\n', 1, "'msgctxt' without a 'msgid'"),
        (b'msgid "a"\nmsgstr "\xff"\n', 2, "not valid UTF-8"),
    ],
)
def test_broken_files_give_located_errors(text: str | bytes, line: int, message: str) -> None:
    data = text if isinstance(text, bytes) else text.encode()
    with pytest.raises(PoSyntaxError, match=re.escape(message)) as info:
        parse_po(data, "locales/fr/LC_MESSAGES/messages.po")
    assert info.value.line == line
    assert str(info.value).startswith(f"locales/fr/LC_MESSAGES/messages.po:{line}: ")


def test_empty_file_is_an_empty_catalog() -> None:
    po = parse_po(b"", "empty.po")
    assert (po.header, po.entries, po.obsolete) == (None, [], [])


def test_unreadable_paths_are_reported_not_raised(tmp_path: Path) -> None:
    with pytest.raises(PoSyntaxError, match="is a directory"):
        read_po(tmp_path, "dir.po")
    with pytest.raises(PoSyntaxError, match="cannot read"):
        read_po(tmp_path / "missing.po", "missing.po")


def test_huge_lines_parse_in_linear_time() -> None:
    # A 10 MB line, plain and with escapes, and unterminated: no catastrophic backtracking.
    plain = "a" * 10_000_000
    escaped = "a" * 10_000_000 + "\\n" * 1000
    po = parse_po(f'msgid "x"\nmsgstr "{plain}"\nmsgid "y"\nmsgstr "{escaped}"\n'.encode(), "b.po")
    assert [len(e.msgstr) for e in po.entries] == [10_000_000, 10_001_000]
    with pytest.raises(PoSyntaxError, match="unterminated string") as info:
        parse_po(f'msgid "x"\nmsgstr "{escaped}\n'.encode(), "big.po")
    assert info.value.line == 2
