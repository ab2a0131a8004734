"""The patient site: every page of the guide under ``/<lang>/``, in every visible locale.

Views stay thin: pick the locale, find the page, render it through a
``Translator`` (cached per locale and page), and answer conditional requests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.http import http_date, parse_date
from werkzeug.wrappers.response import Response as BaseResponse

from .content import Page
from .handout import SEGMENT, build_handout
from .locales import LocaleInfo
from .negotiation import best_locale
from .rendering import Translator, layout
from .site import CachedPage, Site

bp = Blueprint("guide", __name__)

COOKIE = "lang"  # the reader's explicit choice from the language switcher
ONE_YEAR = 365 * 24 * 3600
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def site() -> Site:
    """The app's ``Site``."""
    return current_app.extensions["guide"]  # type: ignore[no-any-return]


@bp.after_app_request
def add_security_headers(response: Response) -> Response:
    if "Content-Security-Policy" in response.headers:  # cached pages carry them already
        return response
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@bp.get("/")
def root() -> BaseResponse | str:
    """Send the reader to their language: their earlier choice, else their browser's.

    A static export cannot read headers: there, ``/`` lists every language instead.
    """
    current = site()
    if current_app.config["GUIDE_STATIC_EXPORT"]:
        return _languages_page(current)
    tags = [locale.tag for locale in current.visible()]
    chosen = request.cookies.get(COOKIE)
    tag = chosen if chosen in tags else best_locale(request.headers.get("Accept-Language"), tags)
    response = redirect(url_for("guide.page", lang=tag or current.registry.source.tag), 302)
    response.vary.update(("Accept-Language", "Cookie"))
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.get("/<lang>/", defaults={"page_id": None})
@bp.get("/<lang>/<page_id>/")
def page(lang: str, page_id: str | None) -> BaseResponse:
    """A page of the guide in one locale."""
    current = site()
    locale = _locale_or_404(current, lang)
    if locale.tag != lang:  # /pt-br/ → /pt-BR/
        return redirect(url_for("guide.page", lang=locale.tag, page_id=page_id), 301)
    first = current.content.pages[0]
    found = first if page_id is None else current.content.page(page_id)
    if found is None:
        abort(404)
    if page_id is not None and found is first:  # one URL per page
        return redirect(page_url(locale, first), 301)
    return _conditional(_cached_page(current, locale, found))


@bp.get(f"/<lang>/{SEGMENT}/")
def handout(lang: str) -> BaseResponse:
    """The bilingual handout of a locale: the whole guide beside the English, for print."""
    current = site()
    locale = _locale_or_404(current, lang)
    if locale.tag != lang:
        return redirect(url_for("guide.handout", lang=locale.tag), 301)
    key = (absolute("/"), locale.tag, f"/{SEGMENT}/")
    return _conditional(_cached(current, key, lambda: _render_handout(current, locale)))


@bp.get("/choose/<lang>/", defaults={"page_id": None})
@bp.get("/choose/<lang>/<page_id>/")
def choose(lang: str, page_id: str | None) -> BaseResponse:
    """Remember the language picked in the switcher, then show the page in it."""
    current = site()
    locale = _locale_or_404(current, lang)
    found = current.content.pages[0] if page_id is None else current.content.page(page_id)
    if found is None:
        abort(404)
    response = redirect(page_url(locale, found), 303)
    response.set_cookie(
        COOKIE, locale.tag, max_age=ONE_YEAR, samesite="Lax", httponly=True,
        secure=request.is_secure,
    )  # fmt: skip
    response.cache_control.no_store = True
    return response


