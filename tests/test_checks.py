"""Each check on its own: one planted defect gives exactly that finding, at that line."""

from __future__ import annotations

import json
import re
import shutil
import string
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from app.checks import CHECKS, REGISTRY
from app.checks.language import code_from_path
from app.checks.pluralforms import PluralFormsError, cldr_disagreement, parse_plural_forms
from app.cli import i18n

from .checker_helpers import FR_PLURAL, catalog, line_of, write
from .gnu import msgfmt_check

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
    (
        "placeholders",
        '#, c-format\nmsgid "%ld lines"\nmsgstr "%d lignes"\n',
        'msgstr "%d lignes"',
    ),
    (
        "placeholders",
        '#, python-brace-format\nmsgid "Hi {name}"\nmsgstr "Salut {nom}"\n',
        'msgstr "Salut',
    ),
    ("placeholders-differ", 'msgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n', 'msgstr "Salut'),
    (
        "placeholders-differ",
        'msgid "Bye {name}"\nmsgstr "Au revoir {nom}"\n',
        'msgstr "Au revoir',
    ),
    ("placeholders-differ", 'msgid "%s of %s"\nmsgstr "%s"\n', 'msgstr "%s"'),
    (
        "markup-changed",
        'msgid "Take <em>care</em> now."\nmsgstr "Prenez soin maintenant."\n',
        'msgstr "Prenez',
    ),
    (
        "markup-changed",
        'msgid "Be **calm** now."\nmsgstr "Restez **calme maintenant."\n',
        'msgstr "Restez',
    ),
    (
        "markup-changed",
        'msgid "See [the list](https://e.org/l) now."\nmsgstr "Voyez la liste maintenant."\n',
        'msgstr "Voyez',
    ),
    ("markup", 'msgid "A <b>bold</b> move"\nmsgstr "Un <b>geste</i> fort"\n', 'msgstr "Un <b>'),
    (
        "markup",
        'msgid "A <a href=\\"x\\">link</a>"\nmsgstr "Un <a href=\\"x\\">lien"\n',
        'msgstr "Un',
    ),
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
        'msgid "Rest for 30 minutes."\nmsgstr "Reposez-vous 20 minutes."\n',
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
    ("check_id", "language", "plural", "header_extra", "message"),
    [
        ("header", "fr", "nplurals=INTEGER; plural=EXPRESSION;", "", "msgfmt -c refuses the file"),
        ("header", "fr", "nplurals=2; plural=(n >> 1);", "", "not a valid C expression"),
        ("header", "fr", "nplurals=1; plural=(n > 1);", "", "gives form 1 for n=2, but nplurals=1"),
        ("header", "fr", "nplurals=2; plural=(n > 1);", "CHARSET", "Python's gettext cannot load"),
        (
            "plural-rule",
            "ar",
            "nplurals=2; plural=(n != 1);",
            "",
            "puts 0 in 'zero' and 2 in 'two'",
        ),
        ("header-fields", "", "nplurals=2; plural=(n > 1);", "", "no Language field"),
        ("header-fields", "french", "nplurals=2; plural=(n > 1);", "", "not a language code"),
        ("header-fields", "fr", "nplurals=2; plural=(n > 1);", "fuzzy", "msgfmt compiles"),
        ("header-fields", "fr", "nplurals=2; plural=(n > 1);", "cp1252", "windows-1252, not UTF-8"),
    ],
)
def test_header_defects(
    tmp_path: Path,
    check: Check,
    check_id: str,
    language: str,
    plural: str,
    header_extra: str,
    message: str,
) -> None:
    text = catalog(language=language, plural=plural)
    if header_extra == "fuzzy":
        text = text.replace('msgid ""', '#, fuzzy\nmsgid ""', 1)
    if header_extra == "CHARSET":  # the template's placeholder, with French in the file
        text = text.replace("charset=UTF-8", "charset=CHARSET")
    data: str | bytes = text
    if header_extra == "cp1252":  # decoded with the declared charset, then reported
        data = text.replace("charset=UTF-8", "charset=windows-1252").encode("cp1252")
    path = write(tmp_path / "x.po", data)
    report = check(str(path))
    if language == "ar":  # the clean plural entry no longer fits: plurals says so too
        report["findings"] = [f for f in report["findings"] if f["check"] != "plurals"]  # type: ignore[attr-defined]
    assert findings(report) == [(check_id, line_of(text, 'msgid ""'))]
    assert message in report["findings"][0]["message"]  # type: ignore[index]


