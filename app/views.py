"""The patient site: every page of the guide under ``/<lang>/``, in every visible locale.

Views stay thin: pick the locale, find the page, render it through a
``Translator`` (cached per locale and page), and answer conditional requests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

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
from werkzeug.http import http_date
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers.response import Response as BaseResponse

from .conditional import EntityTag, evaluate
from .content import Page
from .encoding import IDENTITY, choose_coding, compressed
from .fastpath import CONDITIONAL
from .handout import SEGMENT, build_handout
from .locales import LocaleInfo
from .negotiation import best_locale
from .rendering import Translator, layout
from .site import CachedPage, Representation, Site
from .sitemap import FOLDER as SITEMAPS
from .sitemap import Limits, SitemapUrl, sitemap_files

bp = Blueprint("guide", __name__)

COOKIE = "lang"  # the reader's explicit choice from the language switcher
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600
MIMETYPES = {".css": "text/css; charset=utf-8", ".ico": "image/x-icon"}
# connect-src 'self' lets a same-site fetch() through, which no page of ours makes (no
# script runs at all: script-src falls back to 'none'); Lighthouse reads robots.txt with
# one from inside the page, and without it reports robots.txt as missing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
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
    """Every response gets them: redirects, errors and JSON too, not only pages."""
    if "Content-Security-Policy" in response.headers:  # cached pages carry them already
        return response
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@bp.before_app_request
def relative_routing_redirect() -> BaseResponse | None:
    """Werkzeug's own redirects (``/es/conditions`` → ``/es/conditions/``, ``/es//`` →
    ``/es/``) are absolute URLs built from the request's Host: send the path alone."""
    redirect_to = request.routing_exception
    if isinstance(redirect_to, RequestRedirect):
        parts = urlsplit(redirect_to.new_url)
        target = "/" + parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
        return redirect(target, redirect_to.code)
    return None


@bp.get("/")
def root() -> BaseResponse | str:
    """Send the reader to their language: their earlier choice, else their browser's.

    A static export cannot read headers: there, ``/`` lists every language instead.
    """
    current = site()
    if current_app.config["GUIDE_STATIC_EXPORT"]:
        return _languages_page(current)
    response = redirect(page_url(_reader_locale(current), current.content.pages[0]), 302)
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
    if locale.tag != lang:  # /pt-br/ and /pt_BR/ → /pt-BR/
        return redirect(url_for("guide.page", lang=locale.tag, page_id=page_id), 301)
    first = current.content.pages[0]
    found = first if page_id is None else current.content.page(page_id)
    if found is None:
        abort(404)
    if page_id is not None and found is first:  # one URL per page
        return redirect(page_url(locale, first), 301)
    key = (public_base(), locale.tag, found.id)
    return _serve(_cached(current, key, lambda: _html(current, locale, found, "page.html")), key)


@bp.get(f"/<lang>/{SEGMENT}/")
def handout(lang: str) -> BaseResponse:
    """The bilingual handout of a locale: the whole guide beside the English, for print."""
    current = site()
    locale = _locale_or_404(current, lang)
    if locale.tag != lang:
        return redirect(url_for("guide.handout", lang=locale.tag), 301)
    key = (public_base(), locale.tag, f"/{SEGMENT}/")
    render = lambda: _page_body(_render_handout(current, locale))  # noqa: E731
    return _serve(_cached(current, key, render), key)


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
    """A stylesheet or icon under its content-hashed name, cacheable forever."""
    current = site()
    if name not in current.assets:
        abort(404)
    return _asset(current, name, f"public, max-age={ONE_YEAR}, immutable")


@bp.get("/favicon.ico")
def favicon() -> BaseResponse:
    """The icon where browsers and crawlers look for it unasked (pages link the hashed one)."""
    current = site()
    return _asset(current, current.asset_names["favicon.ico"], f"public, max-age={ONE_DAY}")


def asset_url(name: str) -> str:
    """The URL of a stylesheet (``style.css``) under its content-hashed name."""
    return url_for("guide.asset", name=site().asset_names[name])


