"""Content codings of the dynamic site: make the copies once, pick one per request.

A response is compressed once, when it is first rendered, exactly as the static export
compresses its files (``app.compression``: gzip 9, Brotli 10, a copy kept only when it
saves 5%), and the copies are kept beside it in the page cache; serving one is a lookup.
The first reader of a page waits for its compression (a few to a few tens of
milliseconds, once per worker); every reader after gets the smaller bytes.

``Accept-Encoding`` is read as RFC 9110 (12.5.3) says: codings with their q-values,
``*`` for any coding not named, ``q=0`` for "not acceptable", ``identity`` acceptable
unless refused. Among acceptable codings the client's highest q wins, and on a tie the
smaller body (Brotli, then gzip, then identity).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .compression import encoded

IDENTITY = "identity"
PREFERENCE = ("br", "gzip", IDENTITY)  # smallest first, for ties in q
MAX_HEADER = 1024  # no browser sends more; a longer header is cut
_QVALUE = re.compile(r"^[qQ]=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def compressed(body: bytes) -> dict[str, bytes]:
    """``body`` as identity and in each coding that makes it worth sending."""
    return {IDENTITY: body, **encoded(body)}


def parse_accept_encoding(header: str) -> dict[str, float] | None:
    """Coding → q of a header (lowercase names, ``*`` kept); None when it does not parse."""
    weights: dict[str, float] = {}
    for item in header[:MAX_HEADER].split(","):
        name, *params = (part.strip(" \t") for part in item.split(";"))
        if not name and not params:
            continue  # empty list elements are allowed
        if not _TOKEN.match(name):
            return None
        quality = 1.0
        for param in params:
            match = _QVALUE.match(param)
            if match is None:
                return None  # q=1.5, q=abc or an unknown parameter: not a valid field
            quality = float(match.group(1))
        weights[name.lower()] = quality
    if "x-gzip" in weights:  # RFC 9110 (8.4.1.3): the same coding as gzip
        weights.setdefault("gzip", weights["x-gzip"])
    return weights


def choose_coding(header: str | None, available: Mapping[str, object]) -> str:
    """The coding to send for ``Accept-Encoding: header``, among the keys of ``available``."""
    return _choose(header[:MAX_HEADER] if header else header, tuple(available))


@lru_cache(maxsize=256)  # browsers send a handful of distinct headers: parse each once
def _choose(header: str | None, available: tuple[str, ...]) -> str:
    """The coding to send: the acceptable one the client weighs most, else identity.

    No header means any coding is acceptable, but a client that sends none may not
    decode one, so it gets identity. A header that does not parse is ignored likewise.
    When nothing acceptable is available (``identity;q=0`` with only gzip unknown to the
    client), RFC 9110 lets an origin send the body without coding, and we do.
    """
    if header is None:
        return IDENTITY
    weights = parse_accept_encoding(header)
    if weights is None:
        return IDENTITY
    star = weights.get("*")

    def weight(coding: str) -> float:
        if coding in weights:
            return weights[coding]
        if star is not None:
            return star
        return 1.0 if coding == IDENTITY else 0.0  # identity is acceptable unless refused

    best = max(
        (c for c in PREFERENCE if c in available and weight(c) > 0),
        key=lambda c: (weight(c), -PREFERENCE.index(c)),
        default=IDENTITY,
    )
    return best
