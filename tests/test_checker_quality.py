"""The `numbers`, `length` and `whitespace` warnings: true where they fire, quiet where not.

Cases come from an audit on real catalogs (GNOME, git, Picard, Sphinx): each quiet case
was a false warning, each loud one must stay.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from app.checks.quality import _first_digit, ascii_digits, neutral, numbers_in
from app.cli import i18n

from .checker_helpers import catalog, line_of, write

SELECT = "numbers,length,whitespace"


def _entry(msgid: str, msgstr: str) -> str:
    return (
        f"\nmsgid {json.dumps(msgid, ensure_ascii=False)}\n"
        f"msgstr {json.dumps(msgstr, ensure_ascii=False)}\n"
    )


def _findings(tmp_path: Path, body: str, language: str = "fr") -> list[dict[str, object]]:
    """The findings of the selected checks on a catalog of the clean entries and ``body``."""
    path = write(tmp_path / f"{language}.po", catalog(body, language=language))
    result = CliRunner().invoke(
        i18n,
        ["--root", str(tmp_path), "check", str(path), "--select", SELECT, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    findings: list[dict[str, object]] = report["findings"]
    return findings


def _messages(tmp_path: Path, body: str, language: str = "fr") -> list[str]:
    return [f"{f['check']}: {f['message']}" for f in _findings(tmp_path, body, language)]


def test_every_unicode_decimal_digit_reads_as_its_value() -> None:
    every = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isdecimal()]
    assert len(every) > 600  # every script's ten digits
    text = " ".join(every)
    assert ascii_digits(text) == " ".join(str(unicodedata.digit(c)) for c in every)
    assert ascii_digits("᱐᱑᱔ days, 12 ½ ²") == "014 days, 12 ½ ²"  # Ol Chiki; ½ ² are no digits
    assert ascii_digits("plain 123") == "plain 123"


# The rule as one regex, before it was split for speed: the oracle of ``neutral``.
_NEUTRAL_AS_ONE = re.compile(
    r"%(?:\([^()]*\))?[-#0+]*\d*(?:\.\d+)?[hlL]?[diouxXeEfFgGcrsa%]|%\d+(?!\d)"
    r"|\{[^{}]*\}|<[^<>]*>|\]\([^()\s]*\)|\b(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
)


_PIECES = (
    *"%(){}<>[]:/@.&#;_- \nxsé١0",
    *("http://", "https://", "www.", "mailto:", "12:30", "1:2:03", "%(n)d", "%-5.2f", "{0}"),
    *("<b>", "](url)", "&amp;", "&#38;", "a@b.c", "é@x.org", "١٢:٣٠"),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_neutral_blanks_what_the_one_regex_did(text: str) -> None:
    assert neutral(text) == _NEUTRAL_AS_ONE.sub(" ", text)


# -- numbers ---------------------------------------------------------------------------


# numbers_in as it was written before its patterns said [0-9] and its separators were
# dropped without a regex where there are none: its oracle.
_REST_ANY_DIGIT = r"\d*(?:(?:[.,'’\u066b\u066c]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*"
_NUMBER_ANY_DIGIT = re.compile(rf"\d(?<![^\W_]\d)(?>{_REST_ANY_DIGIT})(?![^\W\d_])")
_DECADE_ANY_DIGIT = re.compile(r"(?<![^\W_])['’]?((?:\d\d)?\d0)['’]?s(?![^\W_])")


def _numbers_in_as_it_was(text: str) -> dict[str, int]:
    text = neutral(ascii_digits(text))
    numbers = [re.sub(r"\D", "", n) for n in _NUMBER_ANY_DIGIT.findall(text)]
    numbers += [decade + "s" for decade in _DECADE_ANY_DIGIT.findall(text)]
    counts: dict[str, int] = {}
    for number in numbers:
        counts[number] = counts.get(number, 0) + 1
    return counts


_NUMBER_PIECES = (
    *"0123456789١٢٣४५",
    *",.' \u00a0\u202f’\u066b",
    *"xé_s-",
    "%(n)d",
    "{0}",
    "<b>",
    "90s",
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=14).map("".join))
def test_numbers_are_read_as_the_any_digit_patterns_read_them(text: str) -> None:
    assert numbers_in(text) == _numbers_in_as_it_was(text)
    first = min((text.find(d) for d in "0123456789" if d in text), default=-1)
    assert _first_digit(text) == first


@pytest.mark.parametrize(
    ("language", "msgid", "msgstr"),
    [
        # Ol Chiki (Santali) digits: category Nd like any other script's.
        ("sat", "01, 02, 03", "᱐᱑, ᱐᱒, ᱐᱓"),
        ("sat", "± 14 days", "± ᱑᱔ ᱢᱟᱦᱟᱸ"),
        ("sat", "001, 002, 003, 004", "᱐᱐᱑, ᱐᱐᱒, ᱐᱐᱓, ᱐᱐᱔"),
        ("nqo", "Level 512", "\u07de\u07ce\u07f2 \u07c5\u07c1\u07c2"),  # N'Ko
        ("bo", "Copyright © 1999-2007", "© ༡༩༩༩-༢༠༠༧"),  # Tibetan
        # The percent sign before the number, as Dzongkha and Turkish write it: "%100"
        # is no placeholder there (evince's dz.po).
        ("dz", "100%", "%༡༠༠"),
        ("bn", "Zoom 200%", "জুম %২০০"),
    ],
)
def test_numbers_in_any_scripts_digits_are_found(
    tmp_path: Path, language: str, msgid: str, msgstr: str
) -> None:
    assert _messages(tmp_path, _entry(msgid, msgstr), language) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        # Character references are characters, not numbers (Sphinx, Picard).
        ("Changes in Version %(version)s &#8212; %(docstitle)s", "%(version)s — %(docstitle)s", []),
        ("&#169; %(copyright_prefix)s %(copyright)s.", "© %(copyright_prefix)s %(copyright)s.", []),
        ("&#160;(<a href='{url}'>Syntax Help</a>)", "(<a href='{url}'>Aide</a>)", []),
        ("Chapter&#x2014;Part&nbsp;One", "Chapitre — première partie", []),
        # A reference does not hide a real number beside it.
        ("&#8212; 250 pages", "— 205 pages", ["250"]),
    ],
)
def test_character_references_are_not_numbers(
    tmp_path: Path, msgid: str, msgstr: str, expected: list[str]
) -> None:
    messages = _messages(tmp_path, _entry(msgid, msgstr))
    assert messages == [
        f"numbers: number(s) {n} of the English missing from the translation" for n in expected
    ]


@pytest.mark.parametrize(
    ("language", "msgid", "msgstr", "missing"),
    [
        # A decade is read whole ("1990s" is not the number 199) and may be written short.
        ("es", "A CD format used in the 1990s for many releases.", "Usado en los años 90.", None),
        (
            "ja",
            "A CD format used in the 1990s for many releases.",
            "1990年代に使われた形式。",
            None,
        ),
        ("zh", "Used until the mid-1990s in North America.", "直到20世纪90年代中期。", None),
        ("zh", "Used until the mid-1990s in North America.", "直到二十世纪九十年代中期。", None),
        ("de", "Popular in the 1980s and 90s.", "Beliebt in den 1980er- und 90er-Jahren.", None),
        ("pl", "Popular in the 1980s and 90s.", "Popularny w latach 80. i 90. XX wieku.", None),
        ("fi", "It was popular in the '90s and then faded.", "Se oli suosittu 1990-luvulla.", None),
        # "1970's" is the decade alone, not the number 1970 as well (Audacity, Corsican).
        (
            "co",
            "Rapid tone quality variations, like that guitar sound so popular in the 1970's",
            "Variazioni rapide, cum'è stu sonu di chitarra cusì populare di l'anni 70",
            None,
        ),
        ("fr", "Hits of the 80’s and 90's", "Tubes des années 1980 et 1990", None),
        ("de", "Hits of the 1970's", "Hits der 1970's", None),
        # A decade's "90" is not another number that replaces the spelled "3".
        ("es", "In the 1990s, 3 formats competed.", "En los años 90 compitieron tres.", None),
        ("es", "In the 1990's, 3 formats competed.", "En los 1990's compitieron tres.", None),
        # Digits glued to letters are a word: "20th" is "1900-luvun" in Finnish.
        ("fi", "the first half of the 20th century", "1900-luvun alkupuolella", None),
        (
            "fr",
            "A 8cm single with 2-3 songs.",
            "Un single de 8 cm avec deux ou trois titres.",
            None,
        ),
        # Still reported: another decade, another number.
        (
            "es",
            "A CD format used in the 1990s for many releases.",
            "Usado en los años 80.",
            "1990s",
        ),
        ("fr", "Digits 0,1,2,3 in the 1980s", "Chiffres 0,1,2,3 dans les années 1970", "1980s"),
        ("es", "So popular in the 1970's", "Tan popular en los años 80", "1970s"),
    ],
)
def test_decades_are_read_whole_and_written_any_way(
    tmp_path: Path, language: str, msgid: str, msgstr: str, missing: str | None
) -> None:
    messages = _messages(tmp_path, _entry(msgid, msgstr), language)
    expected = f"numbers: number(s) {missing} of the English missing from the translation"
    assert messages == ([expected] if missing else [])


@pytest.mark.parametrize(
    ("msgid", "msgstr", "missing"),
    [
        # Width templates of a date ("the day/month name with the most letters"): a sample
        # date or the locale's own layout is the translation, not zeros (Nautilus, sr@ije).
        (
            "Wednesday, September 00 0000 at 00:00:00 PM",
            "сриједа, 23. септембар 2003. у 14:34:27",
            None,
        ),
        ("Mon, Oct 00 0000 at 00:00 PM", "Hën, 0 tet në 0.00", None),
        ("Oct 00 0000, 00:00 PM", "23. сеп 2003, 14:24", None),
        ("00/00/00, 00:00 PM", "00.00.00, 00:00", None),
        # A leading zero is layout ("04-Page" is "4-seitige"); %0 and %1 are placeholders.
        ("04-Page Booklet", "4-seitige Broschüre", None),
        ("half past %0", "halb %1", None),
        # True positives stay: a year, a postcode, a small number replaced, a version.
        ("Copyright © 1999-2007 The Nautilus authors", "Copyright © 1999-2006 Les auteurs", "2007"),
        ("Boston, MA 02110-1301 USA", "Boston, MA 02111-1301 USA", "02110"),
        ("Open new window of pinned app 5", "Ouvrir une fenêtre de l'application 4", "5"),
        ("Not supported with cURL < 7.22.0", "Non pris en charge avant cURL 7.44.0", "7220"),
        ("The stack should be 0", "La pile devrait être 3", "0"),  # a single 0 is a number
    ],
)
def test_digit_templates_are_not_numbers_but_changed_numbers_are_reported(
    tmp_path: Path, msgid: str, msgstr: str, missing: str | None
) -> None:
    body = _entry(msgid, msgstr)
    findings = _findings(tmp_path, body, "sr")
    expected = f"number(s) {missing} of the English missing from the translation"
    assert [f["message"] for f in findings] == ([expected] if missing else [])
    if missing:
        text = catalog(body, language="sr")
        assert findings[0]["line"] == line_of(
            text, "msgstr " + json.dumps(msgstr, ensure_ascii=False)
        )


# -- length ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        # Desktop-file Keywords: terms joined by semicolons, as many as the language needs.
        (
            "lock orientation;unlock orientation;screen;rotation",
            "zamknout orientaci;odemknout orientaci;uzamknout orientaci;odemknout natočení;"
            "zamknout natočení;obrazovka;displej;monitor;rotace;otočení;natočení;orientace;"
            "orientace obrazovky;otočení obrazovky;zámek otočení;zámek orientace;na výšku;"
            "na šířku;automatické otáčení;automatické natočení;",
            [],
        ),
        ("Files; Folders; File Manager; Browser; Explorer", "Dateien", []),
        # A glossary's comma list of synonyms: one term may translate them all.
        ("working directory, working copy, working tree", "Arbeitskopie", []),
        ("red, green, blue, cyan, magenta, yellow and black", "CMJN", []),
        # An old-style context prefix: "Context|text" is code, not prose.
        ("MIME type description (MIME type)|%s (%s)", "%s (%s)", []),
        # Prose with commas is still measured.
        (
            "If true, files in new windows will be sorted in reverse order, by name.",
            "Si vrai.",
            ["the translation is 11% of the English length: truncated?"],
        ),
        (
            "Are you sure that you want to remove these files from the list?",
            "Sûr ?",
            ["the translation is 8% of the English length: truncated?"],
        ),
    ],
)
def test_lists_of_any_kind_are_not_measured(
    tmp_path: Path, msgid: str, msgstr: str, expected: list[str]
) -> None:
    findings = _findings(tmp_path, _entry(msgid, msgstr), "de")
    assert [f["message"] for f in findings if f["check"] == "length"] == expected


@pytest.mark.parametrize(
    ("msgstr", "truncated"),
    [
        ("您确定要从列表中删除文件吗？", False),  # Han: 14 characters say it all
        ("本当に一覧から削除しますか？", False),  # kana and Han
        ("목록에서 파일을 제거할까요?", False),  # Hangul
        ("Sûr de vouloir les retirer ?", False),  # 42%: short, not cut
        ("Sûr ?", True),
        ("Убрать?", True),  # Cyrillic is no compact script
        ("确定 remove these?", True),  # two compact letters of fourteen
    ],
)
def test_a_compact_script_is_told_by_its_letters_in_any_catalog(
    tmp_path: Path, msgstr: str, truncated: bool
) -> None:
    """In a catalog whose language is not CJK (mislabelled, or mixed), a translation in
    Han, kana or Hangul is still judged as one, by its letters."""
    english = "Are you sure that you want to remove these files from the list?"
    findings = _findings(tmp_path, _entry(english, msgstr), "de")
    assert any(f["check"] == "length" for f in findings) is truncated


# -- whitespace ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        # Translators' names laid out in columns, with Launchpad's indentation.
        (
            "translator-credits",
            "Launchpad Contributions:\n  Ana García    https://launchpad.net/~ana\n"
            "  Bo Li         https://launchpad.net/~bo ",
            [],
        ),
        ("translator_credits", " Jean  Dupont <jean@example.org>", []),
        # A line indented in the translation is layout, not a doubled space.
        (
            "Otherwise, please use 'git rebase --skip'\n",
            "Sinon, utilisez la commande :\n\n  git rebase --skip\n",
            [],
        ),
        # The English aligns with spaces itself: so may the translation.
        ("Name:  %s\nSize:  %s", "Nom :    %s\nTaille : %s", []),
        # A doubled space between words, in any line, is still reported.
        ("Select all files", "Sélectionner  tous les fichiers", ["a doubled space"]),
        ("Line one\nLine two", "Ligne un\nLigne  deux", ["a doubled space"]),
        # Edges still differ from the English outside the credits.
        ("Name", " Nom", ["a leading space, unlike the English"]),
    ],
)
def test_layout_spaces_are_not_doubled_spaces(
    tmp_path: Path, msgid: str, msgstr: str, expected: list[str]
) -> None:
    findings = _findings(tmp_path, _entry(msgid, msgstr))
    assert [f["message"] for f in findings] == expected
