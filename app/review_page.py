"""The reviewers' page (preview only): English beside the translation, one action per message.

``/translate/<lang>/review/`` lists every translated message of a locale with its
review status; "Record review" records, in the locale's review record, that the
named reviewer reviewed exactly what the page showed. The form is protected
against cross-site requests three ways: a token only this page carries, the
browser's ``Sec-Fetch-Site``/``Origin`` headers, and ``SameSite`` never mattering
because no cookie is involved. If the catalog changed since the page was shown,
nothing is recorded (409): the reviewer reloads and reviews what is there now.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from werkzeug.wrappers.response import Response as BaseResponse

from .errors import LocatedError
from .locales import LocaleInfo
from .po import Entry
from .reviews import Verdict
from .site import Site
from .source_issues import notes_of, questions_of
from .workflow import ReviewState, record_reviews, review_state

bp = Blueprint("review", __name__, url_prefix="/translate")

# The site's policy, except that this page's own form may post back to it.
_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_SECRET = "guide.review_secret"


@dataclass(frozen=True)
class Row:
    """One message on the page."""

    anchor: str
    entry: Entry
    verdict: Verdict
    questions: list[str]
    notes: list[str]  # the translator's own comments, other than questions about the English


def digest(entry: Entry) -> str:
    """Names the message and exactly the English and translation shown (changes with either)."""
    shown = [entry.msgctxt, entry.msgid, entry.msgid_plural, entry.strings]
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:24]


def _token(tag: str) -> str:
    secret = current_app.extensions.setdefault(_SECRET, secrets.token_bytes(32))
    return hmac.new(secret, f"review:{tag}".encode(), hashlib.sha256).hexdigest()


def _site() -> Site:
    return current_app.extensions["guide"]  # type: ignore[no-any-return]


def _locale(tag: str) -> LocaleInfo:
    locale = next((loc for loc in _site().registry.locales if loc.tag == tag), None)
    if locale is None:
        abort(404)
    return locale


def _state(locale: LocaleInfo) -> ReviewState:
    try:
        return review_state(_site().project, locale)
    except LocatedError as e:
        abort(Response(f"Cannot review: {e}\n", 409, mimetype="text/plain"))


def _page(locale: LocaleInfo, state: ReviewState, status: int = 200, error: str = "") -> Response:
    rows = [
        Row(f"m-{digest(entry)}", entry, verdict, questions_of(entry), notes_of(entry))
        for entry, verdict in state.verdicts
    ]
    html = render_template(
        "review.html",
        locale=locale,
        state=state,
        rows=rows,
        token=_token(locale.tag),
        reviewer=request.form.get("reviewer", ""),
        error=error,
        css_url="../../dashboard.css",
    )
    response = Response(html, status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _CSP
    response.cache_control.no_store = True
    return response


@bp.get("/<tag>/review/")
def review_page(tag: str) -> Response:
    """Every translated message of a locale beside its English, with its review status."""
    locale = _locale(tag)
    return _page(locale, _state(locale))


def _same_origin() -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


@bp.post("/<tag>/review/")
def record(tag: str) -> BaseResponse:
    """Record one message's review, by the named reviewer, of exactly what the page showed."""
    locale = _locale(tag)
    token = request.form.get("token", "")
    if not (_same_origin() and hmac.compare_digest(token, _token(locale.tag))):
        abort(403)
    state = _state(locale)
    wanted = request.form.get("message", "")
    entry = next((e for e, _ in state.verdicts if digest(e) == wanted), None)
    if entry is None:
        return _page(
            locale,
            state,
            409,
            "That message changed (or was removed) after the page was shown: nothing was "
            "recorded. Review it again as it is now.",
        )
    try:
        record_reviews(state, request.form.get("reviewer", ""), [entry])
    except LocatedError as e:
        return _page(locale, state, 400, str(e))
    return redirect(f"./#m-{wanted}", 303)
