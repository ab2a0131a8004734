"""The compiled hot path (setup.py, app/native.py): used only while it matches its sources.

CI installs with a C compiler, so there the checker must run compiled, and compiled
and pure Python must report the same; elsewhere those two tests are skipped when the
install is pure Python.
"""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import app
import app.po
from app import native

ROOT = Path(__file__).resolve().parent.parent
COMPILED = native.compiled_modules(Path(app.__file__).parent / native.STAMP)


def _package(root: Path) -> None:
    """``app`` with two modules and a subpackage, and a stamp of all three, under ``root``."""
    (root / "app" / "sub").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "hot.py").write_text("VALUE = 1\n")
    (root / "app" / "sub" / "__init__.py").write_text("VALUE = 2\n")
    native.write_stamp(
        root / "app" / native.STAMP, root, ["app/hot.py", "app/sub/__init__.py", "app/__init__.py"]
    )


@pytest.fixture
def meta_path(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """``sys.meta_path``, restored after the test, without the finder this run may have
    installed (an edited source); no PURE_PYTHON from the environment."""
    finders = [f for f in sys.meta_path if not isinstance(f, native.SourcesFirst)]
    monkeypatch.setattr(sys, "meta_path", finders)
    monkeypatch.delenv(native.PURE_PYTHON, raising=False)
    return finders


def test_the_stamp_names_each_compiled_module_with_its_source_checksum(tmp_path: Path) -> None:
    _package(tmp_path)
    modules = native.compiled_modules(tmp_path / "app" / native.STAMP)
    assert set(modules) == {"app.hot", "app.sub", "app"}
    assert modules["app.hot"] == native.checksum(tmp_path / "app" / "hot.py")
    assert not native.stale(modules, tmp_path)


def test_unchanged_sources_keep_the_compiled_modules(
    tmp_path: Path, meta_path: list[object]
) -> None:
    _package(tmp_path)
    before = list(meta_path)
    assert native.use_sources_if_stale(tmp_path) is False
    assert meta_path == before


@pytest.mark.parametrize(
    "edit",
    [
        lambda root: (root / "app" / "hot.py").write_text("VALUE = 10\n"),  # same length
        lambda root: (root / "app" / "sub" / "__init__.py").write_text("VALUE = 2  # more\n"),
        lambda root: (root / "app" / "hot.py").unlink(),
    ],
    ids=["edited", "edited package", "removed"],
)
def test_a_changed_source_loads_every_compiled_module_from_its_source(
    tmp_path: Path, meta_path: list[object], edit: Callable[[Path], object]
) -> None:
    _package(tmp_path)
    edit(tmp_path)
    assert native.use_sources_if_stale(tmp_path) is True
    finder = meta_path[0]
    assert isinstance(finder, native.SourcesFirst)
    assert finder.modules == {"app.hot", "app.sub", "app"}
    package = finder.find_spec("app.sub")
    assert package is not None
    assert package.origin == str(tmp_path / "app" / "sub" / "__init__.py")
    assert package.submodule_search_locations == [str(tmp_path / "app" / "sub")]
    assert finder.find_spec("app.other") is None  # what was not compiled: the usual finders
    assert native.use_sources_if_stale(tmp_path) is True
    assert sum(isinstance(f, native.SourcesFirst) for f in meta_path) == 1  # inserted once


def test_the_environment_forces_pure_python(
    tmp_path: Path, meta_path: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path)
    monkeypatch.setenv(native.PURE_PYTHON, "1")
    assert native.use_sources_if_stale(tmp_path) is True
    assert isinstance(meta_path[0], native.SourcesFirst)


def test_no_stamp_is_a_pure_python_install(tmp_path: Path, meta_path: list[object]) -> None:
    (tmp_path / "app").mkdir()
    assert native.compiled_modules(tmp_path / "app" / native.STAMP) == {}
    assert native.use_sources_if_stale(tmp_path) is False


def _compiled_install() -> None:
    if not COMPILED:
        if os.environ.get("CI"):
            pytest.fail("CI installed the package without its compiled modules (setup.py)")
        pytest.skip("a pure-Python install (no C compiler when it was installed)")
    if native.stale(COMPILED, ROOT):
        pytest.skip("a compiled module's source was edited since the install: it runs as Python")


def test_the_checker_runs_compiled_where_it_was_installed_so() -> None:
    _compiled_install()
    assert Path(app.po.__file__).name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    assert {"app.po", "app.checks.runner", "app.checks.quality"} <= set(COMPILED)


def test_compiled_and_pure_python_report_the_same(tmp_path: Path) -> None:
    _compiled_install()
    trees = [ROOT / "tests" / "data" / "checker", ROOT / "locales"]
    reports = []
    for pure in ("", "1"):
        out = tmp_path / f"report{pure}.json"
        env = {**os.environ, native.PURE_PYTHON: pure}
        subprocess.run(
            [sys.executable, "-c", "from app.console import main; main()", "check"]
            + [*map(str, trees), "--format", "json", "-o", str(out)],
            env=env,
            capture_output=True,
            check=False,
        )
        reports.append(out.read_bytes())
    assert b'"findings"' in reports[0]
    assert reports[0] == reports[1]


def test_compiled_frozen_values_survive_pickling() -> None:
    """A compiled class with final fields is rebuilt by setting them, which it refuses:
    unless it says how to rebuild it (``__reduce__``), pickling works only in pure Python."""
    import pickle

    from app.checks.policy import Policy

    policy = Policy("published", 80, True)
    assert pickle.loads(pickle.dumps(policy)) == policy