def test_errors_are_what_gettext_refuses_and_the_rest_warnings(
    tmp_path: Path, check: Check
) -> None:
    """What msgfmt accepts and nothing trips over is never an error (issue 12)."""
    fuzzy = catalog().replace('msgid ""', '#, fuzzy\nmsgid ""', 1)
    latin = catalog().replace("charset=UTF-8", "charset=ISO-8859-1").replace("–", "-")
    latin_bytes = latin.encode("latin-1")
    no_language = catalog(language="")
    welsh = catalog(
        language="cy",
        plural="nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",
    ).replace(
        'msgstr[1] "%(num)d bienfaits"',
        'msgstr[1] "%(num)d b"\nmsgstr[2] "%(num)d c"\nmsgstr[3] "%(num)d d"',
    )
    samples: list[tuple[str, str | bytes]] = [
        ("f.po", fuzzy),
        ("l.po", latin_bytes),
        ("n.po", no_language),
        ("cy.po", welsh),
    ]
    for name, data in samples:
        path = write(tmp_path / name, data)
        found: list[dict[str, str]] = check(str(path), exit_code=0)["findings"]  # type: ignore[assignment]
        assert all(f["severity"] == "warning" for f in found), found
        if shutil.which("msgfmt"):
            assert msgfmt_check(path).returncode == 0


def test_a_plural_forms_msgfmt_ignores_is_an_error_only_where_something_reads_it(
    tmp_path: Path, check: Check
) -> None:
    # No plural message translated: msgfmt ignores it, GNU gettext falls back to n != 1...
    header = catalog(plural="2").split("\n#. The title")[0]
    c_catalog = header + '\n#, c-format\nmsgid "%s saved"\nmsgstr "%s enregistré"\n'
    found: list[dict[str, str]] = check(str(write(tmp_path / "c.po", c_catalog)), exit_code=0)[
        "findings"
    ]  # type: ignore[assignment]
    assert [(f["check"], f["severity"]) for f in found] == [("header-fields", "warning")]
    # ...but Python's gettext cannot load a catalog whose Plural-Forms it cannot read.
    python = header + '\nmsgid "Saved"\nmsgstr "Enregistré"\n'
    found = check(str(write(tmp_path / "py.po", python)))["findings"]  # type: ignore[assignment]
    assert [f["check"] for f in found] == ["header"]


def test_a_plural_entry_without_msgstr_0_is_untranslated_as_msgfmt_reads_it(
    tmp_path: Path, check: Check
) -> None:
    """msgfmt drops it and gettext shows the English: no form count, no placeholder error."""
    body = (
        '\n#, c-format\nmsgid "_%d place"\nmsgid_plural "_%d places"\n'
        'msgstr[0] ""\nmsgstr[1] "_%s កន្លែង"\n'
    )
    header = catalog(language="km", plural="nplurals=1; plural=0;").split("\n#. The title")[0]
    path = write(tmp_path / "km.po", header + body)
    report = check(str(path))
    assert [f for f in report["findings"] if f["severity"] == "error"] == []  # type: ignore[attr-defined,index]
    if shutil.which("msgfmt"):
        assert msgfmt_check(path).returncode == 0


