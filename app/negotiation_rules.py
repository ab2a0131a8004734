"""The site's language negotiation at ``/``, written as rules a web server can apply.

``app.negotiation.best_locale`` decides for the dynamic site; a static server has
only pattern matching. This module turns the published tags into:

- two nginx ``map`` tables (PCRE, case-insensitive). The first finds, in the
  ``Accept-Language`` header, the first range that some published language serves,
  trying the weights from high to low in eleven bands (``q=1``, ``0.9…``, …, ``0.1…``,
  ``0.001–0.099``) and the ranges of one band in header order; a range with ``q=0``
  (refused) or with a malformed weight is never taken, and only the first 32 ranges
  count, as in the app. The second maps that range to a tag exactly as the app does
  (same language and likely script, then same region, then the bare language).
  What nginx cannot do: order ranges *within* a band by weight (``de;q=0.81,
  es;q=0.85`` gives ``de``, the app ``es``; browsers always send weights in
  decreasing order, so they never meet this), honour the app's 4096-character cut,
  or read the ``lang`` cookie (the export's switcher links straight to pages, so
  there is none).
- Netlify ``Language=`` conditions, which can only match the header's first
  language, whatever its weight.

Every decision comes from ``best_locale`` itself (called on one representative range
per case), so the rules cannot drift from the app; tests compare them on many headers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel.core import get_global

from .negotiation import best_locale, subtags

MAX_RANGES = 32  # as app.negotiation: later ranges are ignored
# Weight bands, best first: (name, regex of the qvalue after "q=").
BANDS: tuple[tuple[str, str], ...] = (
    ("1", r"1(?:\.0{0,3})?"),
    *((f"0.{d}", rf"0\.{d}\d{{0,2}}") for d in range(9, 0, -1)),
    ("0.0", r"0\.0(?:[1-9]\d?|0[1-9])"),
)
_VALID_Q = r"(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)"
_RANGE = r"[a-z]{1,8}(?:-[a-z0-9]{1,8})*"
_HEADER_END = r"(?=[ \t;,]|$)"  # where a range ends inside the header
_HEADER_BOUNDARY = r"(?=[- \t;,]|$)"
_VARIANT = "1901"  # a subtag that is neither script nor region, to avoid exact-tag matches


class Subtag:
    """Regexes for the classes of subtag (as ``subtags`` sorts them) in one context.

    ``end`` is how a range ends: ``$`` for a range alone, a lookahead inside the
    header. With ``compact``, each class is a PCRE subroutine call (``(?&al_s)``)
    defined once by ``define()``: nginx refuses any configuration token over 4 KB,
    and written out, the check of a 100-language guide takes 8 KB. Python's ``re``
    has no subroutines, so the tests read the same rules written out.
    """

    def __init__(self, end: str, compact: bool = False) -> None:
        self.compact = compact
        self._bodies: dict[str, str] = {}
        boundary = "(?=-|$)" if end == "$" else _HEADER_BOUNDARY
        # Each body may use the ones before it.
        self._add("b", boundary)
        self._add("e", end)
        self._add("a", r"[a-z0-9]{1,8}" + self.ref("b"))
        self._add("r", r"(?:[a-z0-9]{2}|[0-9]{3})" + self.ref("b"))  # 2 characters, or 3 digits
        self._add("s", r"[a-z]{4}" + self.ref("b"))
        self._add("ns", f"(?!{self.ref('s')}){self.ref('a')}")
        self._add("nr", f"(?!{self.ref('r')}){self.ref('a')}")
        self._add("o", f"(?!{self.ref('r')}|{self.ref('s')}){self.ref('a')}")  # variant, extension…
        self._add("p", f"{self.ref('b')}(?:-{self.ref('ns')})*")  # after the language: no script
        self._add(
            "t", f"{self.ref('b')}(?:-{self.ref('a')})*{self.ref('e')}"
        )  # anything to the end

    def _add(self, name: str, body: str) -> None:
        self._bodies[name] = body

    def ref(self, name: str) -> str:
        """The regex of a class: a subroutine call when compact, else written out."""
        return f"(?&al_{name})" if self.compact else self._bodies[name]

    def define(self) -> str:
        """The subroutines' definitions (to append to a regex), or "" when written out."""
        if not self.compact:
            return ""
        return "(?(DEFINE)" + "".join(f"(?<al_{n}>{v})" for n, v in self._bodies.items()) + ")"

    @property
    def boundary(self) -> str:
        return self.ref("b")

    @property
    def stop(self) -> str:
        return self.ref("e")

    @property
    def region(self) -> str:
        return self.ref("r")

    @property
    def script(self) -> str:
        return self.ref("s")

    @property
    def any(self) -> str:
        return self.ref("a")

    @property
    def not_script(self) -> str:
        return self.ref("ns")

    @property
    def not_region(self) -> str:
        return self.ref("nr")

    @property
    def other(self) -> str:  # neither a script nor a region
        return self.ref("o")

    @property
    def no_script(self) -> str:  # a boundary, then subtags that are not scripts
        return self.ref("p")

    @property
    def rest(self) -> str:  # a boundary, then any subtags to the end of the range
        return self.ref("t")


