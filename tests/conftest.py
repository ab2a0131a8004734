"""Shared fixtures: a small project tree built in tmp_path, and a CLI runner for it."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import i18n

REPO = Path(__file__).resolve().parent.parent

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
        return runner.invoke(i18n, ["--root", str(project), *args], catch_exceptions=False)

    return run
