"""The checker's settings in pyproject.toml: found upward, overridden by the command line,
and every mistake one located line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.checks import CHECKS
from app.checks.config import KEYS, ConfigError, find_config, load_config
from app.cli import i18n

from .checker_helpers import catalog, line_of, write

# A translation that raises at run time (KeyError: 'nom'), and that msgfmt -c rejects:
# an error under any rule.
BROKEN_ENTRY = '\n#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n'
BROKEN = catalog(BROKEN_ENTRY + '\nmsgid "Pain"\nmsgstr ""\n')


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of another kind: catalogs in po/, the working folder two levels below."""
    write(tmp_path / "po" / "fr.po", BROKEN)
    work = tmp_path / "src" / "deep"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path


def check(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(i18n, ["--root", str(root), "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def findings(root: Path, *args: str) -> list[tuple[str, str]]:
    data = json.loads(check(root, *args, "--format", "json").stdout)
    return [(f["check"], f["severity"]) for f in data["findings"]]


def configure(root: Path, text: str) -> Path:
    return write(root / "pyproject.toml", '[project]\nname = "other"\n\n' + text)


def test_settings_are_found_upward_and_paths_are_relative_to_the_file(repo: Path) -> None:
    configure(
        repo,
        '[tool.guide-i18n.check]\npaths = ["po"]\nselect = ["placeholders", "untranslated"]\n'
        'status = "draft"\nformat = "json"\n',
    )
    result = check(repo)  # no PATH: the configuration's
    data = json.loads(result.stdout)
    assert [(f["check"], f["path"].rsplit("/", 2)[-2:]) for f in data["findings"]] == [
        ("placeholders", ["po", "fr.po"]),
        ("untranslated", ["po", "fr.po"]),
    ]
    assert [c["id"] for c in data["checks"]] == ["untranslated", "placeholders"]  # as listed
    assert data["locales"][0]["status"] == "draft"
    assert result.exit_code == 0  # drafts never fail


def test_a_pyproject_without_the_table_is_passed_over(repo: Path) -> None:
    configure(repo, '[tool.guide-i18n.check]\nignore = ["untranslated"]\n')
    inner = write(repo / "src" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert find_config(Path.cwd()) == repo / "pyproject.toml"
    inner.write_text('[tool.guide-i18n.check]\nignore = ["placeholders"]\n')
    assert find_config(Path.cwd()) == inner  # the nearest one with the table wins
    assert find_config(repo.parent) is None or find_config(repo.parent) != inner


@pytest.mark.parametrize(
    "table",
    [
        '[tool.guide-i18n.check]\nselect = ["numbers"]\n',
        '[ "tool" . \'guide-i18n\' . check ]\nselect = ["numbers"]\n',
        'tool.guide-i18n.check.select = ["numbers"]\n',
        'tool = { guide-i18n = { check = { select = ["numbers"] } } }\n',
        '[tool]\n"guide-i18n".check = { select = ["numbers"] }\n',
        '[tool.guide-i18n]\ncheck.select = ["numbers"]\n',
    ],
)
def test_the_table_is_found_however_toml_spells_it(repo: Path, table: str) -> None:
    write(repo / "pyproject.toml", table + '[project]\nname = "other"\n')
    assert find_config(Path.cwd()) == repo / "pyproject.toml"
    assert load_config(repo / "pyproject.toml", ["numbers"]).select == {"numbers"}


def test_a_pyproject_naming_the_tool_as_a_script_only_is_not_parsed(repo: Path) -> None:
    """Not even read as TOML: a file that cannot hold the table is passed over, however
    it is written after (ruff passes over a file without [tool.ruff] the same way)."""
    configure(repo, '[project.scripts]\nguide-i18n = "app.console:main"\n[broken\n')
    assert find_config(Path.cwd()) is None
    assert check(repo, str(repo / "po")).exit_code == 1  # checked, with no configuration


def test_the_command_line_overrides_each_key(repo: Path) -> None:
    configure(
        repo,
        '[tool.guide-i18n.check]\npaths = ["po"]\nignore = ["untranslated"]\nstatus = "draft"\n',
    )
    po = str(repo / "po")
    assert findings(repo, po) == [("placeholders", "error")]
    assert check(repo, po).exit_code == 0  # status = "draft" from the file
    assert check(repo, po, "--status", "published").exit_code == 1
    # --select names a check the file ignores: the command line wins.
    assert findings(repo, po, "--select", "untranslated") == [("untranslated", "warning")]
    # --ignore replaces the file's ignore list.
    assert findings(repo, po, "--ignore", "placeholders") == [("untranslated", "warning")]
    # A PATH replaces the file's paths.
    other = write(repo / "elsewhere" / "de.po", catalog(language="de"))
    data = json.loads(check(repo, str(other), "--format", "json").stdout)
    assert [c["path"].rsplit("/", 1)[-1] for c in data["catalogs"]] == ["de.po"]
    # --no-config reads nothing: every check, the strict default policy, and no paths
    # (the working folder holds no catalog).
    result = check(repo, po, "--no-config")
    assert result.exit_code == 1
    assert "[untranslated]" in result.stdout


def test_format_min_percent_and_max_results_from_the_file(repo: Path) -> None:
    configure(repo, '[tool.guide-i18n.check]\nformat = "sarif"\nmax-results = 1\nmin-percent = 0\n')
    result = check(repo, str(repo / "po"))
    log = json.loads(result.stdout)
    assert len(log["runs"][0]["results"]) == 1
    assert log["runs"][0]["properties"]["resultsOmitted"] == 1
    # min-percent = 0: the untranslated message no longer fails, the placeholder error does.
    assert result.exit_code == 1
    assert check(repo, str(repo / "po"), "--ignore", "placeholders").exit_code == 0
    # max-results is a SARIF setting: another format on the command line ignores it.
    text = check(repo, str(repo / "po"), "--format", "text")
    assert text.exit_code == 1
    assert "[untranslated]" in text.stdout


def test_an_explicit_config_file(repo: Path, tmp_path: Path) -> None:
    settings = write(tmp_path / "ci" / "i18n.toml", '[tool.guide-i18n.check]\nselect = "header"\n')
    assert findings(repo, str(repo / "po"), "--config", str(settings)) == []
    assert check(repo, "--config", str(tmp_path / "missing.toml")).exit_code == 2


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ('selekt = ["placeholders"]', None, "unknown key 'selekt'; the keys are: paths, select"),
        ('select = ["placeholder"]', "select", "unknown check id(s) placeholder; the checks are: "),
        ("ignore = [1]", "ignore", "must be a string or an array of strings, not [1]"),
        ('status = "public"', "status", "must be one of 'published', 'draft', not 'public'"),
        ('format = "yaml"', "format", "must be one of 'text', 'json', 'github', 'sarif', 'junit'"),
        ("min-percent = 101", "min-percent", "must be between 0 and 100, not 101"),
        ("min-percent = true", "min-percent", "must be a whole number of 0 or more, not True"),
        ('max-results = "all"', "max-results", "must be a whole number of 0 or more, not 'all'"),
        ('paths = ["nowhere"]', "paths", "'nowhere' does not exist (paths are relative to this"),
        ("new-since = 3", "new-since", "must be a git revision (a branch, tag or commit), not 3"),
    ],
)
def test_every_mistake_is_one_located_line_and_exit_2(
    repo: Path, table: str, key: str | None, message: str
) -> None:
    text = configure(repo, f"[tool.guide-i18n.check]\n# a comment\n\n{table}\n").read_text()
    result = check(repo)
    assert result.exit_code == 2
    line = line_of(text, table)
    where = "[tool.guide-i18n.check]" + (f" {key}" if key else "")
    assert result.output.startswith(
        f"Error: {repo / 'pyproject.toml'}:{line}: {where}: {message}"
    ), result.output
    assert len(result.output.splitlines()) == 1
    assert "Traceback" not in result.output


def test_dotted_and_quoted_keys_are_located_too(repo: Path) -> None:
    text = configure(
        repo, '[tool."guide-i18n"]\nother = 1\ncheck.status = "published"\ncheck.selekt = 1\n'
    ).read_text()
    with pytest.raises(ConfigError) as error:
        load_config(repo / "pyproject.toml", tuple(CHECKS))
    assert error.value.line == line_of(text, "check.selekt")


def test_invalid_toml_is_located(repo: Path) -> None:
    text = configure(repo, '[tool.guide-i18n.check]\nselect = ["header"\nstatus = "draft"\n')
    result = check(repo)
    assert result.exit_code == 2
    line = line_of(text.read_text(), 'status = "draft"')
    assert f"pyproject.toml:{line}: invalid TOML: " in result.output
    assert len(result.output.splitlines()) == 1


def test_a_broken_pyproject_that_never_names_the_tool_is_not_read(repo: Path) -> None:
    write(repo / "pyproject.toml", "[project\nname = 'broken'\n")
    assert check(repo, str(repo / "po")).exit_code == 1  # checked as if there were no file


def test_every_documented_key_is_accepted(repo: Path) -> None:
    values = {
        "paths": '["po"]',
        "select": '["header"]',
        "ignore": '["length"]',
        "status": '"draft"',
        "min-percent": "50",
        "format": '"json"',
        "max-results": "10",
        "new-since": '"HEAD"',
    }
    assert set(values) == set(KEYS)
    configure(
        repo, "[tool.guide-i18n.check]\n" + "".join(f"{k} = {v}\n" for k, v in values.items())
    )
    config = load_config(repo / "pyproject.toml", tuple(CHECKS))
    assert (config.status, config.min_percent, config.max_results, config.new_since) == (
        "draft",
        50,
        10,
        "HEAD",
    )
    assert config.paths == (repo / "po",)
    docs = (Path(__file__).resolve().parent.parent / "docs" / "checker.md").read_text()
    for key in KEYS:
        assert f"`{key}`" in docs, key


def test_outside_a_guide_project_the_default_is_every_catalog_below(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    data = json.loads(check(repo, "--format", "json").stdout)  # no PATH, no configuration
    assert [c["path"] for c in data["catalogs"]] == ["po/fr.po"]
    empty = repo / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = check(repo)
    assert result.exit_code == 0
    assert "Warning: no .po catalog found in ." in result.stderr