@dataclass(frozen=True)
class LanguageFacts:
    """What CLDR says about one language: its usual script and the regions that change it."""

    language: str
    script: str  # the likely script of the bare language ("" if CLDR has none)
    region_scripts: dict[str, str]  # region → script, where it is not the usual one


def language_facts(language: str) -> LanguageFacts:
    """CLDR's likely subtags for ``language``, as ``app.negotiation.subtags`` reads them."""
    usual = subtags(language).script
    regions: dict[str, str] = {}
    for key in get_global("likely_subtags"):
        lang, _, rest = key.partition("_")
        if lang != language or not re.fullmatch(r"[A-Z]{2}|[0-9]{3}", rest):
            continue
        script = subtags(f"{language}-{rest}").script
        if script != usual:
            regions[rest.lower()] = script
    return LanguageFacts(language, usual, regions)


class _Patterns:
    """Regexes for ranges of one language, by explicit script and first region."""

    def __init__(self, facts: LanguageFacts, subtag: Subtag) -> None:
        self.facts = facts
        self.t = subtag
        self.end = subtag.stop
        self.lang = re.escape(facts.language) + self.t.boundary

    def _lit(self, subtag: str) -> str:
        return re.escape(subtag.lower()) + self.t.boundary

    def script_region(self, script: str, region: str) -> str:
        t, s, r = self.t, self._lit(script), self._lit(region)
        return (
            f"{self.lang}(?:-{t.other})*(?:-{s}(?:-{t.not_region})*-{r}"
            f"|-{r}(?:-{t.not_script})*-{s})(?:-{t.any})*{self.end}"
        )

    def script_alone(self, script: str) -> str:
        t = self.t
        return f"{self.lang}(?:-{t.other})*-{self._lit(script)}(?:-{t.not_region})*{self.end}"

    def script_any(self, script: str) -> str:
        """The first script subtag is ``script``, whatever the regions."""
        language, script = re.escape(self.facts.language), re.escape(script.lower())
        return f"{language}{self.t.no_script}-{script}{self.t.rest}"

    def regions(self, regions: Sequence[str], negate: bool = False) -> str:
        """No script subtag; the first region is one of ``regions`` (or none of them)."""
        t = self.t
        listed = "|".join(re.escape(r.lower()) for r in sorted(regions))
        first = (
            (f"(?!(?:{listed}){t.boundary}){t.region}" if listed else t.region)
            if negate
            else f"(?:{listed}){t.boundary}"
        )
        return f"{self.lang}(?:-{t.other})*-{first}(?:-{t.not_script})*{self.end}"

    def bare(self) -> str:
        """No script and no region subtag."""
        return f"{self.lang}(?:-{self.t.other})*{self.end}"


@dataclass(frozen=True)
class Rule:
    """Ranges matching ``pattern`` (a full-match regex, lower case) are served ``tag``."""

    pattern: str
    tag: str


