"""The dry needling patient guide: a Flask site over gettext catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site: defaults, then ``GUIDE_*`` environment variables, then ``test_config``."""
    app = Flask(__name__)
    app.config.from_mapping(GUIDE_ROOT=str(Path(__file__).resolve().parent.parent))
    app.config.from_prefixed_env("GUIDE")
    if test_config is not None:
        app.config.from_mapping(test_config)

    from . import views

    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    app.register_blueprint(views.bp)
    return app