@bp.get("/sitemap.xml", defaults={"name": "sitemap.xml"})
@bp.get(f"/{SITEMAPS}/<name>")
def sitemap(name: str) -> BaseResponse:
    """Every page in every published locale: one sitemap, or an index and one per language.

    The same files as the static export's (``app.sitemap``): URLs without ``xhtml:link``
    alternates, which every page names in its ``<head>`` (a sitemap repeating them grows
    with the square of the number of languages), split past 50,000 URLs or 50 MB.
    """
    current = site()
    path = name if name == "sitemap.xml" else f"{SITEMAPS}/{name}"
    if current.sitemap_paths is not None and path not in current.sitemap_paths:
        abort(404)  # known without building them again
    key = (public_base(), "sitemap", path)
    cached = current.cache.get(key)
    if cached is None:  # build them all once, and keep each
        files = _sitemap_files(current)
        current.sitemap_paths = frozenset(files)
        for each, data in files.items():
            _cached(current, (*key[:2], each), partial(_xml, data))
        if path not in files:
            abort(404)
        cached = _cached(current, key, partial(_xml, files[path]))
    return _serve(cached, key)


def _xml(data: bytes) -> tuple[bytes, str]:
    return data, "application/xml; charset=utf-8"


def _sitemap_files(current: Site) -> dict[str, bytes]:
    urls = [
        SitemapUrl(absolute(page_url(locale, found)), found.reviewed.isoformat())
        for locale in current.published()
        for found in current.content.pages
    ]
    limits = Limits(urls=int(current_app.config["GUIDE_SITEMAP_MAX_URLS"]))
    return sitemap_files(urls, absolute("/"), limits)


@bp.get("/robots.txt")
def robots() -> BaseResponse:
    """Crawl everything but the switcher's redirects; the sitemap at the public address."""
    current = site()

    def body() -> tuple[bytes, str]:
        sitemap_url = absolute(url_for("guide.sitemap"))
        text = f"User-agent: *\nDisallow: /choose/\n\nSitemap: {sitemap_url}\n"
        return text.encode(), "text/plain; charset=utf-8"

    key = (public_base(), "robots.txt")
    return _serve(_cached(current, key, body), key)


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
def not_found(error: HTTPException) -> BaseResponse:
    """A 404 page in the language of the URL, else the reader's choice, else their browser's."""
    current = site()
    first = request.path.strip("/").split("/", 1)[0]
    locale = current.locale(first) or current.locale_loosely(first)
    negotiated = locale is None
    if locale is None:
        locale = _reader_locale(current)
    key = (public_base(), locale.tag, "404")
    cached = _cached(current, key, lambda: _html(current, locale, None, "404.html"), status=404)
    response = _serve(cached)
    if negotiated:  # the same URL shows another language to another reader
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def _reader_locale(current: Site) -> LocaleInfo:
    """The reader's language: their choice in the switcher, else their browser's, else English."""
    tags = [locale.tag for locale in current.visible()]
    chosen = request.cookies.get(COOKIE)
    tag = chosen if chosen in tags else best_locale(request.headers.get("Accept-Language"), tags)
    return current.locale(tag or "") or current.registry.source


def _locale_or_404(current: Site, lang: str) -> LocaleInfo:
    locale = current.locale(lang) or current.locale_loosely(lang)
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


def public_base() -> str:
    """The site's public address: ``GUIDE_BASE_URL``, fixed at start-up in production.

    Only outside production (debug, tests, preview) may it be missing; links then
    follow the request's host, and the page cache is keyed by it.
    """
    base: str | None = current_app.config["GUIDE_BASE_URL"]
    return base or request.host_url.rstrip("/")


def absolute(path: str) -> str:
    """An absolute URL of the public site."""
    return public_base() + path


def _alternates(current: Site, found: Page) -> list[tuple[str, str]]:
    links = [(loc.tag, absolute(page_url(loc, found))) for loc in current.published()]
    return [*links, ("x-default", absolute(url_for("guide.root")))]


def _html(
    current: Site, locale: LocaleInfo, found: Page | None, template: str
) -> tuple[bytes, str]:
    return _page_body(_render(current, locale, found, template)[0])


def _page_body(html: str) -> tuple[bytes, str]:
    return html.encode(), "text/html; charset=utf-8"


def _asset(current: Site, name: str, cache_control: str) -> BaseResponse:
    key = ("asset", name, cache_control)
    content_type = MIMETYPES[name[name.rindex(".") :]]
    render = lambda: (current.assets[name], content_type)  # noqa: E731
    return _serve(_cached(current, key, render, cache_control=cache_control), key)