def range_rules(tags: Sequence[str], end: str = "$") -> list[Rule]:
    """Rules from one language range to the published tag the app would choose.

    First match wins: exact tags first, then per (language, script) the regions that
    some tag has, ranges without a region, and all the others.
    """
    rules = [Rule(re.escape(tag.lower()) + end, tag) for tag in tags]
    rules.append(Rule(r"\*" + end, tags[0]))  # "*": any language, the first one offered
    for facts, script in _groups(tags):
        p = _Patterns(facts, Subtag(end))
        usual = script == facts.script
        base = f"{facts.language}-{script}" if script else facts.language
        region_tags = {subtags(t).region for t in tags if _group_of(t) == (facts.language, script)}
        other_region = next(r for r in ("ZZ", "ZY", "ZX", "XA") if r not in region_tags)

        def choice(region: str, base: str = base) -> str:
            """What the app chooses for a range of this group in ``region`` ("" for none)."""
            requested = f"{base}-{region}-{_VARIANT}" if region else f"{base}-{_VARIANT}"
            chosen = best_locale(requested, tags)
            assert chosen is not None, requested  # the group has a tag by construction
            return chosen

        fallback = choice(other_region)
        for region in sorted(r for r in region_tags if r):
            if choice(region) == fallback:
                continue
            alternatives = [p.script_region(script, region)] if script else []
            if facts.region_scripts.get(region.lower(), facts.script) == script:
                alternatives.append(p.regions([region]))
            rules.append(Rule(_union(alternatives), choice(region)))
        if choice("") != fallback:
            alone = [p.script_alone(script)] if script else []
            rules.append(Rule(_union([*alone, *([p.bare()] if usual else [])]), choice("")))
        rules.append(Rule(_group_pattern(p, script), fallback))
    return rules


def _group_pattern(p: _Patterns, script: str) -> str:
    """Every range of ``p``'s language whose script (explicit or likely) is ``script``."""
    facts = p.facts
    alternatives = [p.script_any(script)] if script else []
    if script == facts.script:
        alternatives += [p.regions(list(facts.region_scripts), negate=True), p.bare()]
    else:
        same = [r for r, s in facts.region_scripts.items() if s == script]
        if same:
            alternatives.append(p.regions(same))
    return _union(alternatives)


def served_range(tags: Sequence[str], subtag: Subtag) -> str:
    """A regex (for a lookahead at a range's start) of every range some tag serves.

    Languages whose script never depends on the region (most of them) share one
    alternative per script.
    """
    t = subtag
    plain: dict[str, list[str]] = {}
    alternatives = []
    for facts, script in _groups(tags):
        if script == facts.script and not facts.region_scripts:
            plain.setdefault(script, []).append(facts.language)
        else:
            alternatives.append(_group_pattern(_Patterns(facts, t), script))
    for script, languages in plain.items():
        names = "|".join(re.escape(language) for language in sorted(languages))
        # No script subtag, or the usual one first.
        usual = f"-{re.escape(script.lower())}{t.rest}|" if script else ""
        alternatives.append(f"(?:{names}){t.no_script}(?:{usual}{t.stop})")
    return _union(alternatives)


def band_rules(tags: Sequence[str], compact: bool = True) -> list[tuple[str, str]]:
    """(band, regex) pairs: the regex captures, as ``$1``, the header's first served range
    whose weight is in that band; the bands are listed best first.

    ``compact`` writes them for nginx (PCRE subroutines), else for Python's ``re``.
    """
    subtag = Subtag(_HEADER_END, compact)
    served = served_range(tags, subtag)
    rules = []
    for name, qvalue in BANDS:
        weight = _weight(qvalue, absent_ok=name == "1")
        rules.append(
            (
                name,
                rf"^(?:[^,]*+,){{0,{MAX_RANGES - 1}}}?[ \t]*((?={served}){_RANGE}|\*)[ \t]*"
                rf"{weight}[ \t]*(?:,|$){subtag.define()}",
            )
        )
    return rules


def _weight(qvalue: str, absent_ok: bool) -> str:
    """A range's parameters when its weight is ``qvalue`` (or absent, if allowed).

    As the app reads them (RFC 9110): at most one parameter, ``q=`` with a valid
    qvalue; an element with anything else is ignored whole.
    """
    weight = rf";[ \t]*q={qvalue}[ \t]*"
    return f"(?:{weight})?" if absent_ok else weight


