"""Merge a template into a catalog exactly as GNU ``msgmerge --previous`` does.

Every decision follows GNU gettext's ``msgmerge.c`` (``match_domain``,
``message_merge``) and ``msgl-fsearch.c`` (the fuzzy search):

- a template message found in the catalog (active *or* obsolete) keeps its
  translation, translator comments and fuzzy flag; ``#.`` notes, ``#:``
  references and format flags come from the template;
- a message not found takes the translation of the most similar catalog message
  (similarity ≥ 0.6 by ``fstrcmp``), marked fuzzy, with the English it was made
  for as previous msgid (``#|``); the *original* English is kept across updates;
- a format flag the template adds (or a translator removed) comes back, and the
  entry turns fuzzy when its translation would then fail ``msgfmt -c``;
- catalog messages the template no longer has become obsolete (``#~``), keeping
  ``#, fuzzy`` and ``#~|``; untranslated ones are dropped.

Pure: catalogs in, catalog out, no I/O.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .catalogs import obsolete_copy
from .formats import breaks_format
from .plurals import PluralFormsError, PluralRule, parse_plural_forms
from .po import Entry, PoFile, parse_header

FUZZY_THRESHOLD = 0.6
_BONUS = 0.00001  # msgmerge's edge for a candidate with no context, or the same one
_SHORT_MAX_CHARS = 3  # shorter msgids have no 4-gram: compared with all short ones
_SHORT_MAX_BYTES = int(_SHORT_MAX_CHARS * 4 * (2 / FUZZY_THRESHOLD - 1))


@dataclass
class MergeResult:
    """The merged catalog, and msgmerge's statistics of what happened."""

    po: PoFile
    merged: int = 0  # found in the catalog as they are
    fuzzied: int = 0  # translated from a similar message, now fuzzy
    missing: int = 0  # new, untranslated
    obsoleted: int = 0  # translated messages that left the template

    def describe(self) -> str:
        return f"{self.missing} new, {self.fuzzied} fuzzy, {self.obsoleted} obsolete"


def merge(definitions: PoFile, reference: PoFile) -> MergeResult:
    """Bring the catalog ``definitions`` up to date with the template ``reference``."""
    candidates = [e for e in (definitions.header, *definitions.entries) if e is not None]
    candidates += definitions.obsolete
    exact: dict[tuple[str | None, str], Entry] = {}
    for entry in candidates:
        exact.setdefault(entry.key, entry)
    index = FuzzyIndex(candidates)
    rule = _plural_rule(definitions.header)
    nplurals = rule.nplurals if rule else 2  # msgmerge assumes English's 2 without a rule
    often = rule.often if rule else None

    result = MergeResult(PoFile(definitions.path, None, [], [], definitions.encoding))
    used: set[int] = set()
    ref_header = reference.header or Entry()  # msgmerge's dummy when the template has none
    def_header = exact.get((None, ""))
    if def_header is not None:
        result.po.header = _merge_header(def_header, ref_header)
        used.add(id(def_header))
    # A catalog without a header gets none: msgmerge never copies the template's.
    for ref in reference.entries:
        found = exact.get(ref.key)
        if found is not None:
            merged = _merge_message(found, ref, False, often)
            result.merged += 1
        else:
            found = index.search(ref.msgctxt, ref.msgid)
            if found is None:
                result.po.entries.append(_untranslated(ref, nplurals))
                result.missing += 1
                continue
            merged = _merge_message(found, ref, True, often)
            result.fuzzied += 1
        used.add(id(found))
        result.po.entries.append(merged)

    result_rule = _plural_rule(result.po.header)
    _fix_plural_shapes(result.po.entries, result_rule.nplurals if result_rule else 2)
    for entry in result.po.entries:
        if not entry.strings[0]:  # msgmerge writes no fuzzy flag on an untranslated message
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        if not entry.fuzzy:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    for entry in candidates:
        if id(entry) not in used and entry.strings and entry.strings[0]:
            result.po.obsolete.append(obsolete_copy(entry))
            result.obsoleted += not entry.obsolete
    return result


