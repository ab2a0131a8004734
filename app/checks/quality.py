"""Quality warnings: text left in English, glossary terms, numbers lost, suspicious lengths."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..po import Entry
from .context import CatalogContext
from .language import base_language, catalog_language
from .model import Problem, Severity, entry_check

# Placeholders, tags, URLs and e-mail addresses are the same in every language.
_NEUTRAL_RE = re.compile(
    r"%(?:\([^()]*\))?[-#0+]*\d*(?:\.\d+)?[hlL]?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}|<[^<>]*>|\]\([^()\s]*\)|\b(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # times: "12:00 AM" is "00:00" in a 24-hour locale
)
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Decimal digits of the scripts a catalog may use, mapped to ASCII: Arabic-Indic,
# Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
# Malayalam, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, fullwidth.
_ZEROS = (
    0x660,
    0x6F0,
    0x966,
    0x9E6,
    0xA66,
    0xAE6,
    0xB66,
    0xBE6,
    0xC66,
    0xCE6,
    0xD66,
    0xE50,
    0xED0,
    0xF20,
    0x1040,
    0x17E0,
    0x1810,
    0xFF10,
)
_DIGITS = {zero + d: str(d) for zero in _ZEROS for d in range(10)}
# A number with its group and decimal separators: 1,000.5  1.000,5  1 000  ١٬٠٠٠٫٥
_NUMBER_RE = re.compile(
    r"(?<![^\W_])\d+(?:(?:[.,'’\u066b\u066c]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*(?![^\W\d_])"
)  # not inside a word: l10n, IPv6, MP3, uint32_t
_NUMBER_IN_TRANSLATION_RE = re.compile(
    r"(?<![^\W_])\d+(?:(?:[.,'’\u066b\u066c]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*"
)
_SEPARATORS_RE = re.compile(r"\D")
_CJK = frozenset(("ja", "zh", "ko", "yue"))
# Han, kana and Hangul: a script that needs far fewer characters than the English.
_COMPACT_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Numbers under a hundred are often written as words: "one file", "三元组", "ثلاثون دقيقة".
_SPELLED = 99


def _language(ctx: CatalogContext) -> str:
    if "language" not in ctx.extra:  # once per catalog
        ctx.extra["language"] = base_language(catalog_language(ctx))
    return str(ctx.extra["language"])


def _letters(text: str) -> bool:
    return _LETTER_RE.search(_NEUTRAL_RE.sub(" ", text)) is not None


@entry_check(Severity.WARNING)
def unchanged(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """The translation is the English text, unchanged."""
    if entry.msgstr != entry.msgid and (not entry.plural or entry.msgstr_plural[0] != entry.msgid):
        return
    if _language(ctx) == ctx.source_language or not _letters(entry.msgid):
        return  # en_GB may keep the English; numbers and placeholders are universal
    if all(word.isupper() for word in _WORD_RE.findall(_NEUTRAL_RE.sub(" ", entry.msgid))):
        return  # acronyms and metavariables only: PDF, TMJ, "SCHEMA[:PATH] KEY"
    if ctx.glossary is not None:
        term = ctx.glossary.terms.get(entry.msgid.strip().casefold())
        if term is not None and term.term.casefold() in term.folded:
            return  # the glossary says to keep this name as it is
    yield Problem(
        "the translation is the English text: translate it, or add the term to the "
        "glossary with itself as translation"
    )


def numbers_in(text: str) -> Counter[str]:
    """The numbers of ``text`` in any script, as their digits (separators dropped)."""
    text = _NEUTRAL_RE.sub(" ", text.translate(_DIGITS))
    return Counter(_SEPARATORS_RE.sub("", n) for n in _NUMBER_RE.findall(text))


def _groups(text: str) -> dict[str, list[str]]:
    """The digit groups of each number of ``text``: "0,1,2" may be a list of three."""
    text = _NEUTRAL_RE.sub(" ", text.translate(_DIGITS))
    return {_SEPARATORS_RE.sub("", n): _SEPARATORS_RE.split(n) for n in _NUMBER_RE.findall(text)}


def _missing(
    expected: Counter[str], found: Counter[str], groups: dict[str, list[str]]
) -> Counter[str]:
    """The English's numbers the translation lacks, whole or as the groups of a list."""
    missing = expected - found
    return Counter(
        {n: c for n, c in missing.items() if not all(g in found for g in groups.get(n, [n]))}
    )


def _numbers_found(text: str) -> Counter[str]:
    """The numbers a translation shows, read generously so that no false alarm comes of it.

    A suffix may follow a number ("10ත්", "10:ssä"), and "16,32" may be a list as well
    as one number, so each group of digits counts too.
    """
    text = _NEUTRAL_RE.sub(" ", text.translate(_DIGITS))
    found: Counter[str] = Counter()
    for number in _NUMBER_IN_TRANSLATION_RE.findall(text):
        found[_SEPARATORS_RE.sub("", number)] += 1
        groups = _SEPARATORS_RE.split(number)
        if len(groups) > 1:
            found.update(groups)
    return found


