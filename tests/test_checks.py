"""Each check on its own: one planted defect gives exactly that finding, at that line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.checks import CHECKS, REGISTRY
from app.checks.pluralforms import PluralFormsError, cldr_disagreement, parse_plural_forms
from app.cli import i18n

from .checker_helpers import catalog, line_of, write

Check = Callable[..., dict[str, object]]
RU = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """Run ``guide-i18n check PATH --format json`` and return the parsed report."""

    def run(*args: str, exit_code: int | None = None) -> dict[str, object]:
        result = CliRunner().invoke(
            i18n, ["--root", str(tmp_path), "check", *args, "--format", "json"]
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        if exit_code is not None:
            assert result.exit_code == exit_code, result.output
        report: dict[str, object] = json.loads(result.stdout)
        return report

    return run


def findings(report: dict[str, object]) -> list[tuple[str, int | None]]:
    return [(f["check"], f["line"]) for f in report["findings"]]  # type: ignore[attr-defined]


def test_the_clean_catalog_has_no_findings(tmp_path: Path, check: Check) -> None:
    path = write(tmp_path / "fr.po", catalog())
    report = check(str(path), exit_code=0)
    assert findings(report) == []
    (stats,) = [c["stats"] for c in report["catalogs"]]  # type: ignore[attr-defined]
    assert (stats["translated"], stats["total"], stats["percent"]) == (6, 6, 100)


# (check id, planted text, the text on the line the finding must point at)
PLANTED = [
    ("untranslated", 'msgid "Pain relief"\nmsgstr ""\n', 'msgid "Pain relief"'),
    (
        "fuzzy",
        '#, fuzzy\n#| msgid "Old pain relief"\nmsgid "Pain relief"\nmsgstr "Soulagement"\n',
        'msgid "Pain relief"',
    ),
    ("obsolete", '#~ msgid "Gone"\n#~ msgstr "Parti"\n', '#~ msgid "Gone"'),
    (
        "placeholders",
        '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Bonjour"\n',
        'msgstr "Bonjour"',
    ),
    ("placeholders", 'msgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n', 'msgstr "Salut'),
    ("placeholders", 'msgid "Bye {name}"\nmsgstr "Au revoir {nom}"\n', 'msgstr "Au revoir'),
    ("placeholders", 'msgid "%s of %s"\nmsgstr "%s"\n', 'msgstr "%s"'),
    (
        "markup",
        'msgid "Take <em>care</em> now."\nmsgstr "Prenez soin maintenant."\n',
        'msgstr "Prenez',
    ),
    ("markup", 'msgid "Be **calm** now."\nmsgstr "Restez **calme maintenant."\n', 'msgstr "Restez'),
    (
        "markup",
        'msgid "See [the list](https://e.org/l) now."\nmsgstr "Voyez la liste maintenant."\n',
        'msgstr "Voyez',
    ),
    ("markup", 'msgid "A <b>bold</b> move"\nmsgstr "Un <b>geste</i> fort"\n', 'msgstr "Un <b>'),
    (
        "plurals",
        'msgid "One needle"\nmsgid_plural "Many needles"\nmsgstr[0] "Une aiguille"\nmsgstr[1] ""\n',
        'msgstr[1] ""',
    ),
    (
        "plurals",
        'msgid "One pin"\nmsgid_plural "Many pins"\nmsgstr[0] "Une épingle"\nmsgstr[1] "Des'
        ' épingles"\nmsgstr[2] "Trop"\n',
        'msgstr[0] "Une épingle"',
    ),
    ("newlines", 'msgid "Line one\\n"\nmsgstr "Ligne une"\n', 'msgstr "Ligne une"'),
    ("unchanged", 'msgid "Needle therapy"\nmsgstr "Needle therapy"\n', 'msgstr "Needle'),
    (
        "numbers",
        'msgid "Rest for 30 minutes."\nmsgstr "Reposez-vous une demi-heure."\n',
        'msgstr "Reposez',
    ),
    (
        "length",
        'msgid "Dry needling is performed by a trained physiotherapist."\nmsgstr "Oui."\n',
        'msgstr "Oui."',
    ),
    ("whitespace", 'msgid "Name"\nmsgstr "Nom "\n', 'msgstr "Nom "'),
    ("whitespace", 'msgid "Your name"\nmsgstr "Votre  nom"\n', 'msgstr "Votre'),
]


@pytest.mark.parametrize(("check_id", "body", "at"), PLANTED)
def test_one_planted_defect_gives_exactly_one_finding(
    tmp_path: Path, check: Check, check_id: str, body: str, at: str
) -> None:
    text = catalog("\n" + body)
    path = write(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po", text)
    report = check(str(path))
    assert findings(report) == [(check_id, line_of(text, at))]
    (finding,) = report["findings"]  # type: ignore[misc]
    assert finding["locale"] == "fr"
    assert finding["path"].endswith("locales/fr/LC_MESSAGES/messages.po")


@pytest.mark.parametrize(
    ("language", "plural", "header_extra", "message"),
    [
        ("fr", "nplurals=INTEGER; plural=EXPRESSION;", "", "template's placeholder"),
        ("ar", "nplurals=2; plural=(n != 1);", "", "disagrees with CLDR for 'ar'"),
        ("ja", "nplurals=2; plural=(n != 1);", "", "disagrees with CLDR for 'ja'"),
        ("fr", "nplurals=2; plural=(n >> 1);", "", "not a valid C expression"),
        ("fr", "nplurals=1; plural=(n > 1);", "", "gives form 1 for n=2, but nplurals=1"),
        ("", "nplurals=2; plural=(n > 1);", "", "no Language field"),
        ("french", "nplurals=2; plural=(n > 1);", "", "not a language code"),
        ("fr", "nplurals=2; plural=(n > 1);", "fuzzy", "the header is marked fuzzy"),
        ("fr", "nplurals=2; plural=(n > 1);", "cp1252", "charset is windows-1252, not UTF-8"),
    ],
)
def test_header_defects(
    tmp_path: Path, check: Check, language: str, plural: str, header_extra: str, message: str
) -> None:
    text = catalog(language=language, plural=plural)
    if header_extra == "fuzzy":
        text = text.replace('msgid ""', '#, fuzzy\nmsgid ""', 1)
    data: str | bytes = text
    if header_extra == "cp1252":  # decoded with the declared charset, then reported
        data = text.replace("charset=UTF-8", "charset=windows-1252").encode("cp1252")
    path = write(tmp_path / "x.po", data)
    report = check(str(path))
    if language in ("ar", "ja"):  # the clean plural entry no longer fits: plurals says so too
        report["findings"] = [f for f in report["findings"] if f["check"] == "header"]  # type: ignore[attr-defined,index]
    assert findings(report) == [("header", line_of(text, 'msgid ""'))]
    assert message in report["findings"][0]["message"]  # type: ignore[index]


def test_no_false_alarms_on_percent_signs_and_braces_in_text(tmp_path: Path, check: Check) -> None:
    body = (
        '\nmsgid "50% of the dose"\nmsgstr "50 % de la dose"\n'
        '\nmsgid "Use 100%."\nmsgstr "Utilisez 100 %."\n'
        '\nmsgid "1,500.5 units"\nmsgstr "1 500,5 unités"\n'
        '\nmsgid "Take 2 tablets"\nmsgstr "Prenez ٢ comprimés"\n'
        '\nmsgid "Usage: guide <file>"\nmsgstr "Utilisation : guide <fichier>"\n'
    )
    path = write(tmp_path / "fr.po", catalog(body))
    assert findings(check(str(path))) == []


def test_a_form_for_one_n_may_drop_the_number_but_a_form_for_many_may_not(
    tmp_path: Path, check: Check
) -> None:
    # Russian form 0 is used for 1, 21, 31...: dropping %(count)s prints "one" for 21 (msgfmt -c).
    entry = (
        '\n#, python-format\nmsgid "One file"\nmsgid_plural "%(count)s files"\n'
        'msgstr[0] "{zero}"\nmsgstr[1] "%(count)s файла"\nmsgstr[2] "%(count)s файлов"\n'
    )
    ru = RU
    clean = "\n".join(catalog().split("\n")[:10]) + "\n"  # header only
    text = clean.replace("Language: fr", "Language: ru").replace(
        "nplurals=2; plural=(n > 1);", ru
    ) + entry.format(zero="Один файл")
    path = write(tmp_path / "ru.po", text)
    assert findings(check(str(path))) == [("placeholders", line_of(text, 'msgstr[0] "Один'))]
    # German form 0 is used for n=1 only: "Eine Datei" is fine.
    text_de = clean.replace("Language: fr", "Language: de").replace(
        "nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);"
    ) + entry.replace('msgstr[2] "%(count)s файлов"\n', "").format(zero="Eine Datei")
    text_de = text_de.replace("%(count)s файла", "%(count)s Dateien")
    path_de = write(tmp_path / "de.po", text_de)
    assert findings(check(str(path_de))) == []


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("#. i18n-check: ignore unchanged\n", []),
        ("# i18n-check: ignore numbers, unchanged\n", []),
        ("# i18n-check: ignore numbers\n", ["unchanged"]),
    ],
)
def test_per_entry_opt_out(tmp_path: Path, check: Check, comment: str, expected: list[str]) -> None:
    body = f'\n{comment}msgid "TMJ clinic Paris"\nmsgstr "TMJ clinic Paris"\n'
    path = write(tmp_path / "fr.po", catalog(body))
    assert [c for c, _ in findings(check(str(path)))] == expected


def test_registry_lists_every_check_once_with_a_title() -> None:
    ids = [c.id for c in REGISTRY]
    assert len(ids) == len(set(ids)) == len(CHECKS) == 17
    assert all(c.title and c.severity.value in ("error", "warning") for c in REGISTRY)
    assert CHECKS["placeholders"].severity.value == "error"
    assert CHECKS["unchanged"].severity.value == "warning"


@pytest.mark.parametrize(
    ("code", "rule", "agrees"),
    [
        (
            "ar",
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
            True,
        ),
        ("ar", "nplurals=2; plural=(n != 1);", False),
        ("fr", "nplurals=2; plural=(n > 1);", True),
        ("fr", "nplurals=2; plural=(n != 1);", False),
        (
            "ru",
            RU,
            True,
        ),
        (
            "pl",
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);",
            True,
        ),
        ("uk", "nplurals=2; plural=(n != 1);", False),
        ("ja", "nplurals=1; plural=0;", True),
        ("de", "nplurals=2; plural=(n != 1);", True),
        ("vi", "nplurals=1; plural=0;", True),
        ("qq", "nplurals=2; plural=(n != 1);", True),  # unknown language: nothing to compare
    ],
)
def test_plural_forms_against_cldr(code: str, rule: str, agrees: bool) -> None:
    assert (cldr_disagreement(code, rule) is None) is agrees


def test_plural_forms_parser_rejects_placeholders_and_bad_expressions() -> None:
    with pytest.raises(PluralFormsError, match="placeholder"):
        parse_plural_forms("nplurals=INTEGER; plural=EXPRESSION;")
    with pytest.raises(PluralFormsError, match="not a valid C expression"):
        parse_plural_forms("nplurals=2; plural=__import__('os');")
    rule = parse_plural_forms("nplurals=2; plural=(n > 1);")
    assert (rule.nplurals, rule.forms[:3], rule.often) == (2, (0, 0, 1), (False, True))


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        (
            '#, python-format\nmsgid "%(pct)d%% done"\nmsgstr "%(pct)d % maintenant"\n',
            ["'% m' is not a placeholder (no conversion 'm'): write %% for a percent sign"],
        ),
        ('#, no-python-format\nmsgid "About 80% of us"\nmsgstr "Environ 80 % d\'entre nous"\n', []),
        ('msgid "About 80% of us"\nmsgstr "Environ 80 % d\'entre nous"\n', []),
        (
            '#, python-brace-format\nmsgid "Hi {name}"\nmsgstr "Salut {name! R}"\n',
            [
                "'{name! ': the conversion after '!' is r, s or a; "
                "write {{ and }} for literal braces"
            ],
        ),
    ],
)
def test_placeholders_follow_the_format_flags_as_msgfmt_does(
    tmp_path: Path, check: Check, body: str, messages: list[str]
) -> None:
    path = write(tmp_path / "fr.po", catalog("\n" + body))
    found = check(str(path))["findings"]
    assert [f["message"] for f in found] == messages  # type: ignore[attr-defined]
