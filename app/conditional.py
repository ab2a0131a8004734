"""Conditional requests as RFC 9110 (section 13) defines them, for a GET or HEAD of a page.

Entity tags are parsed as the grammar says (``W/"x"``, ``"x"``, ``*``, lists with empty
elements) and compared weakly for ``If-None-Match`` and strongly for ``If-Match``; a header
that does not parse matches nothing, so a malformed validator never earns a 304. Dates are
only looked at when the matching entity-tag header is absent, and an invalid date is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from werkzeug.http import parse_date

# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text
_ETAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\xff]*)"')


@dataclass(frozen=True)
class EntityTag:
    """One entity tag: its opaque part (without quotes) and whether it is weak."""

    opaque: str
    weak: bool = False


ANY = "*"


def parse_entity_tags(value: str) -> list[EntityTag] | str | None:
    """``*``, the list of entity tags in ``value``, or None when the field does not parse."""
    value = value.strip(" \t")
    if value == ANY:
        return ANY
    tags: list[EntityTag] = []
    position = 0
    expect_tag = True
    while position < len(value):
        char = value[position]
        if char in " \t":
            position += 1
        elif char == ",":
            expect_tag = True  # empty list elements are allowed (RFC 9110, 5.6.1)
            position += 1
        elif expect_tag:
            match = _ETAG.match(value, position)
            if match is None:
                return None
            tags.append(EntityTag(match.group(2), weak=match.group(1) is not None))
            position = match.end()
            expect_tag = False
        else:  # two tags without a comma, or text after a tag
            return None
    return tags


def weak_match(header: str, etag: EntityTag) -> bool:
    """Whether ``If-None-Match: header`` matches ``etag`` (weak comparison)."""
    tags = parse_entity_tags(header)
    if isinstance(tags, str):  # "*"
        return True
    return tags is not None and any(t.opaque == etag.opaque for t in tags)


def strong_match(header: str, etag: EntityTag) -> bool:
    """Whether ``If-Match: header`` matches ``etag`` (strong comparison: neither may be weak)."""
    tags = parse_entity_tags(header)
    if isinstance(tags, str):  # "*"
        return True
    if tags is None or etag.weak:
        return False
    return any(not t.weak and t.opaque == etag.opaque for t in tags)


def parse_http_date(value: str) -> int | None:
    """Seconds since the epoch of an HTTP-date (any of the three forms); None if invalid."""
    parsed = parse_date(value.strip())
    return None if parsed is None else int(parsed.timestamp())


def evaluate(headers: Mapping[str, str], etag: EntityTag, last_modified: int) -> int | None:
    """The status a GET or HEAD gets from its preconditions: 412, 304, or None (send it).

    In RFC 9110's order (13.2.2): If-Match, else If-Unmodified-Since; then
    If-None-Match, else If-Modified-Since.
    """
    if_match = headers.get("If-Match")
    if if_match is not None:
        if not strong_match(if_match, etag):
            return 412
    else:
        since = headers.get("If-Unmodified-Since")
        date = parse_http_date(since) if since is not None else None
        if date is not None and last_modified > date:
            return 412
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        return 304 if weak_match(if_none_match, etag) else None
    since = headers.get("If-Modified-Since")
    date = parse_http_date(since) if since is not None else None
    if date is not None and last_modified <= date:
        return 304
    return None
