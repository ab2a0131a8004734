"""Choosing a locale from Accept-Language: q-order, region and script fallback."""

from __future__ import annotations

import pytest
from babel.core import negotiate_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.negotiation import best_locale, parse_accept_language, parse_weighted, refused, subtags

AVAILABLE = ["en", "es", "fr", "pt-BR", "zh-Hans", "ar"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB", "en"),  # Safari sends only the regional tag
        ("fr-FR,fr;q=0.9,en;q=0.3", "fr"),
        ("zh-TW", None),  # Traditional: never served Simplified
        ("zh-HK,zh;q=0.5", "zh-Hans"),  # ...unless the reader also accepts plain zh
        ("zh-HK", None),
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-Hant-TW,en;q=0.5", "en"),
        ("pt-PT", "pt-BR"),  # the only Portuguese there is
        ("pt", "pt-BR"),
        ("es-419,es;q=0.9", "es"),
        ("en;q=0.1, fr-CA", "fr"),  # a high-q base match beats a low-q exact match
        ("de-DE,de;q=0.9", None),
        ("de, ar;q=0.2", "ar"),
        ("AR-eg", "ar"),
        ("*", "en"),  # any language: the first available
        ("en;q=0, *", "es"),  # any but English
        ("*;q=0, fr;q=0.1", "fr"),
        ("fr;q=0, fr-CA", None),  # French refused; Canadian French not, but not available
        ("es;q=0, es-MX", None),  # the reader refused the Spanish there is
        ("pt-BR;q=0, pt-PT", None),
        ("zh;q=0, zh-CN", None),
        ("EN;Q=0, en-GB;q=0.5, fr;q=0.4", "fr"),
        ("en;q=1.5, fr;q=0.5", "fr"),  # 1.5 is no qvalue: that element is ignored
        ("en;q=0.5000, fr;q=0.1", "fr"),  # four decimals: invalid
        ("en;q=1.000, fr", "en"),
        ("en;q=abc, fr;q=0.2", "fr"),
        ("en;level=1, fr;q=0.2", "fr"),  # Accept-Language ranges take no other parameter
        ("en;q=0.5;q=0.9, fr;q=0.2", "fr"),
        ("en ; q=0.9 , fr;q=0.2", "en"),
        ("", None),
        (None, None),
        ("fr;q=0", None),
        ("!!!, ;q=abc, en-", None),
        ("x" * 8192, None),
        ("en;q=0.5," * 2000, "en"),
    ],
)
def test_best_locale(header: str | None, expected: str | None) -> None:
    assert best_locale(header, AVAILABLE) == expected


def test_werkzeug_would_pick_the_low_quality_exact_match() -> None:
    """Why we do not use Werkzeug's best_match: it prefers 'en' here."""
    accept = parse_accept_header("en;q=0.1, fr-CA", LanguageAccept)
    assert accept.best_match(["en", "fr"]) == "en"
    assert best_locale("en;q=0.1, fr-CA", ["en", "fr"]) == "fr"


@pytest.mark.parametrize(
    ("requested", "ours"),
    [("zh_CN", "zh-Hans"), ("zh", "zh-Hans"), ("pt", "pt-BR"), ("pt_PT", "pt-BR")],
)
def test_babel_negotiate_locale_would_find_nothing(requested: str, ours: str) -> None:
    """Why we do not use Babel's negotiate_locale: no script inference, and pt means pt_PT."""
    assert negotiate_locale([requested], ["en", "zh_Hans", "pt_BR"]) is None
    assert best_locale(requested.replace("_", "-"), ["en", "zh-Hans", "pt-BR"]) == ours


def test_traditional_chinese_served_when_it_exists() -> None:
    assert best_locale("zh-TW", ["en", "zh-Hans", "zh-Hant"]) == "zh-Hant"
    assert best_locale("zh-CN", ["en", "zh-Hans", "zh-Hant"]) == "zh-Hans"


def test_region_preference_among_several() -> None:
    assert best_locale("pt-PT", ["pt-BR", "pt-PT"]) == "pt-PT"
    assert best_locale("es-MX", ["es-ES", "es"]) == "es"


def test_parse_orders_by_quality_then_position() -> None:
    assert parse_accept_language("a;q=0.5, b, c;q=0.5, d;q=1.0") == ["b", "d", "a", "c"]


def test_parse_keeps_refusals_apart_and_drops_invalid_weights() -> None:
    header = "a;q=0, b;q=1.5, c;Q=0.25, d;q=, e;q=0.1234, f;q=1., , g"
    assert parse_weighted(header) == [("a", 0.0), ("c", 0.25), ("f", 1.0), ("g", 1.0)]
    assert parse_accept_language(header) == ["f", "g", "c"]


@pytest.mark.parametrize(
    ("header", "tag", "expected"),
    [
        ("fr;q=0", "fr-CA", True),
        ("fr;q=0, fr-CA", "fr-CA", False),  # the longer range decides
        ("fr-CA;q=0, fr", "fr", False),
        ("*;q=0, en", "es", True),
        ("*;q=0, en", "en-GB", False),
        ("fr;q=0", "fra", False),  # a prefix only at a subtag boundary
        ("en", "es", False),
    ],
)
def test_refused_follows_basic_filtering(header: str, tag: str, expected: bool) -> None:
    assert refused(parse_weighted(header), tag) is expected


def test_subtags_infer_scripts() -> None:
    assert subtags("zh-TW").script == "Hant"
    assert subtags("zh-SG").script == "Hans"
    assert subtags("sr").script == "Cyrl"
    assert subtags("sr-Latn").script == "Latn"
