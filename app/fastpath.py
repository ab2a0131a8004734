"""Answer a request for a cached response before Flask sees it.

Once a URL has been served from the page cache (``views._serve`` records its path), the
next GET or HEAD for that path is answered here, in front of Flask: the response was
computed once (body in each coding, every header, the security headers too), so all
that is left is choosing the coding and evaluating the preconditions, which this does
with the same functions the view uses. Flask's request context, routing and response
objects cost more than the rest of the request; skipping them puts the guide at the
speed of a bare Flask view (``bench/server.py``).

It only runs where nothing about the answer depends on the request beyond its path and
those headers: the public address is fixed (production, or a test with
``GUIDE_BASE_URL``), files are not reloaded per request, and, with ``TRUSTED_HOSTS``, the
Host is one of them (any other goes to Flask, which refuses it). Anything else, a miss,
or another method goes to Flask unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.sansio.utils import host_is_trusted

from .conditional import evaluate
from .encoding import choose_coding

if TYPE_CHECKING:
    from .site import Site

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# The precondition headers, as WSGI names them.
CONDITIONAL = {
    "If-Match": "HTTP_IF_MATCH",
    "If-None-Match": "HTTP_IF_NONE_MATCH",
    "If-Modified-Since": "HTTP_IF_MODIFIED_SINCE",
    "If-Unmodified-Since": "HTTP_IF_UNMODIFIED_SINCE",
}
REASONS = {200: "200 OK", 304: "304 Not Modified", 412: "412 Precondition Failed"}


class CachedResponses:
    """WSGI middleware: cached responses straight from the cache, the rest through ``app``."""

    def __init__(self, app: WSGIApp, site: Site, trusted_hosts: list[str] | None) -> None:
        self.app = app
        self.site = site
        self.trusted_hosts = trusted_hosts

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        key = self.site.routes.get(environ.get("PATH_INFO", ""))
        if key is None or method not in ("GET", "HEAD") or environ.get("SCRIPT_NAME"):
            return self.app(environ, start_response)
        if self.trusted_hosts is not None and not host_is_trusted(
            environ.get("HTTP_HOST"), self.trusted_hosts
        ):
            return self.app(environ, start_response)
        cached = self.site.cache.get(key)
        if cached is None or cached.status != 200:
            return self.app(environ, start_response)
        chosen = cached.codings[choose_coding(environ.get("HTTP_ACCEPT_ENCODING"), cached.codings)]
        conditions = {name: environ[wsgi] for name, wsgi in CONDITIONAL.items() if wsgi in environ}
        if conditions and chosen.etag is not None:
            status = evaluate(conditions, chosen.etag, cached.last_modified)
            if status is not None:
                headers = list(chosen.not_modified_headers)
                if status == 412:  # as Flask sends an empty body: Content-Length 0
                    headers.append(("Content-Length", "0"))
                start_response(REASONS[status], headers)
                return []
        start_response(REASONS[200], list(chosen.wsgi_headers))
        return [] if method == "HEAD" else [chosen.body]
