"""The site's public address, settled once at start-up and never taken from a request.

Canonical links, hreflang, the sitemap, robots.txt and the handout's printed address
must name the public site. The request's ``Host`` header is chosen by the client (or by
whatever proxy sits in front), so a server facing the internet must be told its address:
``GUIDE_BASE_URL``, or Flask's ``TRUSTED_HOSTS``, whose first name then is the address.
Production refuses to start with neither. Debug, tests, the translators' preview and the
static export (which is always given ``--base-url``) may fall back to the request's host.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


class SettingsError(Exception):
    """A setting that makes the site unsafe or unusable; the message says what to set."""


MISSING = (
    "FLASK_GUIDE_BASE_URL is not set: in production, canonical links, hreflang, the sitemap "
    "and robots.txt need the site's public address, and the request's Host header cannot "
    "be trusted for it. Set FLASK_GUIDE_BASE_URL=https://guide.example.org (or "
    """FLASK_TRUSTED_HOSTS='["guide.example.org"]')."""
)


def is_production(config: Mapping[str, Any]) -> bool:
    """Whether the app faces readers: not debug, testing, preview or a static export."""
    return not any(
        config.get(key) for key in ("DEBUG", "TESTING", "GUIDE_PREVIEW", "GUIDE_STATIC_EXPORT")
    )


def public_address(config: Mapping[str, Any]) -> str | None:
    """The public base URL (``https://guide.example.org``, no trailing slash), or None.

    None only outside production: links then follow each request's host.
    Raises ``SettingsError`` for a base URL that is not one, or when production has none.
    """
    base = config.get("GUIDE_BASE_URL")
    if base:
        return checked_base_url(str(base))
    trusted = config.get("TRUSTED_HOSTS")
    if isinstance(trusted, str):
        raise SettingsError(
            f"TRUSTED_HOSTS must be a list of host names, not the string {trusted!r}: "
            """write FLASK_TRUSTED_HOSTS='["guide.example.org"]'"""
        )
    if trusted:
        first = str(trusted[0])
        if first.startswith(".") or not first:
            raise SettingsError(
                f"the first of TRUSTED_HOSTS, {first!r}, matches many hosts, so it cannot be "
                "the site's public address: list the public host name first, or set "
                "FLASK_GUIDE_BASE_URL"
            )
        scheme = str(config.get("PREFERRED_URL_SCHEME") or "http")
        return checked_base_url(f"{scheme}://{first}")
    if is_production(config):
        raise SettingsError(MISSING)
    return None


def checked_base_url(base: str) -> str:
    """``base`` without a trailing slash, if it is an http(s) address of a whole site."""
    parts = urlsplit(base.strip())
    problem = None
    if parts.scheme not in ("http", "https"):
        problem = "it must start with https:// or http://"
    elif not parts.hostname:
        problem = "it has no host name"
    elif parts.username is not None or parts.password is not None:
        problem = "it must not hold a user name or password"
    elif parts.query or parts.fragment:
        problem = "it must not have a query or fragment"
    elif parts.path not in ("", "/"):
        problem = "the site is served at the root of its host, so the address has no path"
    if problem is not None:
        raise SettingsError(f"GUIDE_BASE_URL {base!r} is not a site address: {problem}")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as e:
        raise SettingsError(f"GUIDE_BASE_URL {base!r} is not a site address: {e}") from e
    return f"{parts.scheme}://{parts.netloc}"