def _merge_message(
    old: Entry, ref: Entry, force_fuzzy: bool, often: Sequence[bool] | None
) -> Entry:
    """``message_merge``: the template's message with the catalog's translation.

    ``often`` tells which plural forms serve many numbers (they must show the number).
    """
    fuzzy = old.fuzzy or force_fuzzy
    if not fuzzy and old.msgid_plural != ref.msgid_plural:
        fuzzy = True
    strings = list(old.strings)
    ref_flags = [flag for flag in ref.flags if flag != "fuzzy"]
    for flag in ref_flags:
        if fuzzy or not _possible_format(flag) or _has_possible_format(old.flags, flag):
            continue
        # A format flag the catalog's entry lacked: msgmerge must not turn a catalog
        # that passes `msgfmt -c` into one that does not, so it asks for a review.
        name = flag.removeprefix("possible-")
        if breaks_format(name, ref.msgid, ref.msgid_plural, strings, often):
            fuzzy = True
    if not fuzzy and _range_narrowed(old.flags, ref.flags):
        fuzzy = True
    if old.fuzzy:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    merged = Entry(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        flags=(["fuzzy"] if fuzzy else []) + ref_flags,
        auto_comments=list(ref.auto_comments),
        comments=list(old.comments),
        references=list(ref.references),
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        line=old.line,
    )
    # The catalog's shape for now: _fix_plural_shapes gives it the template's.
    if old.plural:
        merged.msgstr_plural = strings
    else:
        merged.msgstr = strings[0] if strings else ""
    return merged


def _fix_plural_shapes(entries: list[Entry], nplurals: int) -> None:
    """msgmerge's post-pass: a message that became plural, or singular, turns fuzzy.

    Until now a merged entry keeps the catalog's shape; here it takes the template's.
    """
    for entry in entries:
        if entry.plural and not entry.msgstr_plural:
            # Became plural: the old translation for every form.
            entry.msgstr_plural = [entry.msgstr] * nplurals
            entry.msgstr = ""
            entry.flags = _with_fuzzy(entry.flags)
        elif not entry.plural and entry.msgstr_plural:
            # Became singular: the first form.
            if len(entry.msgstr_plural) > 1:
                entry.flags = _with_fuzzy(entry.flags)
            entry.msgstr = entry.msgstr_plural[0]
            entry.msgstr_plural = []


def _with_fuzzy(flags: list[str]) -> list[str]:
    return flags if "fuzzy" in flags else ["fuzzy", *flags]


def _untranslated(ref: Entry, nplurals: int) -> Entry:
    entry = ref.copy()
    if entry.plural and not any(entry.msgstr_plural):
        entry.msgstr_plural = [""] * nplurals
    return entry


def _possible_format(flag: str) -> bool:
    return flag.endswith("-format") and not flag.startswith("no-")


def _has_possible_format(flags: list[str], flag: str) -> bool:
    name = flag.removeprefix("possible-")
    return name in flags or f"possible-{name}" in flags


def _range(flags: list[str]) -> tuple[int, int] | None:
    for flag in flags:
        if flag.startswith("range:"):
            low, _, high = flag.removeprefix("range:").strip().partition("..")
            try:
                return int(low), int(high)
            except ValueError:
                return None
    return None


def _range_narrowed(old_flags: list[str], ref_flags: list[str]) -> bool:
    """The translation assumed a range of numbers that the template no longer promises."""
    old, new = _range(old_flags), _range(ref_flags)
    return old is not None and not (new is not None and new[0] >= old[0] and new[1] <= old[1])


def _plural_rule(header: Entry | None) -> PluralRule | None:
    """The rule of a header's Plural-Forms, if it has a valid one."""
    value = parse_header(header.msgstr).get("Plural-Forms") if header else None
    try:
        return parse_plural_forms(value) if value else None
    except PluralFormsError:
        return None


# The header: msgmerge keeps the catalog's, in its standard order, with the
# template's Report-Msgid-Bugs-To and POT-Creation-Date.
_KNOWN_FIELDS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
# msgmerge writes the canonical name of the charset it converted to.
_UTF8_SPELLING = re.compile(r"charset=utf-?8\b", re.IGNORECASE)


def _merge_header(old: Entry, ref: Entry) -> Entry:
    known: dict[str, str] = {}
    unknown: list[str] = []
    for line in old.msgstr.removesuffix("\n").split("\n") if old.msgstr else ():
        line += "\n"  # msgmerge ends every field with a newline
        lowered = line.lower()
        name = next((n for n in _KNOWN_FIELDS if lowered.startswith(f"{n.lower()}:")), None)
        if name is None:
            unknown.append(line)
        else:
            known[name] = line[len(name) + 1 :]
    if "Language" not in known and "Language-Team" in known:
        known["Language"] = f" {_language_code(known['Language-Team'])}\n"
    for name in _FROM_TEMPLATE:
        start = ref.msgstr.find(f"{name}:")
        if start >= 0:
            value = ref.msgstr[start + len(name) + 1 :].partition("\n")[0]
            known[name] = value + "\n"
    text = "".join(f"{name}:{known[name]}" for name in _KNOWN_FIELDS if name in known)
    header = old.copy()
    header.msgstr = _UTF8_SPELLING.sub("charset=UTF-8", text + "".join(unknown))
    header.auto_comments = list(ref.auto_comments)
    header.references = list(ref.references)
    header.previous_msgctxt = header.previous_msgid = header.previous_msgid_plural = None
    header.flags = ["fuzzy"] if old.fuzzy else []
    return header