def _cached(
    current: Site,
    key: tuple[str, ...],
    render: Callable[[], tuple[bytes, str]],
    *,
    status: int = 200,
    cache_control: str | None = None,
) -> CachedPage:
    """The cached response under ``key``; ``render`` gives (body, Content-Type) on first use.

    It is compressed then, once. A 200 carries an ETag per coding (strong: the bytes
    differ), Last-Modified and ``Cache-Control: public, max-age=GUIDE_MAX_AGE`` unless
    told otherwise; another status carries no validator and is revalidated every time.
    """
    cached = current.cache.get(key)
    if cached is None:
        if cache_control is None:
            max_age = current_app.config["GUIDE_MAX_AGE"]
            cache_control = f"public, max-age={max_age}" if status == 200 else "no-cache"
        cached = _build(current, *render(), status, cache_control)
        current.cache.put(key, cached)
    return cached


def _build(
    current: Site, body: bytes, content_type: str, status: int, cache_control: str
) -> CachedPage:
    codings = compressed(body) if _compressible(content_type) else {IDENTITY: body}
    digest = hashlib.sha256(body).hexdigest()[:32]
    last_modified = int(current.last_modified)
    representations = {}
    for coding, data in codings.items():
        etag = EntityTag(digest if coding == IDENTITY else f"{digest}-{coding}")
        common: list[tuple[str, str]] = []
        if len(codings) > 1:
            common.append(("Vary", "Accept-Encoding"))
        if status == 200:
            common += [("ETag", f'"{etag.opaque}"'), ("Last-Modified", http_date(last_modified))]
        common += [("Cache-Control", cache_control), *SECURITY_HEADERS.items()]
        headers = [("Content-Type", content_type)]
        if coding != IDENTITY:
            headers.append(("Content-Encoding", coding))
        headers += common
        # A 304 carries no representation metadata (RFC 9110, 15.4.5): no Last-Modified.
        not_modified = tuple(h for h in common if h[0] != "Last-Modified")
        representations[coding] = Representation(
            data,
            etag if status == 200 else None,
            tuple(headers),
            not_modified,
            (*headers, ("Content-Length", str(len(data)))),
        )
    return CachedPage(status, representations, last_modified)


def _path_alone_decides() -> bool:
    """Whether the same path always gets the same cached response (see ``app.fastpath``)."""
    return bool(current_app.config["GUIDE_BASE_URL"]) and not site().reload


def _compressible(content_type: str) -> bool:
    return content_type.startswith(("text/", "application/xml", "application/json"))


def _serve(cached: CachedPage, key: tuple[str, ...] | None = None) -> BaseResponse:
    """The cached response in the coding the client prefers, or 304/412 by its preconditions.

    With ``key``, the path is remembered for ``app.fastpath``, which answers its next
    requests without Flask, where the response cannot depend on the request's host.
    """
    if key is not None and cached.status == 200 and _path_alone_decides():
        site().routes[request.path] = key
    codings = cached.codings
    chosen = codings[choose_coding(request.headers.get("Accept-Encoding"), codings)]
    environ = request.environ
    conditions = {name: environ[wsgi] for name, wsgi in CONDITIONAL.items() if wsgi in environ}
    if chosen.etag is not None and conditions:
        status = evaluate(conditions, chosen.etag, cached.last_modified)
        if status is not None:  # 304 Not Modified, or 412 Precondition Failed
            response = Response(status=status, headers=chosen.not_modified_headers)
            del response.headers["Content-Type"]  # no body, so no type (as app.fastpath)
            return response
    return Response(chosen.body, status=cached.status, headers=chosen.headers)


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
        icon_url=asset_url("favicon.ico"),
        description=_description(translator, found),
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
        icon_url=asset_url("favicon.ico"),
        description=_description(translator, current.content.pages[0]),
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
    first = current.content.pages[0]
    for locale in current.published():
        translator = Translator(current.translation(locale), locale.babel)
        entries.append((locale, page_url(locale, first), translator))
    return render_template(
        "languages.html",
        entries=entries,
        alternates=_alternates(current, current.content.pages[0]),
        css_url=asset_url("style.css"),
        icon_url=asset_url("favicon.ico"),
        description=_description(Translator(None, current.registry.source.babel), first),
    )


def _description(translator: Translator, found: Page | None) -> str | None:
    """A page's meta description: its first paragraph, as the reader sees it, as text."""
    lead = next((b for b in found.blocks if b.kind == "paragraph"), None) if found else None
    return translator.block(lead).striptags() if lead else None
