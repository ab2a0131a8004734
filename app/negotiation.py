"""Pick the published locale that best serves an ``Accept-Language`` header.

Ranges are tried in q-order (ties keep header order). For each range the best
available locale of the same language *and script* wins: an exact tag first,
then the same region, then the bare language, then any region (``pt-PT`` is
served ``pt-BR`` when that is all there is). Scripts come from CLDR's likely
subtags, so ``zh-TW`` and ``zh-HK`` (Traditional) never get ``zh-Hans``, while
``zh``, ``zh-CN`` and ``zh-SG`` do.

Weights follow RFC 9110: ``q=0`` means "not this one", so a refused tag is never
served (not even through another range: ``es;q=0, es-MX`` does not get ``es``), and an
element whose weight is not a valid qvalue (``q=1.5``) is ignored.

Werkzeug's ``best_match`` would serve a low-q exact match before a high-q
base-language match, and Babel's ``negotiate_locale`` has no script inference and
aliases ``pt`` to ``pt_PT``; hence this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel.core import get_global

MAX_HEADER = 4096  # longer headers are cut: no real browser sends more
MAX_RANGES = 32
_RANGE_RE = re.compile(r"^([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)$")
_Q_RE = re.compile(r"^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Subtags:
    """A tag reduced to what matching needs, with the script CLDR says is likely."""

    language: str
    script: str
    region: str


def parse_weighted(header: str) -> list[tuple[str, float]]:
    """Every valid (range, weight) of a header, in header order; ``q=0`` ones included.

    RFC 9110 (12.4.2, 12.5.4): an element is a language range with at most one weight,
    ``q=`` and a qvalue of at most three decimals between 0 and 1. An element that is
    not one (``en;q=1.5``, ``en;q=abc``, ``en;level=1``, ``!!``) is ignored whole, as a
    field element that does not parse: guessing a weight for it could serve a language
    the reader ranked low, or refused.
    """
    ranges: list[tuple[str, float]] = []
    for item in header[:MAX_HEADER].split(",")[:MAX_RANGES]:
        tag, *params = (part.strip(" \t") for part in item.split(";"))
        if not _RANGE_RE.match(tag) or len(params) > 1:
            continue
        quality = 1.0
        if params:
            match = _Q_RE.match(params[0])
            if match is None:
                continue
            quality = float(match.group(1))
        ranges.append((tag, quality))
    return ranges


def parse_accept_language(header: str) -> list[str]:
    """The ranges a reader accepts (weight above 0), best first; ties keep header order."""
    weighted = parse_weighted(header)
    ordered = sorted(range(len(weighted)), key=lambda i: (-weighted[i][1], i))
    return [weighted[i][0] for i in ordered if weighted[i][1] > 0]


def refused(weighted: Sequence[tuple[str, float]], tag: str) -> bool:
    """Whether the reader gave ``tag`` a weight of 0.

    A tag takes the weight of the longest range that matches it by RFC 4647's basic
    filtering (``fr`` matches ``fr-CA``; ``*`` matches anything), so ``fr;q=0, fr-CA``
    refuses French but not Canadian French, and ``*;q=0`` refuses whatever is not named.
    """
    lowered = tag.lower()
    best: tuple[int, float] | None = None
    for requested, quality in weighted:
        wanted = requested.lower()
        if wanted == "*":
            length = 0
        elif lowered == wanted or lowered.startswith(wanted + "-"):
            length = len(wanted)
        else:
            continue
        if best is None or length > best[0]:
            best = (length, quality)
    return best is not None and best[1] == 0


def best_locale(header: str | None, available: Sequence[str]) -> str | None:
    """The available BCP 47 tag that best serves ``header``, or None if nothing fits.

    Never a tag the reader refused (``q=0``). ``*`` accepts any tag not refused, the
    first available one.
    """
    if not header:
        return None
    weighted = parse_weighted(header)
    offered = [(tag, subtags(tag)) for tag in available if not refused(weighted, tag)]
    for requested in parse_accept_language(header):
        if requested == "*":
            if offered:
                return offered[0][0]
            continue
        for tag, _ in offered:
            if tag.lower() == requested.lower():
                return tag
        wanted = subtags(requested)
        same = [
            (tag, s)
            for tag, s in offered
            if (s.language, s.script) == (wanted.language, wanted.script)
        ]
        if same:
            # Same region, then the bare language, then any region, in registry order.
            same.sort(key=lambda item: (item[1].region != wanted.region, "-" in item[0]))
            return same[0][0]
    return None


@lru_cache(maxsize=1024)
def subtags(tag: str) -> Subtags:
    """Language, likely script and region of a BCP 47 tag (``zh-TW`` → zh, Hant, TW)."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next(
        (p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), ""
    )
    if not script:
        likely = get_global("likely_subtags")
        key = f"{language}_{region}" if region else language
        full = likely.get(key) or likely.get(language) or ""
        script = next((p for p in full.split("_")[1:] if len(p) == 4), "")
    return Subtags(language, script, region)