def _language_code(team: str) -> str:
    """The code msgmerge derives from a Language-Team value (with its newline), or "".

    As in msgmerge.c: a last word that is an address (``<…>``, ``@``, ``/``) is cut
    off, with the blanks before it; otherwise the newline stays and nothing matches.
    English language names come from CLDR (msgmerge has its own table).
    """
    name = team.lstrip(" \t").rstrip(" \t")
    start = max(name.rfind(" "), name.rfind("\t")) + 1
    last = name[start:]
    if last and (last[0] == "<" or name.endswith(">") or "@" in name or "/" in name):
        name = name[:start].rstrip(" \t")
    return _english_names().get(name, "")


@functools.cache
def _english_names() -> dict[str, str]:
    from babel import Locale, localedata

    names: dict[str, str] = {}
    for code in localedata.locale_identifiers():
        if "_" not in code:
            names.setdefault(Locale.parse(code).english_name or "", code)
    return names


class FuzzyIndex:
    """msgmerge's fuzzy search over a catalog's translated messages (``msgl-fsearch.c``).

    Candidates share at least one 4-gram of characters with the msgid sought, and
    are tried in order of how many they share, so that, as in GNU, the same
    message wins a tie. msgids of fewer than 4 characters are compared with every
    short translated msgid of a suitable length.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = [e for e in entries if e.strings and e.strings[0]]
        self.grams: dict[str, list[int]] = {}
        self.short: dict[int, list[int]] = {}
        for position, entry in enumerate(self.entries):
            text = entry.msgid
            for start in range(len(text) - 3):
                found = self.grams.setdefault(text[start : start + 4], [])
                if not found or found[-1] != position:
                    found.append(position)
            size = len(text.encode())
            if size <= _SHORT_MAX_BYTES:
                self.short.setdefault(size, []).append(position)
        self._bytes = [entry.msgid.encode() for entry in self.entries]

    def search(self, msgctxt: str | None, msgid: str) -> Entry | None:
        """The best match with a similarity above 0.6, or None."""
        if len(msgid) >= 4:
            counts: dict[int, int] = {}
            for start in range(len(msgid) - 3):
                for position in self.grams.get(msgid[start : start + 4], ()):
                    counts[position] = counts.get(position, 0) + 1
            order = sorted(counts, key=lambda p: (-counts[p], p))
        else:
            size = len(msgid.encode())
            low = math.ceil(size / (2 / FUZZY_THRESHOLD - 1))
            high = int(size * (2 / FUZZY_THRESHOLD - 1))
            order = [p for length in range(low, high + 1) for p in self.short.get(length, ())]
        sought = msgid.encode()
        best, best_weight = None, FUZZY_THRESHOLD
        for position in order:
            entry = self.entries[position]
            bonus = _BONUS if entry.msgctxt is None or entry.msgctxt == msgctxt else 0.0
            weight = similarity(sought, self._bytes[position], best_weight - bonus * 1.01)
            weight += bonus
            if weight > best_weight:
                best, best_weight = entry, weight
        return best


def similarity(a: bytes, b: bytes, lower_bound: float = 0.0) -> float:
    """GNU ``fstrcmp``: 2 × (longest common subsequence) ÷ (total length), over bytes.

    Returns 0.0 early when the lengths alone rule out reaching ``lower_bound``.
    """
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    if 2 * min(len(a), len(b)) < lower_bound * total:
        return 0.0
    return 2 * _lcs_length(a, b) / total


def _lcs_length(a: bytes, b: bytes) -> int:
    """Length of the longest common subsequence, bit-parallel (Allison–Dix, Hyyrö)."""
    if len(a) < len(b):
        a, b = b, a
    masks: dict[int, int] = {}
    for position, byte in enumerate(a):
        masks[byte] = masks.get(byte, 0) | (1 << position)
    row = (1 << len(a)) - 1
    for byte in b:
        match = row & masks.get(byte, 0)
        row = (row + match) | (row - match)
    return len(a) - bin(row & ((1 << len(a)) - 1)).count("1")
