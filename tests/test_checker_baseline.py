"""Baseline mode, on real git repositories: ``--new-since REF`` reports only new findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from app.checks.baseline import subtract
from app.checks.model import Finding, Severity
from app.cli import i18n

from .checker_helpers import catalog, line_of, write
from .conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = catalog(
    '\n#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n'  # an error, already at REF
    '\nmsgid "Pain"\nmsgstr ""\n'  # untranslated, already there
)


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit (tag ``v1``) has po/fr.po with two findings."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root / "po" / "fr.po", OLD)
    git(root, "add", "po")
    git(root, "commit", "-q", "-m", "v1")
    git(root, "tag", "v1")
    return root


def check(repo: Path, *args: str) -> Result:
    result = CliRunner().invoke(i18n, ["--root", str(repo), "check", str(repo / "po"), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def new_findings(repo: Path, *args: str) -> list[tuple[str, int | None]]:
    data = json.loads(check(repo, "--new-since", "v1", "--format", "json", *args).stdout)
    return [(f["check"], f["line"]) for f in data["findings"]]


def test_nothing_is_new_at_the_ref_itself(repo: Path) -> None:
    assert check(repo).exit_code == 1  # without a baseline: an error and an untranslated one
    result = check(repo, "--new-since", "v1")
    assert result.exit_code == 0, result.output
    assert "2 finding(s) already present at v1" in result.output
    assert "0 error(s), 0 warning(s) new since v1" in result.output


def test_a_finding_that_moved_lines_is_not_new(repo: Path) -> None:
    po = repo / "po" / "fr.po"
    moved = po.read_text().replace(
        '\n#, python-format\nmsgid "Hi %(name)s"',
        '\n#. Added at the top, pushing every message down.\nmsgid "Back"\nmsgstr "Dos"\n'
        '\nmsgid "Neck"\nmsgstr "Cou"\n\n#, python-format\nmsgid "Hi %(name)s"',
    )
    po.write_text(moved)
    assert line_of(moved, 'msgstr "Salut') > line_of(OLD, 'msgstr "Salut')
    assert new_findings(repo) == []
    assert check(repo, "--new-since", "v1").exit_code == 0


def test_an_edited_message_with_a_new_problem_is_new(repo: Path) -> None:
    po = repo / "po" / "fr.po"
    edited = po.read_text().replace('msgstr "Bonjour {name}"', 'msgstr "Bonjour {nom}"')
    po.write_text(edited)
    assert new_findings(repo) == [("placeholders", line_of(edited, 'msgstr "Bonjour {nom}"'))]
    result = check(repo, "--new-since", "v1")
    assert result.exit_code == 1
    assert "FAIL: 1 error(s)" in result.output  # only the new error counts


def test_a_message_that_already_failed_a_check_stays_known_when_reworded(repo: Path) -> None:
    po = repo / "po" / "fr.po"
    # Broken at v1 (%(name)s missing); edited, it is still broken, worded differently.
    edited = po.read_text().replace('msgstr "Salut %(nom)s"', 'msgstr "Salut %(nam)s"')
    po.write_text(edited)
    found = json.loads(check(repo, "--new-since", "v1", "--format", "json").stdout)["findings"]
    now = json.loads(check(repo, "--format", "json").stdout)["findings"]
    placeholders = [f for f in now if f["check"] == "placeholders"]
    assert len(placeholders) == 1  # one finding for the message, worded differently now
    assert found == []  # same message, same check: known at v1 (matched by key, not text)


def test_a_catalog_added_since_the_ref_is_all_new(repo: Path) -> None:
    german = catalog('\nmsgid "Pain"\nmsgstr ""\n', "de", "nplurals=2; plural=(n != 1);")
    write(repo / "po" / "de.po", german)
    data = json.loads(check(repo, "--new-since", "v1", "--format", "json").stdout)
    assert {(f["path"].rsplit("/", 1)[-1], f["check"]) for f in data["findings"]} == {
        ("de.po", "untranslated")
    }
    schema = json.loads((REPO / "docs" / "checker.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["new_since"]["ref"] == "v1"
    assert data["new_since"]["known"] == 2
    assert data["new_since"]["commit"] == git(repo, "rev-parse", "v1").strip()


def test_odd_catalog_names_are_read_from_git_too(repo: Path) -> None:
    names = ["de with spaces.po", "x blob 12 missing.po", "ünïcode.po", "new\nline.po"]
    german = catalog('\nmsgid "Pain"\nmsgstr ""\n', "de", "nplurals=2; plural=(n != 1);")
    for name in names:
        write(repo / "po" / name, german)
    git(repo, "add", "po")
    git(repo, "commit", "-q", "-m", "more")
    write(repo / "po" / "not committed.po", german)  # git says "<name> missing"
    data = json.loads(check(repo, "--new-since", "HEAD", "--format", "json").stdout)
    # Each committed one's untranslated message is known at HEAD; the new file's is new.
    assert [f["path"].rsplit("/", 1)[-1] for f in data["findings"]] == ["not committed.po"]
    assert data["new_since"]["known"] == 2 + len(names)


def test_the_baseline_is_read_from_git_and_the_work_tree_is_untouched(repo: Path) -> None:
    po = repo / "po" / "fr.po"
    po.write_text(po.read_text().replace('msgstr "Salut %(nom)s"', 'msgstr "Salut %(name)s"'))
    git(repo, "commit", "-q", "-am", "v2: fixed")
    po.write_text(po.read_text() + '\nmsgid "Extra"\nmsgstr ""\n')
    before = (po.read_bytes(), git(repo, "status", "--porcelain"), git(repo, "stash", "list"))
    # At v1 the placeholder error existed, at HEAD (v2) it is fixed: both agree nothing is new
    # but the added untranslated message.
    assert new_findings(repo) == [("untranslated", line_of(po.read_text(), 'msgid "Extra"'))]
    data = json.loads(check(repo, "--new-since", "HEAD", "--format", "json").stdout)
    assert [f["check"] for f in data["findings"]] == ["untranslated"]
    assert data["new_since"]["known"] == 1  # "Pain", still untranslated
    after = (po.read_bytes(), git(repo, "status", "--porcelain"), git(repo, "stash", "list"))
    assert after == before


def test_sarif_marks_the_results_new_and_says_what_was_left_out(repo: Path) -> None:
    po = repo / "po" / "fr.po"
    po.write_text(po.read_text().replace('msgstr "Bonjour {name}"', 'msgstr "Bonjour"'))
    (run,) = json.loads(check(repo, "--new-since", "v1", "--format", "sarif").stdout)["runs"]
    assert [(r["ruleId"], r["baselineState"]) for r in run["results"]] == [("placeholders", "new")]
    assert run["properties"]["newSince"]["known"] == 2
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("2 finding(s) already present at v1 (")


def test_an_unreadable_catalog_fails_only_when_it_became_unreadable(repo: Path) -> None:
    po = repo / "po" / "fr.po"
    po.write_text(po.read_text() + '\nmsgid "Cut')
    result = check(repo, "--new-since", "v1")
    assert result.exit_code == 1
    assert "1 unreadable catalog(s)" in result.output
    git(repo, "commit", "-q", "-am", "broken")
    result = check(repo, "--new-since", "HEAD")
    assert result.exit_code == 0, result.output  # broken before too: not new


def test_a_bad_ref_is_one_line_and_exit_2(repo: Path) -> None:
    for ref in ("no-such-branch", "-rf", "v1:po"):
        result = check(repo, "--new-since", ref)
        assert result.exit_code == 2, (ref, result.output)
        assert len(result.output.splitlines()) == 1
        assert result.output.startswith(f"Error: --new-since {ref}"), result.output
    shallow = check(repo, "--new-since", "deadbeef")
    assert "fetch-depth: 0" in shallow.output  # the hint for CI's shallow clones


def test_outside_a_git_repository_is_one_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "loose" / "po" / "fr.po", OLD)
    result = check(tmp_path / "loose", "--new-since", "HEAD")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output
    assert len(result.output.splitlines()) == 1


def test_project_findings_are_always_kept(cli: object, project: Path) -> None:
    from collections.abc import Callable

    assert callable(cli)
    run: Callable[..., Result] = cli
    run("extract")
    run("init", "fr")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "start")
    page = project / "content" / "guide.md"
    page.write_text(page.read_text().replace("It helps reduce pain.", "It may reduce pain."))
    data = json.loads(run("check", "--new-since", "HEAD", "--format", "json").stdout)
    assert [f["check"] for f in data["findings"]] == ["stale-template"]  # never subtracted
    assert data["passed"] is False


def finding(check: str, msgid: str | None, message: str, line: int = 1) -> Finding:
    return Finding(check, Severity.ERROR, "po/fr.po", line, "fr", msgid, message)


def test_subtract_matches_same_text_first_then_any_of_the_same_key() -> None:
    before = [finding("placeholders", "Hi %(a)s %(b)s", "%(a)s is missing", line=10)]
    now = [
        finding("placeholders", "Hi %(a)s %(b)s", "%(b)s is missing", line=20),
        finding("placeholders", "Hi %(a)s %(b)s", "%(a)s is missing", line=20),
    ]
    assert subtract(now, before) == [now[0]]  # the unchanged one matched, not the first
    assert subtract(now[:1], before) == []  # one finding of the key before, one now
    moved_context = [
        Finding("placeholders", Severity.ERROR, "po/fr.po", 30, "fr", "Hi %(a)s %(b)s", "x", "menu")
    ]
    assert subtract(moved_context, before) == moved_context  # another msgctxt: another message
    assert subtract(now, before, always={"placeholders"}) == now