@entry_check(Severity.WARNING)
def numbers(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """A number of the English is missing from the translation."""
    msgid = entry.msgid
    for digit in "0123456789":  # faster than a regex search over a long msgid
        if digit in msgid:
            break
    else:
        return
    spelled = _NUMBER_RE.findall(entry.msgid)
    expected: Counter[str] | None = None
    groups: dict[str, list[str]] = {}
    for index, text in enumerate(entry.strings):
        if not text or all(number in text for number in spelled):
            continue  # the common case: the same digits, written the same way
        if expected is None:
            expected = numbers_in(entry.msgid)
            if entry.msgid_plural is not None:  # "1 file" / "%d files": numbers of both
                expected &= numbers_in(entry.msgid_plural)
            groups = _groups(entry.msgid)
        found = _numbers_found(text)
        missing = _reported(_missing(expected, found, groups), numbers_in(text) - expected)
        if missing:
            where = f"msgstr[{index}]: " if entry.plural else ""
            shown = ", ".join(sorted(missing))
            yield Problem(
                f"{where}number(s) {shown} of the English missing from the translation",
                entry.string_line(index),
            )


def _reported(missing: Counter[str], added: Counter[str]) -> Counter[str]:
    """The missing numbers worth a warning: a hundred and more, smaller ones when replaced.

    "1 line" is "一行" and "30 minutes" "ثلاثون دقيقة": a number spelled as a word is
    no loss, unless the translation has another number instead ("4" for "5").
    """
    if added:
        return missing
    return Counter({n: c for n, c in missing.items() if len(n) > 2 and int(n) > _SPELLED})


_MIN_SOURCE = 20  # shorter strings vary too much between languages to judge
_LIST_RE = re.compile(r",[^\s\d]")  # prose puts a space after a comma
_MIN_TRUNCATED = 40  # a terse translation of a short phrase is often just right
# Not prose, so no length to expect: GNOME's and KDE's lists of translators' names.
_CREDITS = frozenset(("translator-credits", "translator_credits", "Your names", "Your emails"))
_LONG = 3.0
_OTHER = 5.0  # an English sentence rarely grows five-fold in translation
_SHORT = {True: 0.1, False: 0.3}  # CJK scripts need far fewer characters


@entry_check(Severity.WARNING)
def length(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """The translation is far longer or shorter than the English: wrong or truncated?"""
    english = entry.msgid_plural or entry.msgid
    if " " not in english or entry.msgid in _CREDITS or _LIST_RE.search(english):
        return  # a word, a code or a list ("km per hour,kmh,kph"): no prose to measure
    source = len(english)
    if entry.msgid_plural is None:
        size = len(entry.msgstr)
        plausible = size <= _LONG * source or size - source <= 30
        if plausible and (source < _MIN_TRUNCATED or size >= _SHORT[False] * source):
            return  # the common case: a plausible length for any script
    for index, text in enumerate(entry.strings):
        size = len(text)
        if not size:
            continue
        where = f"msgstr[{index}] is" if entry.plural else "the translation is"
        if size > _LONG * source and size - source > 30 and _another_text(entry, index):
            yield Problem(
                f"{where} {size / source:.1f}× as long as the English: another text?",
                entry.string_line(index),
            )
        elif source >= _MIN_TRUNCATED and size < _SHORT[_compact(ctx, text)] * source:
            yield Problem(
                f"{where} {size / source:.0%} of the English length: truncated?",
                entry.string_line(index),
            )


def _another_text(entry: Entry, index: int) -> bool:
    """Whether a far longer translation looks like a different text, not a wordy one.

    Translations of short strings often explain ("GUI": "Графический интерфейс
    пользователя"); another message pasted in has lines the English lacks, or is
    several times longer than an English sentence.
    """
    source = entry.msgid_plural or entry.msgid
    text = entry.strings[index]
    if text.count("\n") >= source.count("\n") + 2:
        return True
    return len(source) >= _MIN_SOURCE and len(text) > _OTHER * len(source)


def _compact(ctx: CatalogContext, text: str) -> bool:
    """Whether ``text`` is in a compact script: by the catalog's language, or by its letters."""
    if _language(ctx) in _CJK:
        return True
    compact = len(_COMPACT_RE.findall(text))
    return compact > 0 and 3 * compact >= len(_LETTER_RE.findall(text))


@entry_check(Severity.WARNING)
def glossary(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """A glossary term is translated without its approved translation."""
    if ctx.glossary is None:
        return
    for term in ctx.glossary.find(entry.msgid):
        variants = term.folded
        for index, text in enumerate(entry.strings):
            folded = text.casefold()
            if text and not any(v in folded for v in variants):
                approved = " | ".join(term.variants)
                yield Problem(
                    f"'{term.term}' should be translated as '{approved}' "
                    f"(glossary {ctx.glossary.path}:{term.line})",
                    entry.string_line(index),
                )
                break