@bp.get("/assets/<name>")
def asset(name: str) -> BaseResponse:
    """A stylesheet under its content-hashed name, cacheable forever."""
    data = site().assets.get(name)
    if data is None:
        abort(404)
    response = Response(data, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response


def asset_url(name: str) -> str:
    """The URL of a stylesheet (``style.css``) under its content-hashed name."""
    return url_for("guide.asset", name=site().asset_names[name])


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every page in every published locale, with its alternates (hreflang)."""
    current = site()
    urls = []
    for found in current.content.pages:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{xml_escape(href)}"/>'
            for hreflang, href in _alternates(current, found)
        )
        for locale in current.published():
            urls.append(
                f"<url><loc>{xml_escape(absolute(page_url(locale, found)))}</loc>"
                f"<lastmod>{found.reviewed.isoformat()}</lastmod>{links}</url>"
            )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(urls) + "\n</urlset>\n"
    )
    return Response(body, mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    body = f"User-agent: *\nDisallow: /choose/\n\nSitemap: {absolute(url_for('guide.sitemap'))}\n"
    return Response(body, mimetype="text/plain")


@bp.get("/healthz")
def healthz() -> tuple[dict[str, Any], int, dict[str, str]]:
    """200 when every published locale is served; 503 while one is missing.

    The site still serves the other locales, but a monitor must notice that a
    published one is gone. Why it is gone (file paths, catalog lines) is told only
    in preview: in production that text would disclose the server's layout, and
    the log has it.
    """
    current = site()
    body: dict[str, Any] = {
        "status": "ok",
        "locales": [locale.tag for locale in current.visible()],
    }
    missing = current.missing()
    if missing:
        body["status"] = "degraded"
        body["missing"] = list(missing)
        if current.preview:
            body["errors"] = missing
    # Never cached: a CDN must not answer "ok" for a site that has since lost a language.
    return body, 503 if missing else 200, {"Cache-Control": "no-store"}


@bp.app_errorhandler(404)
def not_found(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    """A 404 page in the language of the URL, else the reader's browser's."""
    current = site()
    tags = [locale.tag for locale in current.visible()]
    first = request.path.strip("/").split("/", 1)[0]
    tag = first if first in tags else best_locale(request.headers.get("Accept-Language"), tags)
    locale = current.locale(tag or "") or current.registry.source
    html, _ = _render(current, locale, None, "404.html")
    return html, 404, {"Vary": "Accept-Language", "Cache-Control": "no-cache"}


def _locale_or_404(current: Site, lang: str) -> LocaleInfo:
    locale = current.locale(lang) or current.locale_ignoring_case(lang)
    if locale is None:
        raise NotFound()
    return locale


def page_url(locale: LocaleInfo, found: Page) -> str:
    """The URL of a page in a locale; the first page is the locale's home."""
    first = site().content.pages[0]
    return url_for("guide.page", lang=locale.tag, page_id=None if found is first else found.id)


def choose_url(locale: LocaleInfo, found: Page) -> str:
    """The switcher's link: remembers the choice, then shows ``found`` in ``locale``.

    A static export has no server to remember anything: it links to the page itself.
    """
    if current_app.config["GUIDE_STATIC_EXPORT"]:
        return page_url(locale, found)
    first = site().content.pages[0]
    return url_for("guide.choose", lang=locale.tag, page_id=None if found is first else found.id)


def absolute(path: str) -> str:
    """An absolute URL, from ``GUIDE_BASE_URL`` when set (it should be, in production)."""
    base = current_app.config.get("GUIDE_BASE_URL") or request.host_url
    return base.rstrip("/") + path


def _alternates(current: Site, found: Page) -> list[tuple[str, str]]:
    links = [(loc.tag, absolute(page_url(loc, found))) for loc in current.published()]
    return [*links, ("x-default", absolute(url_for("guide.root")))]


def _cached_page(current: Site, locale: LocaleInfo, found: Page) -> CachedPage:
    key = (absolute("/"), locale.tag, found.id)
    return _cached(current, key, lambda: _render(current, locale, found, "page.html")[0])


def _cached(current: Site, key: tuple[str, ...], render: Callable[[], str]) -> CachedPage:
    cached = current.cache.get(key)
    if cached is None:
        body = render().encode()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers = (
            ("Content-Type", "text/html; charset=utf-8"),
            ("ETag", etag),
            ("Last-Modified", http_date(current.last_modified)),
            ("Cache-Control", f"public, max-age={current_app.config['GUIDE_MAX_AGE']}"),
            *SECURITY_HEADERS.items(),
        )
        cached = CachedPage(body, etag, headers)
        current.cache.put(key, cached)
    return cached


def _conditional(cached: CachedPage) -> BaseResponse:
    """The page, or 304 when the client's copy is current (ETag first, then date)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        fresh = cached.etag in if_none_match or if_none_match.strip() == "*"
    else:
        since = parse_date(request.headers.get("If-Modified-Since"))
        fresh = since is not None and since.timestamp() >= int(site().last_modified)
    if fresh:
        return Response(status=304, headers=cached.headers[1:])
    return Response(cached.body, headers=cached.headers)


def _render(
    current: Site, locale: LocaleInfo, found: Page | None, template: str
) -> tuple[str, Translator]:
    """Render a template; render again with the notice if any string fell back to English."""
    html, translator = _render_once(current, locale, found, template, notice=False)
    if translator.fallbacks:
        html, translator = _render_once(current, locale, found, template, notice=True)
    return html, translator


def _render_once(
    current: Site, locale: LocaleInfo, found: Page | None, template: str, notice: bool
) -> tuple[str, Translator]:
    translator = Translator(current.translation(locale), locale.babel, trace=current.preview)
    if current.preview and locale is current.registry.source:
        translator.questions = current.questions
    source = current.registry.source
    shown = found or current.content.pages[0]
    html = render_template(
        template,
        t=translator,
        gettext=translator.gettext,
        ngettext=translator.ngettext,
        pgettext=translator.pgettext,
        npgettext=translator.npgettext,
        locale=locale,
        source=source,
        page=found,
        nodes=layout(found.blocks) if found else [],
        outline=found.outline() if found else [],
        pages=[(p, page_url(locale, p)) for p in current.content.pages],
        home_url=page_url(locale, current.content.pages[0]),
        english_url=page_url(source, shown),
        switcher=[(loc, choose_url(loc, shown)) for loc in current.visible()],
        alternates=_alternates(current, shown) if found else [],
        canonical=absolute(page_url(locale, found)) if found else None,
        notice=notice,
        css_url=asset_url("style.css"),
        preview=current.preview,
        preview_css_url=asset_url("preview.css") if current.preview else None,
        catalog_error=current.errors.get(locale.code) if current.preview else None,
        translation_reviewed=current.reviewed.get((locale.code, found.id)) if found else None,
        handout_url=url_for("guide.handout", lang=locale.tag),
        handout_pdf_url=handout_pdf_url(locale),
    )
    return html, translator


def _render_handout(current: Site, locale: LocaleInfo) -> str:
    """The handout page; rendered again with the notice if a string fell back to English."""
    html, translator = _render_handout_once(current, locale, notice=False)
    if translator.fallbacks:
        html, translator = _render_handout_once(current, locale, notice=True)
    return html


def _render_handout_once(current: Site, locale: LocaleInfo, notice: bool) -> tuple[str, Translator]:
    translator = Translator(current.translation(locale), locale.babel, trace=current.preview)
    source = current.registry.source
    english = Translator(None, source.babel)
    # The QR code and the printed address must be the public site, never the request's
    # Host (a proxy or a hostile client chooses that): no base URL, no address.
    base = current_app.config.get("GUIDE_BASE_URL")
    online = base.rstrip("/") + page_url(locale, current.content.pages[0]) if base else None
    html = render_template(
        "handout.html",
        t=translator,
        gettext=translator.gettext,
        ngettext=translator.ngettext,
        pgettext=translator.pgettext,
        npgettext=translator.npgettext,
        english=english,
        english_gettext=english.gettext,
        locale=locale,
        source=source,
        bilingual=locale is not source,
        handout=build_handout(current.content, current.reviewed, locale.code, online),
        notice=notice,
        css_url=asset_url("handout.css"),
        canonical=absolute(url_for("guide.handout", lang=locale.tag)),
        pdf_url=handout_pdf_url(locale),
    )
    return html, translator


def handout_pdf_url(locale: LocaleInfo) -> str | None:
    """Where the handout's PDF is: only the static export has one (``handouts/<tag>.pdf``)."""
    return f"/handouts/{locale.tag}.pdf" if current_app.config["GUIDE_STATIC_EXPORT"] else None


def _languages_page(current: Site) -> str:
    """The language-neutral home (``x-default``): every language, named in itself."""
    entries = []
    for locale in current.published():
        translator = Translator(current.translation(locale), locale.babel)
        entries.append((locale, page_url(locale, current.content.pages[0]), translator))
    return render_template(
        "languages.html",
        entries=entries,
        alternates=_alternates(current, current.content.pages[0]),
        css_url=asset_url("style.css"),
    )
