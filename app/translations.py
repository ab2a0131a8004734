"""Catalogs compiled in memory for the site: only translations that are safe to show.

A message is usable when it is translated, not fuzzy, every plural form is
filled, its placeholders are the source's, and it links only where the English
links. Everything else is left out, so the page falls back to English for it
(visibly) instead of showing a stale, partial or broken translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.plurals import get_plural

from .formats import checked_formats, parse_format, placeholder_problems
from .plurals import PluralFormsError, PluralRule, parse_plural_forms
from .po import Entry, read_po

Key = tuple[str | None, str]  # (msgctxt, msgid)

_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")


@dataclass(frozen=True)
class Unused:
    """Why a catalog entry is not shown, for the translators' preview."""

    line: int
    reason: str  # "untranslated", "fuzzy" or what makes the translation unsafe
    previous: str | None = None  # the English the fuzzy translation was made for (#|)


@dataclass
class Translation:
    """The usable messages of one locale's catalog, and what was left out."""

    messages: dict[Key, tuple[str, ...]]
    plural: Callable[[int], int]
    mtime: float
    rejected: list[str] = field(default_factory=list)
    path: str = ""
    unused: dict[Key, Unused] = field(default_factory=dict)

    def get(self, msgid: str, context: str | None = None) -> str | None:
        """The translation of a singular message, or None."""
        found = self.messages.get((context, msgid))
        return found[0] if found else None

    def get_plural(self, msgid: str, n: int, context: str | None = None) -> str | None:
        """The plural form for ``n``, or None."""
        found = self.messages.get((context, msgid))
        if not found:
            return None
        index = self.plural(n)
        return found[index] if 0 <= index < len(found) else None


def load_translation(path: Path, shown: str, code: str) -> Translation:
    """Read a catalog (``PoSyntaxError`` if it does not parse) and keep what is usable."""
    mtime = path.stat().st_mtime
    po = read_po(path, shown)
    rule = _plural_rule(po.headers.get("Plural-Forms", ""), code)
    messages: dict[Key, tuple[str, ...]] = {}
    rejected: list[str] = []
    unused: dict[Key, Unused] = {}
    header = po.header
    header_fuzzy = header is not None and header.fuzzy
    if header is not None and header_fuzzy:
        rejected.append(f"{shown}:{header.line}: the header is fuzzy; no message is used")
    for entry in po.entries:
        if entry.fuzzy:
            unused[entry.key] = Unused(entry.line, "fuzzy", entry.previous_msgid)
            continue
        if not entry.translated:
            unused[entry.key] = Unused(entry.line, "untranslated")
            continue
        problem = "the header is fuzzy" if header_fuzzy else unusable(entry, rule)
        if problem:
            unused[entry.key] = Unused(entry.line, problem)
            if not header_fuzzy:
                rejected.append(f"{shown}:{entry.line}: {problem}; showing the English")
        else:
            messages[entry.key] = tuple(entry.strings)
    plural = rule.form  # -1 (the English) where the rule divides by zero
    return Translation(messages, plural, mtime, rejected, shown, unused)


def unusable(entry: Entry, rule: PluralRule) -> str | None:
    """Why a translated entry must not be shown, or None when it is safe."""
    if entry.plural and len(entry.msgstr_plural) != rule.nplurals:
        return f"{len(entry.msgstr_plural)} plural forms where the header says {rule.nplurals}"
    # The checker's rules, so the site never drops what `check` passes, nor shows what it fails.
    problems = []
    for index in range(len(entry.strings)):
        messages = placeholder_problems(entry, index, rule.often, guess=True)
        problems += [f"msgstr[{index}]: {m}" if entry.plural else m for m in messages]
    if problems:
        found, wanted = _spellings(entry)
        return f"placeholders {found} differ from the English {wanted}: " + "; ".join(problems)
    for string in entry.strings:
        if not set(_LINK_TARGET.findall(string)) <= set(_LINK_TARGET.findall(entry.msgid)):
            return "a link target that the English does not have"
    return None


def _spellings(entry: Entry) -> tuple[list[str], list[str]]:
    """The placeholders of the translation and of the English, as written, for the log."""
    english = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
    found: set[str] = set()
    wanted: set[str] = set()
    for flag, guessed in checked_formats(entry, guess=True):
        wanted.update(parse_format(flag, english, guessed).spellings)
        for string in entry.strings:
            found.update(parse_format(flag, string, guessed).spellings)
    return sorted(found), sorted(wanted)


def _plural_rule(header: str, code: str) -> PluralRule:
    """The header's plural rule, else CLDR's for ``code`` (through Babel)."""
    try:
        return parse_plural_forms(header)
    except PluralFormsError:  # the checker reports it; the site uses CLDR's rule meanwhile
        cldr = get_plural(code)
        return parse_plural_forms(f"nplurals={cldr.num_plurals}; plural={cldr.plural_expr};")