def refusal_rules(tags: Sequence[str]) -> list[tuple[str, str]]:
    """(tag, regex over "tag:header"): the header refuses the tag (``q=0``), as the app reads it.

    A tag takes the weight of the longest range that matches it by RFC 4647's basic
    filtering (itself, a prefix ending at a "-", or ``*``; the first such range of that
    length counts), and the tag is refused when that weight is 0.
    """
    rules = []
    for tag in tags:
        parts = tag.lower().split("-")
        ranges = [re.escape("-".join(parts[:n])) for n in range(len(parts), 0, -1)] + [r"\*"]
        start = rf"(?:(?<=^{re.escape(tag.lower())}:)|,)"
        alternatives = []
        for level, name in enumerate(ranges):
            item = rf"[ \t]*{name}[ \t]*(?:;[ \t]*q={_VALID_Q}[ \t]*)?(?:,|$)"
            longer = "".join(
                rf"(?!.*{start}[ \t]*{other}[ \t]*(?:;[ \t]*q={_VALID_Q}[ \t]*)?(?:,|$))"
                for other in ranges[:level]
            )
            first_zero = (
                rf"(?:(?!{item})[^,]*+,){{0,{MAX_RANGES - 1}}}?"
                rf"[ \t]*{name}[ \t]*;[ \t]*q=0(?:\.0{{0,3}})?[ \t]*(?:,|$)"
            )
            alternatives.append(longer + first_zero)
        rules.append((tag, rf"^{re.escape(tag.lower())}:{_union(alternatives)}"))
    return rules


def _groups(tags: Sequence[str]) -> list[tuple[LanguageFacts, str]]:
    """Each (language, script) that some tag serves, in the order of ``tags``."""
    seen: dict[tuple[str, str], LanguageFacts] = {}
    for tag in tags:
        language, script = _group_of(tag)
        if (language, script) not in seen:
            seen[(language, script)] = language_facts(language)
    return [(facts, script) for (_, script), facts in seen.items()]


def _group_of(tag: str) -> tuple[str, str]:
    found = subtags(tag)
    return found.language, found.script


def _union(alternatives: Sequence[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def choose(header: str, tags: Sequence[str], default: str) -> str:
    """What the nginx maps choose for ``header`` (the rules applied with Python's ``re``)."""
    bands, ranges, refusals = _compiled(tuple(tags))
    found = next((m.group(1) for m in (band.match(header) for band in bands) if m), "")
    chosen = next((tag for rule, tag in ranges if found and rule.match(found)), default)
    refused = refusals.get(chosen)
    if refused is not None and refused.match(f"{chosen.lower()}:{header}"):
        return default
    return chosen


@lru_cache(maxsize=8)
def _compiled(
    tags: tuple[str, ...],
) -> tuple[list[re.Pattern[str]], list[tuple[re.Pattern[str], str]], dict[str, re.Pattern[str]]]:
    flags = re.IGNORECASE | re.ASCII  # as nginx's "~*" on bytes
    return (
        [re.compile(pattern, flags) for _, pattern in band_rules(tags, compact=False)],
        [(re.compile(rule.pattern, flags), rule.tag) for rule in range_rules(tags)],
        {tag: re.compile(pattern, flags) for tag, pattern in refusal_rules(tags)},
    )


def netlify_conditions(tags: Sequence[str]) -> list[tuple[str | None, list[str]]]:
    """(tag, Language= codes) in the order Netlify must try them (first match wins).

    Netlify compares only the header's first language with the codes. Each tag gets
    its own code and, for the language's usual script, the bare language. Regions
    whose script differs (``zh-TW`` for a ``zh-Hans`` guide) come first: sent to the
    tag that serves them, or to no tag (None: the language list at ``/``) when none does.
    """
    exceptions: list[tuple[str | None, list[str]]] = []
    ordered: list[tuple[str | None, list[str]]] = []
    for facts, script in _groups(tags):
        members = [t for t in tags if _group_of(t) == (facts.language, script)]
        if script != facts.script:
            codes = [
                f"{facts.language}-{r}" for r, s in facts.region_scripts.items() if s == script
            ]
            for t in members:
                mine = (c for c in codes if best_locale(c, tags) == t)
                ordered.append((t, sorted({t.lower(), *mine})))
            continue
        elsewhere: dict[str | None, list[str]] = {}
        for region in sorted(facts.region_scripts):
            code = f"{facts.language}-{region}"
            elsewhere.setdefault(best_locale(code, tags), []).append(code)
        exceptions += sorted(elsewhere.items(), key=lambda item: item[0] or "")
        chosen = best_locale(facts.language, tags) or members[0]
        ordered += [(t, [t.lower()]) for t in members if t != chosen]
        ordered.append((chosen, sorted({chosen.lower(), facts.language})))
    return exceptions + ordered
