"""The dry needling patient guide: a Flask site over gettext catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .native import use_sources_if_stale

if TYPE_CHECKING:
    from flask import Flask

# The one place the version is written: pyproject.toml reads it from here, and the
# checker reports it without asking importlib.metadata (a tenth of its start-up).
__version__ = "0.1.0"

use_sources_if_stale()  # before any compiled module is imported (see app/native.py)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site: defaults, then ``FLASK_GUIDE_*`` environment variables, then ``test_config``.

    ``GUIDE_PREVIEW`` (off by default) makes draft locales reachable for translators;
    ``GUIDE_RELOAD`` (default: on in debug or preview) re-reads changed catalogs per request.
    In production (not debug, testing, preview or export), ``GUIDE_BASE_URL`` or
    ``TRUSTED_HOSTS`` is required: ``SettingsError`` says so (see ``app.settings``).
    """
    # Imported here, not at the top: the catalog commands (``guide-i18n``) import this
    # package and need neither Flask nor the site.
    import logging

    from flask import Flask

    from .project import Project
    from .settings import public_address
    from .site import Site

    app = Flask(__name__, static_folder=None)  # the one stylesheet is served by views.asset
    app.config.from_mapping(
        GUIDE_ROOT=str(Path(__file__).resolve().parent.parent),
        GUIDE_PREVIEW=False,
        GUIDE_RELOAD=None,
        GUIDE_BASE_URL=None,  # e.g. https://guide.example.org; required in production
        GUIDE_MAX_AGE=300,  # seconds a browser or CDN may reuse a page before revalidating
        GUIDE_CACHE_SIZE=None,  # responses kept; default: every response of every locale
        GUIDE_SITEMAP_MAX_URLS=50_000,  # past it, a sitemap index and one sitemap per language
        GUIDE_STATIC_EXPORT=False,  # set by `freeze`: no redirects or cookies in the pages
    )
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Settled once: links never follow the Host header where readers are served.
    app.config["GUIDE_BASE_URL"] = public_address(app.config)

    preview = bool(app.config["GUIDE_PREVIEW"])
    reload = app.config["GUIDE_RELOAD"]
    if app.debug:
        app.logger.setLevel(logging.INFO)
    app.extensions["guide"] = site = Site(
        Project(Path(app.config["GUIDE_ROOT"])),
        preview=preview,
        reload=bool(app.debug or preview) if reload is None else bool(reload),
        cache_size=int(size) if (size := app.config["GUIDE_CACHE_SIZE"]) else None,
    )

    from . import views
    from .fastpath import CachedResponses

    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")
    # Newstyle gettext; the real functions are passed per rendering (views.Translator).
    app.jinja_env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    app.register_blueprint(views.bp)
    if site.reload:  # only then: production requests skip the file checks entirely
        app.before_request(site.refresh)
    app.wsgi_app = CachedResponses(  # type: ignore[method-assign]
        app.wsgi_app, site, app.config["TRUSTED_HOSTS"]
    )
    if preview:  # translators' tools exist only in preview mode
        from . import dashboard, review_page

        app.register_blueprint(dashboard.bp)
        app.register_blueprint(review_page.bp)
    return app
