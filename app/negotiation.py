"""Pick the published locale that best serves an ``Accept-Language`` header.

Ranges are tried in q-order (ties keep header order). For each range the best
available locale of the same language *and script* wins: an exact tag first,
then the same region, then the bare language, then any region (``pt-PT`` is
served ``pt-BR`` when that is all there is). Scripts come from CLDR's likely
subtags, so ``zh-TW`` and ``zh-HK`` (Traditional) never get ``zh-Hans``, while
``zh``, ``zh-CN`` and ``zh-SG`` do.

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


def parse_accept_language(header: str) -> list[str]:
    """The language ranges of a header, best first; malformed items are skipped."""
    ranges: list[tuple[float, int, str]] = []
    for position, item in enumerate(header[:MAX_HEADER].split(",")[:MAX_RANGES]):
        tag, *params = (part.strip() for part in item.split(";"))
        if not _RANGE_RE.match(tag):
            continue
        quality = 1.0
        for param in params:
            match = _Q_RE.match(param)
            if match:
                quality = float(match.group(1))
        if quality > 0:
            ranges.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranges)]


def best_locale(header: str | None, available: Sequence[str]) -> str | None:
    """The available BCP 47 tag that best serves ``header``, or None if nothing fits."""
    if not header:
        return None
    offered = [(tag, subtags(tag)) for tag in available]
    for requested in parse_accept_language(header):
        if requested == "*":
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
