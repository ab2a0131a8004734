"""Conditional requests (RFC 9110, section 13) and content-coding choice, as pure functions."""

from __future__ import annotations

import pytest

from app.conditional import EntityTag, evaluate, parse_entity_tags, strong_match, weak_match
from app.encoding import IDENTITY, choose_coding, parse_accept_encoding

TAG = EntityTag("abc123")
MODIFIED = 1_764_000_000  # Mon, 24 Nov 2025 16:00:00 GMT
AT = "Mon, 24 Nov 2025 16:00:00 GMT"
BEFORE = "Mon, 24 Nov 2025 15:59:59 GMT"
AFTER = "Tue, 25 Nov 2025 16:00:00 GMT"


@pytest.mark.parametrize(
    ("header", "parsed"),
    [
        ('"a"', [EntityTag("a")]),
        ('W/"a"', [EntityTag("a", weak=True)]),
        ('"a", W/"b" ,"c"', [EntityTag("a"), EntityTag("b", weak=True), EntityTag("c")]),
        (', , "a",,', [EntityTag("a")]),  # empty list elements are allowed
        ('""', [EntityTag("")]),
        ("*", "*"),
        (" * ", "*"),
        ("", []),
        ("a", None),  # not quoted
        ('"a" "b"', None),  # no comma
        ('"a"b', None),
        ('"a', None),
        ('w/"a"', None),  # W/ is case-sensitive
        ('"a", *', None),  # * stands alone
        ('"a b"', None),  # no spaces inside
    ],
)
def test_entity_tag_lists_parse_as_the_grammar_says(
    header: str, parsed: list[EntityTag] | str | None
) -> None:
    assert parse_entity_tags(header) == parsed


@pytest.mark.parametrize(
    ("header", "weak", "strong"),
    [
        ('"abc123"', True, True),
        ('W/"abc123"', True, False),  # weak comparison ignores W/, strong does not
        ('"x", "abc123"', True, True),
        ("*", True, True),
        ('"junkabc123junk"', False, False),  # no substring match
        ('"abc123junk"', False, False),
        ("abc123", False, False),  # unquoted: not an entity tag
        ('"abc123" junk', False, False),  # malformed field: matches nothing
        ('"ABC123"', False, False),  # opaque tags are case-sensitive
    ],
)
def test_etag_comparison(header: str, weak: bool, strong: bool) -> None:
    assert weak_match(header, TAG) is weak
    assert strong_match(header, TAG) is strong


def test_a_weak_etag_never_matches_strongly() -> None:
    assert not strong_match('W/"abc123"', EntityTag("abc123", weak=True))
    assert weak_match('W/"abc123"', EntityTag("abc123", weak=True))


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, None),
        ({"If-None-Match": '"abc123"'}, 304),
        ({"If-None-Match": 'W/"abc123"'}, 304),
        ({"If-None-Match": '"other"'}, None),
        ({"If-None-Match": '"junkabc123junk"'}, None),
        ({"If-None-Match": "*"}, 304),
        ({"If-Modified-Since": AT}, 304),
        ({"If-Modified-Since": AFTER}, 304),
        ({"If-Modified-Since": BEFORE}, None),
        ({"If-Modified-Since": "Monday, 24-Nov-25 16:00:00 GMT"}, 304),  # RFC 850 form
        ({"If-Modified-Since": "Mon Nov 24 16:00:00 2025"}, 304),  # asctime form
        ({"If-Modified-Since": "yesterday"}, None),  # invalid: ignored
        ({"If-Modified-Since": ""}, None),
        # If-Modified-Since is only looked at without If-None-Match:
        ({"If-None-Match": '"other"', "If-Modified-Since": AFTER}, None),
        ({"If-None-Match": "junk", "If-Modified-Since": AFTER}, None),
        ({"If-None-Match": '"abc123"', "If-Modified-Since": BEFORE}, 304),
        ({"If-Match": '"abc123"'}, None),
        ({"If-Match": '"other"'}, 412),
        ({"If-Match": 'W/"abc123"'}, 412),  # strong comparison
        ({"If-Match": "*"}, None),
        ({"If-Match": '"other"', "If-None-Match": '"abc123"'}, 412),  # If-Match first
        ({"If-Unmodified-Since": BEFORE}, 412),
        ({"If-Unmodified-Since": AT}, None),
        ({"If-Unmodified-Since": "junk"}, None),
        ({"If-Match": '"abc123"', "If-Unmodified-Since": BEFORE}, None),  # only without If-Match
    ],
)
def test_preconditions_in_rfc_order(headers: dict[str, str], status: int | None) -> None:
    assert evaluate(headers, TAG, MODIFIED) == status


# -- content codings ----------------------------------------------------------------------

ALL = {"identity": b"x" * 100, "gzip": b"g", "br": b"b"}


@pytest.mark.parametrize(
    ("header", "available", "expected"),
    [
        (None, ALL, IDENTITY),  # no header: a client that may decode nothing
        ("", ALL, IDENTITY),  # empty: no coding wanted
        ("gzip", ALL, "gzip"),
        ("gzip, deflate, br", ALL, "br"),  # a tie: the smaller body
        ("gzip, deflate, br, zstd", ALL, "br"),
        ("br;q=0.5, gzip", ALL, "gzip"),  # the client's weight first
        ("br;q=0, gzip;q=0", ALL, IDENTITY),
        ("*", ALL, "br"),
        ("*;q=0", ALL, IDENTITY),  # no coding is acceptable; RFC 9110 allows identity then
        ("gzip;q=0, *", ALL, "br"),
        ("x-gzip", ALL, "gzip"),
        ("GZIP", ALL, "gzip"),  # coding names are case-insensitive
        ("br", {"identity": b"tiny"}, IDENTITY),  # nothing worth compressing was kept
        ("gzip;q=1.5, br;q=0.1", ALL, IDENTITY),  # invalid weight: the field is ignored
        ("gzip;level=9", ALL, IDENTITY),  # an unknown parameter makes it invalid too
        ("gzip,, ,br;q=0.9", ALL, "gzip"),
        ("identity;q=0, gzip;q=0.1", ALL, "gzip"),
    ],
)
def test_coding_choice(header: str | None, available: dict[str, bytes], expected: str) -> None:
    assert choose_coding(header, available) == expected


def test_accept_encoding_weights() -> None:
    assert parse_accept_encoding("br;q=0.8, GZIP ; q=0.5, *;q=0") == {
        "br": 0.8,
        "gzip": 0.5,
        "*": 0.0,
    }
    assert parse_accept_encoding("br;q=2") is None


def test_copies_are_kept_only_when_they_save_bytes() -> None:
    import gzip

    import brotli  # type: ignore[import-untyped]

    from app.encoding import compressed

    page = ("<p>Dry needling targets myofascial trigger points.</p>\n" * 40).encode()
    copies = compressed(page)
    assert set(copies) == {"identity", "gzip", "br"}
    assert copies["identity"] is page
    assert gzip.decompress(copies["gzip"]) == page
    assert brotli.decompress(copies["br"]) == page
    assert len(copies["br"]) < len(copies["gzip"]) < len(page)
    assert compressed(b"User-agent: *\n") == {"identity": b"User-agent: *\n"}
