"""Shared fixtures: a small project tree built in tmp_path, a CLI runner for it, and the
browser gate's Chromium, live servers and pages (imported lazily: Playwright is optional)."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from app import create_app
from app.cli import i18n

from .gnu import assert_msgfmt_ok, missing_tools

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

REPO = Path(__file__).resolve().parent.parent
# Apps built by the tests are test apps (Flask's TESTING): without it, an app with no
# public address refuses to start, as production must (app/settings.py).
os.environ.setdefault("FLASK_TESTING", "true")

PAGE = """\
---
id: {id}
title: {title}
order: {order}
reviewed: 2026-01-15
---

## Pain Relief {{#pain-relief}}

### Reduces Muscle Pain {{#reduces-muscle-pain}}

<!-- Translators: keep it plain. -->
Dry needling targets trigger points. It helps reduce pain.

### Quick Procedure {{#quick-procedure}}

Sessions are typically short (15–30 minutes).
"""


def write(path: Path, text: str) -> Path:
    """Write ``text`` (dedented) to ``path``, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal project: the real babel.cfg, one content page, one template, a registry."""
    shutil.copy(REPO / "babel.cfg", tmp_path / "babel.cfg")
    write(tmp_path / "content" / "guide.md", PAGE.format(id="guide", title="Guide", order=1))
    write(
        tmp_path / "app" / "templates" / "base.html",
        """\
        {# Translators: Link to the main content, first thing on every page. #}
        <a href="#main">{{ _("Skip to content") }}</a>
        """,
    )
    write(
        tmp_path / "app" / "notices.py",
        """\
        from gettext import ngettext

        def count(n):
            # Translators: Number of benefits in a section.
            return ngettext("%(num)d benefit", "%(num)d benefits", n)
        """,
    )
    write(tmp_path / "locales" / "locales.toml", 'source = "en"\n')
    return tmp_path


@pytest.fixture
def cli(project: Path) -> Callable[..., Result]:
    """Run ``guide-i18n --root <project> ARGS...`` and return the click Result."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        before = _catalogs(project)
        result = runner.invoke(i18n, ["--root", str(project), *args], catch_exceptions=False)
        for catalog, data in _catalogs(project).items():
            if before.get(catalog) != data and not missing_tools():
                # Whatever a command writes, GNU must accept (a template's header keeps
                # xgettext's placeholders, which msgfmt only warns about).
                assert_msgfmt_ok(catalog, allow_warnings=catalog.suffix == ".pot")
        return result

    return run


def _catalogs(project: Path) -> dict[Path, bytes]:
    files = (project / "locales").rglob("*.po*")
    return {path: path.read_bytes() for path in files if path.suffix in (".po", ".pot")}


# -- the browser gate (tests/test_browser.py) -----------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; skips without one, except in CI (fails)."""
    from .browser import INSTALL_HINT, LAUNCH_ARGS, find_chromium

    executable = find_chromium()
    missing = [] if executable else ["Chromium"]
    try:
        import axe_playwright_python  # noqa: F401
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("Playwright and axe-playwright-python")
    if missing or executable is None:
        message = f"{' and '.join(missing)} not found: {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. CI=true: the browser tests must run, never skip.")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def live_app() -> Flask:
    """The real site as in production: the repository's content and catalogs, no preview."""
    return create_app({"GUIDE_ROOT": str(REPO)})


@pytest.fixture(scope="session")
def live_url(live_app: Flask) -> Iterator[str]:
    """The base URL of ``live_app``, served for the session."""
    from .browser import serve

    with serve(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def preview_url() -> Iterator[str]:
    """The base URL of the translators' preview (pseudo-locales ``en-XA``, ``ar-XB``)."""
    from .browser import serve

    with serve(create_app({"GUIDE_ROOT": str(REPO), "GUIDE_PREVIEW": True})) as url:
        yield url


def _page(browser: Browser, viewport: ViewportSize) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def phone(browser: Browser) -> Iterator[Page]:
    """One page at 320 × 640 CSS px, reused by every test at phone width."""
    from .browser import PHONE

    yield from _page(browser, PHONE)


@pytest.fixture(scope="session")
def desktop(browser: Browser) -> Iterator[Page]:
    """One page at 1280 × 800 CSS px, reused by every test at desktop width."""
    from .browser import DESKTOP

    yield from _page(browser, DESKTOP)