def test_project_catalogs_fail_on_what_the_site_refuses(
    cli: Callable[..., object], project: Path
) -> None:
    """The site uses nothing from a catalog with a fuzzy header, nor a mismatched unflagged
    placeholder: in the project's own catalogs both are errors."""
    (project / "locales" / "locales.toml").write_text(
        'source = "en"\n\n[locales.fr]\nstatus = "draft"\n'
    )
    cli("extract")
    cli("init", "fr")
    path = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    text = path.read_text().replace('msgid ""', '#, fuzzy\nmsgid ""', 1)
    text += '\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n'
    path.write_text(text)
    result = CliRunner().invoke(i18n, ["--root", str(project), "check", "--format", "json"])
    found = {(f["check"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert {("header", "error"), ("placeholders", "error")} <= found


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
    assert len(ids) == len(set(ids)) == len(CHECKS) == 22
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
        ("ja", "nplurals=2; plural=(n != 1);", True),  # splits CLDR's one category: harmless
        ("de", "nplurals=2; plural=(n != 1);", True),
        ("vi", "nplurals=1; plural=0;", True),
        ("qq", "nplurals=2; plural=(n != 1);", True),  # unknown language: nothing to compare
        # The rules of tradition, by what they compute (spelled differently on purpose).
        ("lv", "nplurals=3; plural=(n%10==1 && n%100!=11) ? 0 : (n != 0) ? 1 : 2;", True),
        ("lt", "nplurals=3; plural=n%10==1&&n%100!=11?0:n%10>=2&&(n%100<10||n%100>=20)?1:2;", True),
        ("ga", "nplurals=3; plural=(n==1) ? 0 : (n==2) ? 1 : 2;", True),
        (
            "sl",
            "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
            True,
        ),
        ("cy", "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;", True),
        ("tr", "nplurals=2; plural=(n > 1);", True),
        ("tr", "nplurals=1; plural=0;", True),  # the manual's Turkish until 0.17
        ("cs", RU, True),  # the manual's Czech in 0.10.40
        ("cs", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;", True),
        ("es", "nplurals=2; plural=(n != 1);", True),  # CLDR's "many" for millions aside
        ("sr@latin", "nplurals=4; plural=n==1 ? 3 : " + RU.split("plural=")[1], True),  # split
        ("is", "nplurals=2; plural=(n != 1);", False),  # 21 takes the singular
        ("hi", "nplurals=2; plural=(n != 1);", False),  # 0 takes the singular
        ("pt_PT", "nplurals=2; plural=(n > 1);", False),  # Brazil's rule: 0 is plural in PT
    ],
)
def test_plural_forms_against_cldr(code: str, rule: str, agrees: bool) -> None:
    assert (cldr_disagreement(code, rule) is None) is agrees


_JUDGE_GA_AND_IS = (
    "import sys\n"
    "from app.checks import pluralforms\n"
    "{setup}"
    "rule = 'nplurals=5; plural=(n == 1 ? 0 : n == 2 ? 1 : n >= 3 && n <= 6 ? 2 : "
    "n >= 7 && n <= 10 ? 3 : 4);'\n"
    "print(pluralforms.cldr_disagreement('ga', rule), 'babel.messages' in sys.modules)\n"
    "is_ = pluralforms.cldr_disagreement('is', 'nplurals=2; plural=(n != 1);')\n"
    "print(is_ is not None, 'babel' in sys.modules, 'babel.messages' in sys.modules)\n"
    "import babel.core\n"
    "print(babel.core._global_data is None)\n"
    "print(sorted({{'babel.dates', 'babel.numbers'}} & set(sys.modules)))\n"
)


def test_plural_rules_are_judged_from_the_table_without_importing_babel() -> None:
    """Babel's own rule for Irish (five forms, not the manual's three) agrees with CLDR;
    Icelandic's "n != 1" does not. Both are judged from the table made from Babel's data
    (``cldr_plurals``), and so is zh_TW, which Babel resolves to zh_Hant_TW: Babel is not
    imported (its import and locale files: 10-30 ms)."""
    import subprocess
    import sys

    from app.checks import pluralforms

    if pluralforms._table() is None:
        pytest.skip("cldr_plurals.py is not made from the Babel installed (see the next test)")
    zh_tw = "pluralforms.cldr_disagreement('zh_TW.UTF-8', 'nplurals=2; plural=(n != 1);')\n"
    probe = _JUDGE_GA_AND_IS.format(setup=zh_tw)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == ["None", "False", "True", "False", "False", "True", "[]"]


def test_without_the_table_plural_rules_are_judged_without_importing_babel_messages() -> None:
    """Where the table is not the installed Babel's, or does not name the code, Babel
    judges; it does not import babel.messages (8 ms: its package loads dates and time
    zones): its table of rules is read from its own file. Nor is Babel's global data
    loaded (6 ms): both languages' own files have their rule; nor are its modules of
    dates and numbers, whose patterns are in those files too (4.5 ms)."""
    import subprocess
    import sys

    probe = _JUDGE_GA_AND_IS.format(setup="pluralforms._table = lambda: None\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == ["None", "False", "True", "True", "False", "True", "[]"]


def _in_use(table: ModuleType | None, data: ModuleType, maker: str) -> bool:
    """Whether a table made from Babel's data is the installed Babel's, and so in use; if
    not (a newer Babel: Babel itself is asked, the same verdicts, only slower), a warning
    says how to make it again."""
    if table is None:
        warnings.warn(
            f"{data.__name__} was made from Babel {data.BABEL[0]}: run {maker}.write_table() "
            "to make it from the one installed",
            stacklevel=2,
        )
    return table is not None


def test_the_cldr_table_is_what_babels_data_gives_for_every_locale() -> None:
    """Every row of the table, as the checker reads it, is what Babel gives for the same
    code; and the file is what the installed Babel's data makes, or it is not used."""
    from babel import Locale

    from app.checks import cldr_plurals, pluralforms

    if not _in_use(pluralforms._table(), cldr_plurals, "app.checks.pluralforms"):
        return
    assert pluralforms.table_source() == Path(cldr_plurals.__file__).read_text(encoding="utf-8")
    codes = [*cldr_plurals.LOCALES, *cldr_plurals.ALIASES]  # zh_TW: zh_Hant_TW
    differ = [
        code
        for code in codes
        if pluralforms._row(code) != pluralforms._babel_row(Locale.parse(code))
    ]
    assert differ == []
    assert {"zh_CN", "zh_TW", "sr_RS"} <= cldr_plurals.ALIASES.keys()


def test_the_table_of_names_written_as_in_english_is_babels() -> None:
    from app.checks import cldr_names, names

    if not _in_use(names._table(), cldr_names, "app.checks.names"):
        return
    assert names.table_source() == Path(cldr_names.__file__).read_text(encoding="utf-8")
    cases = [
        (language, text)
        for language in ("ro", "de", "ja", "pt", "et", "qq")
        for text in ("Yemen", "Argentina", "Monaco", "Esperanto", "Germany", "Functions", "")
    ]
    assert [names.written_as_in_english(*case) for case in cases] == [
        names._babel_same(*case) for case in cases
    ]


@pytest.mark.parametrize(
    ("language", "msgid", "warned"),
    [
        ("ro", "Yemen", False),  # CLDR's Romanian name of YE
        ("et", "Monaco", False),
        ("de", "Yemen", True),  # German writes Jemen
        ("ro", "Functions", True),
        ("el", "Argentina", True),  # Αργεντινή
    ],
)
def test_a_name_cldr_writes_as_in_english_is_not_unchanged(
    tmp_path: Path, check: Check, language: str, msgid: str, warned: bool
) -> None:
    body = f'\nmsgid "{msgid}"\nmsgstr "{msgid}"\n'
    rule = "nplurals=2; plural=(n != 1);"
    path = write(tmp_path / f"{language}.po", catalog(body, language=language, plural=rule))
    found = [f for f in check(str(path))["findings"] if f["check"] == "unchanged"]  # type: ignore[attr-defined]
    assert bool(found) is warned


@pytest.mark.parametrize(
    "code", ["zh-TW", "zh_CN.UTF-8", "de_AA", "pt-BR", "sr@latin", "ca_ES@valencia", "qq", "x"]
)
def test_gettext_codes_are_judged_as_babel_resolves_them(code: str) -> None:
    from app.checks import pluralforms

    locale = pluralforms.language_of(code)
    expected = None if locale is None else pluralforms._babel_row(locale)
    assert pluralforms._row(code) == expected


def test_babels_table_of_plural_rules_read_from_its_file_is_babels() -> None:
    """For every language Babel has a rule for, and a few it has not."""
    from babel import Locale
    from babel.messages.plurals import PLURALS, get_plural

    from app.checks.pluralforms import _babel_get_plural

    own = _babel_get_plural()
    assert own is not get_plural  # read from the file, not the imported module
    for code in [*PLURALS, "de_AT", "pt_BR", "sr_Latn", "en_GB"]:
        locale = Locale.parse(code)
        assert str(own(locale)) == str(get_plural(locale)), code


def test_a_plural_rule_message_names_the_numbers_and_the_fix() -> None:
    message = cldr_disagreement("is", "nplurals=2; plural=(n != 1);")
    assert message is not None
    assert message.startswith("Plural-Forms gives n=0 and n=21 the same form (1), but CLDR's")
    assert "puts 0 in 'other' and 21 in 'one'" in message
    assert "nplurals=2; plural=" in message
    assert "translating every" not in message
    ar = cldr_disagreement("ar", "nplurals=2; plural=(n != 1);")
    assert ar is not None
    assert "another nplurals means translating every plural" in ar


def test_cldr_plural_rules_read_from_one_file_are_babels_for_every_locale() -> None:
    """The rule read from a locale's own CLDR file (or its parent's) is the one Babel
    gives from all of its data merged, for every locale Babel knows."""
    from babel import Locale, localedata

    from app.checks.pluralforms import cldr_plural_form

    differ = [
        name
        for name in localedata.locale_identifiers()
        if cldr_plural_form(Locale.parse(name)).rules != Locale.parse(name).plural_form.rules
    ]
    assert differ == []


def test_english_names_read_from_one_file_are_babels_for_every_locale() -> None:
    from babel import Locale, localedata

    from app.checks.pluralforms import english_name

    names = [*localedata.locale_identifiers(), "sr@latin", "ca_ES@valencia", "sr_RS@latin"]
    differ = [
        name
        for name in names
        if english_name(Locale.parse(name)) != Locale.parse(name).english_name
    ]
    assert differ == []


def test_plural_forms_parser_rejects_placeholders_and_bad_expressions() -> None:
    with pytest.raises(PluralFormsError, match="placeholder"):
        parse_plural_forms("nplurals=INTEGER; plural=EXPRESSION;")
    with pytest.raises(PluralFormsError, match="not a valid C expression"):
        parse_plural_forms("nplurals=2; plural=__import__('os');")
    rule = parse_plural_forms("nplurals=2; plural=(n > 1);")
    assert (rule.nplurals, rule.forms[:3], rule.often) == (2, (0, 0, 1), (False, True))


def _python_raises(english: tuple[str, ...], text: str) -> bool:
    """Whether ``text.format`` raises with the English's arguments (each a string)."""
    names = {
        re.split(r"[.\[]", field, maxsplit=1)[0]
        for message in english
        for _, field, _, _ in string.Formatter().parse(message)
        if field
    }
    try:
        text.format(**dict.fromkeys(names, "value"))
    except (ValueError, KeyError, IndexError):
        return True
    return False


@pytest.mark.parametrize(
    ("english", "strings", "expected"),
    [
        # Quod Libet's Dutch and Tamil, which its .format(dir=...) cannot format.
        (("Remove {dir!r} and all its tracks?",), ["Wil je {dir!r) en alles wissen?"], "error"),
        (("Remove {dir!r} and all its tracks?",), ["{Dir! R} மற்றும் தடங்களையும் அகற்று?"], "error"),
        (("Remove {dir!r}?",), ["{dir!r} {x} entfernen?"], "error"),  # KeyError: 'x'
        (("Remove {dir!r}?",), ["Entfernen?"], "warning"),  # dropped: nothing raises
        (("Remove {dir!s:>20}?",), ["{dir!s:>20} entfernen?"], None),
        # ngettext(...).format(name=..., total=...): each form may use either's fields.
        (
            ("Download {name!r} to", "Download {total} files to"),
            ["Baixa {name!r} a", "Baixa {total} fitxers a"],
            None,
        ),
        (
            ("Download {name!r} to", "Download {total} files to"),
            ["பதிவிறக்கம் {பெயர்! R} பெறுநர்", "பதிவிறக்கம் {total} கோப்புகள்"],
            "error",
        ),
        (  # a form that drops {total}: msgfmt would see it, were the entry flagged
            ("Download {name!r} to", "Download {total} files to"),
            ["Baixa {name!r} a", "Baixa els fitxers a"],
            "warning",
        ),
        # No conversion: nothing says that the program formats the string.
        (("Show {dir} and its tracks?",), ["{dir) zeigen?"], "warning"),
    ],
)
def test_an_unflagged_english_with_a_conversion_is_judged_by_what_python_raises(
    tmp_path: Path,
    check: Check,
    english: tuple[str, ...],
    strings: list[str],
    expected: str | None,
) -> None:
    """GNU's xgettext cannot flag ``{dir!r}`` (its brace format has no conversions), yet
    only ``str.format`` reads it: a translation that makes Python raise is an error."""
    if len(english) == 1:
        body = f'\nmsgid "{english[0]}"\nmsgstr "{strings[0]}"\n'
    else:
        forms = "".join(f'msgstr[{i}] "{text}"\n' for i, text in enumerate(strings))
        body = f'\nmsgid "{english[0]}"\nmsgid_plural "{english[1]}"\n{forms}'
    path = write(tmp_path / "fr.po", catalog(body))
    report = check(str(path))
    found = [f for f in report["findings"] if "placeholders" in f["check"]]  # type: ignore[attr-defined]
    assert [f["severity"] for f in found] == ([expected] if expected else [])
    converted = "!" in english[0]
    raises = any(_python_raises(english, text) for text in strings)
    assert (expected == "error") == (converted and raises)
    if expected:
        unflagged = "xgettext cannot flag it" if converted else "no format flag: this"
        assert unflagged in found[0]["message"]


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        (
            '#, python-format\nmsgid "%(pct)d%% done"\nmsgstr "%(pct)d % maintenant"\n',
            [
                "'% m' is not a placeholder (no conversion 'm'): write %% for a percent sign; "
                "Python raises TypeError: not enough arguments for format string"
            ],
        ),
        ('#, no-python-format\nmsgid "About 80% of us"\nmsgstr "Environ 80 % d\'entre nous"\n', []),
        ('msgid "About 80% of us"\nmsgstr "Environ 80 % d\'entre nous"\n', []),
        (
            '#, python-brace-format\nmsgid "Hi {name}"\nmsgstr "Salut {name! R}"\n',
            [
                "'{name! ': the conversion after '!' is r, s or a; "
                "write {{ and }} for literal braces; "
                "Python raises ValueError: expected ':' after conversion specifier"
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


# -- warnings that must not misfire (issue 12: numbers 8/10 and length 7/10 were false) ----


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('msgid "1 line indented"\nmsgstr "一行已縮排"\n', []),  # a small number as a word
        ('msgid "expected a 3-tuple"\nmsgstr "un triplet attendu"\n', []),
        ('msgid "stack should be 0"\nmsgstr "la pile devrait être 3"\n', ["numbers"]),
        ('msgid "64-bit version"\nmsgstr "version 32 bits"\n', ["numbers"]),
        ('msgid "at most 320 characters"\nmsgstr "trop long"\n', ["numbers"]),
        ('msgid "30 minutes"\nmsgstr "ثلاثون دقيقة"\n', []),  # a word, not a loss
        ('msgid "Digits 0,1,2,3"\nmsgstr "Chiffres 0،1،2،3"\n', []),  # a list
        ('msgid "Opens at 12:00 AM today"\nmsgstr "Ouvre à 00:00 aujourd\'hui"\n', []),
        ('msgid "Valid values are 16, 32 and 64."\nmsgstr "বৈধ মানসমূহ হলো ১৬,৩২ এবং ৬৪।"\n', []),
        ('msgid "A number from 0.0 to 1.0"\nmsgstr "0.0ත් 1.0ත් අතර අංකයක්"\n', []),  # suffixes
        ('msgid "Base 2 log"\nmsgstr "Logaritëm me bazë 10"\n', ["numbers"]),  # replaced
        ('msgid "85%"\nmsgstr "༥༠%"\n', ["numbers"]),  # 50 in Tibetan digits (evince's dz.po)
        ('msgid "Encode as H264 video"\nmsgstr "Encoder en AVC"\n', []),  # a name, not 264
        (  # the 2 is the plural English's, not one that replaces the 5
            'msgid "Track 5 on one disc"\nmsgid_plural "Tracks 5 on 2 discs"\n'
            'msgstr[0] "Piste cinq sur un disque"\nmsgstr[1] "Pistes cinq sur 2 disques"\n',
            [],
        ),
        (
            'msgid "Track 5 on one disc"\nmsgid_plural "Tracks 5 on 2 discs"\n'
            'msgstr[0] "Piste cinq sur un disque"\nmsgstr[1] "Pistes cinq sur 3 disques"\n',
            ["numbers"],
        ),
        (
            'msgid "sizeof(uint32_t) is not 4"\nmsgstr "la taille de uint32_t n\'est pas quatre"\n',
            [],
        ),
    ],
)
def test_numbers_spelled_or_localized_are_not_missing(
    tmp_path: Path, check: Check, body: str, expected: list[str]
) -> None:
    path = write(tmp_path / "fr.po", catalog("\n" + body))
    assert [c for c, _ in findings(check(str(path)))] == expected


@pytest.mark.parametrize(
    ("name", "language", "msgid", "msgstr", "expected"),
    [
        # Vim's zh_TW.UTF-8.po has no Language: the file name says Chinese.
        (
            "zh_TW.UTF-8.po",
            "",
            "Unable to register a command server name",
            "無法註冊命令伺服器名稱",
            [],
        ),
        ("x.po", "", "Unable to register a command server name", "無法註冊命令伺服器名稱", []),
        ("fr.po", "fr", "Unable to register a command server name", "Échec", ["length"]),
        ("de.po", "de", "GUI", "Grafische Benutzeroberfläche des Programms", []),  # explained
        ("de.po", "de", "translator-credits", "Ana <a@example.org>\\nBo <b@example.org>\\nCy", []),
        ("de.po", "de", "kilogram,kilograms,kilogramme,kilogrammes,kg", "Kilogramm,kg", []),
        ("de.po", "de", "British Pound Sterling, the currency", "Pfund", []),  # under 40
        (
            "de.po",
            "de",
            "Standard Atmosphere,Standard atmosphere,standard atmosphere,Atm,atm",
            "atm",
            [],
        ),
        (
            "de.po",
            "de",
            "Monitor an object.",
            "Befehle:\\n help Hilfe zeigen\\n call eine Methode aufrufen\\n emit ein Signal senden",
            ["length"],
        ),
    ],
)
def test_length_is_judged_by_the_script_and_by_structure(
    tmp_path: Path,
    check: Check,
    name: str,
    language: str,
    msgid: str,
    msgstr: str,
    expected: list[str],
) -> None:
    body = f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    plural = "nplurals=2; plural=(n != 1);" if language == "de" else FR_PLURAL
    path = write(tmp_path / name, catalog(body, language=language, plural=plural))
    found = [c for c, _ in findings(check(str(path))) if c != "header-fields"]
    assert found == expected


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("vim/zh_TW.UTF-8.po", "zh_TW"),
        ("po/sr@latin.po", "sr@latin"),
        ("pt-BR.po", "pt_BR"),
        ("cs.cp1250.po", "cs"),
        ("locale/de/LC_MESSAGES/django.po", "de"),
        ("locale/zh_Hant/LC_MESSAGES/djangojs.po", "zh_Hant"),
        ("django.po", None),
        ("messages.po", None),
    ],
)
def test_a_catalog_language_from_its_file_name(path: str, code: str | None) -> None:
    assert code_from_path(path) == code


@pytest.mark.parametrize(
    ("flags", "msgid", "msgstr", "expected"),
    [
        # Python catalogs are HTML: a stray closing tag is ignored by browsers.
        ("", "Pages <span>in %s</span>", "Pages en %s</span>", ["markup-changed"]),
        ("", "See <a href='x'>this</a>", "Voir <a href='x'>ceci", ["markup"]),
        ("", "<b>Name</b>", "<b>Nom</b> <i>x</i>", ["markup-changed"]),  # added, well formed
        ("", "Name", "<b>Nom</b>", ["markup-changed"]),
        # C catalogs are Pango (GTK): any malformed markup makes GTK show nothing.
        ("#, c-format\n", "<b>%s</b> saved", "<b>%s</i> enregistré</b>", ["markup"]),
        ("#, c-format\n", "<b>%s</b> saved", "<i>%s</i> enregistré", ["markup-changed"]),
        ("#, c-format\n", "<b>Fish &amp; %s</b>", "<b>Poisson & %s</b>", ["markup"]),
        ("#, c-format\n", "<b>Fish and %s</b>", "<b>Poisson & %s</b>", []),
    ],
)
def test_markup_is_an_error_only_where_it_breaks(
    tmp_path: Path, check: Check, flags: str, msgid: str, msgstr: str, expected: list[str]
) -> None:
    body = f'\n{flags}msgid "{msgid}"\nmsgstr "{msgstr}"\n'
    path = write(tmp_path / "fr.po", catalog(body))
    assert [c for c, _ in findings(check(str(path)))] == expected
