"""Quality warnings: text left in English, glossary terms, numbers lost, suspicious lengths."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Final

from ..lazy_regex import lazy_compile
from ..po import Entry
from .context import CatalogContext
from .language import base_language, catalog_language
from .model import NO_PROBLEMS, Problem, Severity, entry_check
from .names import written_as_in_english

# An HTML character reference: &#8212; is a dash, not the number 8212.
_ENTITY = r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
_ENTITY_RE = lazy_compile(_ENTITY)
# Placeholders, tags, entities, URLs, times and e-mail addresses are the same in every
# language. Where every alternative begins with a character of its own (a URL's
# "h(?<!\wh)" is "\bh"), the regex engine skips the positions where none begins, and
# the substitution takes a quarter of the time. A time begins with any digit and an
# e-mail address anywhere: their alternatives are in the patterns used only for a text
# with a ":" or an "@".
_PLACEHOLDER_TAG_URL = (
    r"%(?:\([^()]*\))?[-#0+]*\d*(?:\.\d+)?[hlL]?[diouxXeEfFgGcrsa%]|%\d+(?!\d)"
    r"|\{[^{}]*\}|<[^<>]*>|\]\([^()\s]*\)"
    r"|h(?<!\wh)ttps?://\S+|w(?<!\ww)ww\.\S+|m(?<!\wm)ailto:\S+"
)
_EMAIL = r"\S+@\S+\.\w+"
_TIME = r"\d(?<!\w\d)\d?:\d{2}(?::\d{2})?\b"  # "12:00 AM" is "00:00" in a 24-hour locale
# By (an "@" in the text, a ":" in the text): the alternatives in the one order.
_NEUTRAL_RES = {
    (email, time): lazy_compile(
        "|".join((_PLACEHOLDER_TAG_URL, *[_EMAIL] * email, *[_TIME] * time, _ENTITY))
    )
    for email in (False, True)
    for time in (False, True)
}
# What every alternative of _NEUTRAL_RES begins with or contains: a text without any of
# these has nothing to neutralise. Looked for with str's "in", which scans ten times
# faster than the regex engine tests a character class.
_NEUTRAL_SIGNS: Final = tuple("%{<]@:&")  # or "www."; a tuple, as _ASCII_DIGITS below
_LETTER_RE = lazy_compile(r"[^\W\d_]")
_WORD_RE = lazy_compile(r"[^\W\d_]+")


def _number_rest(digit: str) -> str:
    """The body of a number after its first digit, with group and decimal separators:
    1,000.5  1.000,5  1 000  ١٬٠٠٠٫٥ (``digit``: the pattern of one digit)."""
    separator = rf"[.,'’\u066b\u066c]|[ \u00a0\u202f](?={digit}{{3}}(?!{digit}))"
    return rf"{digit}*(?:(?:{separator})(?:{digit})+)*"


# The patterns below read text that ``_plain`` made: every decimal digit in it is ASCII.
# So they say [0-9], which the regex engine tests with two comparisons, where \d looks
# each character up in Unicode's tables (a third of the numbers check's time went there).
_NUMBER_REST = _number_rest("[0-9]")
# In the English a number is not inside a word (l10n, IPv6, MP3, uint32_t, 20th, 10px): read
# whole (an atomic group), or "1990s" would backtrack to the number 199 before the "0s".
# Each pattern begins with its first digit, not with the look-behind: then the regex
# engine jumps from digit to digit instead of trying every character (eight times faster).
_FIRST_DIGIT = r"[0-9](?<![^\W_][0-9])"  # a digit not preceded by a letter or digit
_NUMBER_RE = lazy_compile(rf"{_FIRST_DIGIT}(?>{_NUMBER_REST})(?![^\W\d_])")
# A translation's number may carry a suffix: "10ත්", "90年代", "1990-luvulla".
_NUMBER_IN_TRANSLATION_RE = lazy_compile(rf"{_FIRST_DIGIT}{_NUMBER_REST}")
# Any run of digits, also inside a word ("8cm", "MP3").
_DIGITS_RE = lazy_compile(rf"[0-9]{_NUMBER_REST}")
# A decade: "1990s", "1990's", "’90s"; "años 90", "90年代" and "1990er" write the same decade.
_DECADE_RE = lazy_compile(r"(?<![^\W_])['’]?((?:[0-9]{2})?[0-9]0)['’]?s(?![^\W_])")
_SEPARATORS_RE = lazy_compile(r"[^0-9]")
# Text as it is, whose digits may be of any script (Unicode Nd).
_ANY_DIGIT_RE = lazy_compile(r"\d")
# Any run of digits of an English that is not ASCII, for the quick test that the
# translation has them all.
_ANY_DIGITS_RE = lazy_compile(r"\d" + _number_rest(r"\d"))
_CJK = frozenset(("ja", "zh", "ko", "yue"))
# Han, kana and Hangul: scripts that need far fewer characters than the English. Their
# blocks, first and last code point (compared one by one: a regex class of these ranges
# took 2 ms to compile, in every worker, for the first catalog of a script not CJK).
_COMPACT_BLOCKS: Final = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
)
# Numbers under a hundred (two digits) are often written as words: "one file", "三元组",
# "ثلاثون دقيقة".
_SPELLED_DIGITS = 2


def _language(ctx: CatalogContext) -> str:
    if "language" not in ctx.extra:  # once per catalog
        ctx.extra["language"] = base_language(catalog_language(ctx))
    return str(ctx.extra["language"])


def neutral(text: str) -> str:
    """``text`` with placeholders, tags, entities, URLs, e-mail addresses and times blanked."""
    if any(sign in text for sign in _NEUTRAL_SIGNS) or "www." in text:
        return _NEUTRAL_RES["@" in text, ":" in text].sub(" ", text)
    return text


def _letters(text: str) -> bool:
    return _LETTER_RE.search(neutral(text)) is not None


@entry_check(Severity.WARNING, "The translation is the English text, unchanged")
def unchanged(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    if entry.msgstr != entry.msgid and (not entry.plural or entry.msgstr_plural[0] != entry.msgid):
        return NO_PROBLEMS
    return _unchanged_problems(ctx, entry)


def _unchanged_problems(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    language = _language(ctx)
    if language == ctx.source_language or not _letters(entry.msgid):
        return  # en_GB may keep the English; numbers and placeholders are universal
    if written_as_in_english(language, entry.msgid):
        return  # "Yemen" is Yemen in Romanian too: CLDR says so
    if all(word.isupper() for word in _WORD_RE.findall(neutral(entry.msgid))):
        return  # acronyms and metavariables only: PDF, TMJ, "SCHEMA[:PATH] KEY"
    if ctx.glossary is not None:
        term = ctx.glossary.terms.get(entry.msgid.strip().casefold())
        if term is not None and term.term.casefold() in term.folded:
            return  # the glossary says to keep this name as it is
    yield Problem(
        "the translation is the English text: translate it, or add the term to the "
        "glossary with itself as translation"
    )


# A decimal digit of a script other than ASCII (Unicode Nd: Ol Chiki ᱓, Tibetan ༣...).
_OTHER_DIGIT_RE = lazy_compile(r"\d(?<![0-9])")


def _digit_value(match: re.Match[str]) -> str:
    return str(unicodedata.digit(match.group()))


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of another script written as its ASCII digit.

    Found by the regex engine, which knows every script's digits: no table to build
    (a scan of Unicode took 20 ms in each worker), nothing to copy when there are none.
    """
    if text.isascii():
        return text
    return _OTHER_DIGIT_RE.sub(_digit_value, text)


def _plain(text: str) -> str:
    """``text`` with ASCII digits and without placeholders, tags, entities, URLs and times."""
    return neutral(ascii_digits(text))


# How many times each number occurs. Plain dicts, not Counter: Counter's methods are
# Python code that the compiled checks would call for every message with a number.
Counts = dict[str, int]


_ASCII_DIGITS: Final = tuple("0123456789")  # a tuple: iterating a str makes each character


def _first_digit(text: str) -> int:
    """Where the first ASCII digit of ``text`` is, or -1.

    Ten scans by ``str.find``, each stopping where the last found one: faster than one
    by the regex engine, which tests characters one at a time.
    """
    end = len(text)
    for digit in _ASCII_DIGITS:
        at = text.find(digit, 0, end)
        if at >= 0:
            end = at
    return end if end < len(text) else -1


def _digits(number: str) -> str:
    """A number's digits, its separators dropped ("1,000" is "1000")."""
    return number if number.isdigit() else _SEPARATORS_RE.sub("", number)  # isdigit: in C


def _groups_of(number: str) -> list[str]:
    """A number's groups of digits ("1,000" is "1" and "000")."""
    return [number] if number.isdigit() else _SEPARATORS_RE.split(number)


def _counted(items: Iterable[str]) -> Counts:
    counts: Counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _read_numbers(plain: str) -> tuple[Counts, list[str]]:
    """The numbers of a ``_plain`` text, counted as their digits, and as written.

    A decade keeps its "s" ("1990s", "90s"): it is not the number 1990.
    """
    first = _first_digit(plain)
    if first < 0:
        return {}, []
    # From the first digit: the regex engine tests the characters before it one by one.
    written = _NUMBER_RE.findall(plain, first)
    numbers = [_digits(n) for n in written]
    if "0s" in plain or "0'" in plain or "0’" in plain:  # a decade ends so; the regex is slow
        for match in _DECADE_RE.finditer(plain, max(first - 1, 0)):
            decade = match.group(1)
            numbers.append(decade + "s")
            if decade in numbers and match.group().endswith(("'s", "’s")):
                numbers.remove(decade)  # "the 1970's": not the number 1970 as well
    return _counted(numbers), written


def numbers_in(text: str) -> Counts:
    """The numbers of ``text`` in any script, as their digits (separators dropped)."""
    return _read_numbers(_plain(text))[0]


class _English:
    """What the numbers check needs of one English message, each text read once."""

    def __init__(self, msgid: str, msgid_plural: str | None) -> None:
        plain = _plain(msgid)
        expected, written = _read_numbers(plain)
        self._plains = [plain]
        if msgid_plural is not None:  # "1 file" / "%d files": numbers of both
            plural = _plain(msgid_plural)
            other = _read_numbers(plural)[0]
            expected = {n: min(c, other[n]) for n, c in expected.items() if n in other}
            self._plains.append(plural)
        # The numbers the translation should show, but digit templates: "Oct 00 0000 at
        # 00:00 PM" shows the width of a date ("the day/month name with the most letters"):
        # its translation is a sample date or the locale's own layout, not zeros.
        self.expected = {n: c for n, c in expected.items() if len(n) < 2 or n.strip("0")}
        # The digit groups of each number: "0,1,2" may be a list of three.
        self.groups = {_digits(n): _groups_of(n) for n in written}
        self._runs: set[str] | None = None

    def runs(self) -> set[str]:
        """Every number, also those inside words ("8cm", "MP3"), separators dropped
        (read only for a translation that lacks a number)."""
        if self._runs is None:
            self._runs = {_digits(n) for text in self._plains for n in _DIGITS_RE.findall(text)}
        return self._runs


def _decade_written(decade: str, number: str) -> bool:
    """Whether ``number`` writes ``decade``: "1990s" as 1990 or 90, "90s" as 90 or 1990."""
    digits = decade[:-1]
    return (
        number == digits
        or number == digits[-2:]
        or (len(digits) == 2 and len(number) == 4 and number.endswith(digits))
    )


def _missing(expected: Counts, found: Counts, groups: dict[str, list[str]]) -> Counts:
    """The English's numbers the translation lacks: whole, as a list's groups, or as a decade."""
    missing = {n: c - found.get(n, 0) for n, c in expected.items() if c > found.get(n, 0)}
    if not missing:
        return missing
    unpadded = {f.lstrip("0") or "0" for f in found}  # "04-Page" is "4-seitige"
    return {
        n: c
        for n, c in missing.items()
        if not (
            any(_decade_written(n, f) for f in found)
            if n.endswith("s")
            else all(g in found for g in groups.get(n, [n])) or (n.lstrip("0") or "0") in unpadded
        )
    }


def _added(plain: str, expected: Counts, english: set[str]) -> Counts:
    """The numbers of a translation (``_plain``) that are none of the English's digits
    ("8 cm" for "8cm"), and write none of its decades ("90" for the 1990s): numbers that
    replace others.
    """
    decades = [n for n in expected if n.endswith("s")]
    return {
        n: c
        for n, c in _read_numbers(plain)[0].items()
        if n not in english
        and n not in expected  # the English's own decade ("1990s" for "1990's")
        and not any(_decade_written(decade, n) for decade in decades)
    }


def _numbers_found(plain: str) -> Counts:
    """The numbers a translation (``_plain``) shows, read generously so that no false alarm
    comes of it.

    A suffix may follow a number ("10ත්", "10:ssä"), and "16,32" may be a list as well
    as one number, so each group of digits counts too.
    """
    numbers: list[str] = []
    for number in _NUMBER_IN_TRANSLATION_RE.findall(plain):
        numbers.append(_digits(number))
        groups = _groups_of(number)
        if len(groups) > 1:
            numbers += groups
    return _counted(numbers)


@entry_check(Severity.WARNING, "A number of the English is missing from the translation")
def numbers(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    msgid = entry.msgid
    first = _first_digit(msgid)
    if first < 0:
        return NO_PROBLEMS
    if msgid.isascii():  # read from the first digit on, where the numbers are
        spelled = _DIGITS_RE.findall(msgid, first)
    else:
        spelled = _ANY_DIGITS_RE.findall(msgid)
    english: _English | None = None
    problems: list[Problem] = []
    for index, text in enumerate(entry.strings):
        if not text or all(number in text for number in spelled):
            continue  # the common case: the same digits, written the same way
        # No digit in any script: the regex engine is asked only where one may be outside
        # ASCII (its \d covers the ASCII digits too).
        if text.isascii():
            digitless = _first_digit(text) < 0
        else:
            digitless = _ANY_DIGIT_RE.search(text) is None
            native = text if digitless else ascii_digits(text)  # digits in the text's script
            if native is not text and all(number in native for number in spelled):
                continue  # "%༡༠༠" for "100%": the sign before the number is no placeholder
        if digitless and all(_few_digits(number) for number in spelled):
            continue  # nothing replaces the English's numbers, and under 100 they may be words
        if english is None:
            # Not cached across catalogs: a translation that lacks a number is rare in a
            # real tree, and where most do, a cache missed every time kept thousands of
            # these alive (encodings tree: 120 -> 260 ms for this check).
            english = _English(msgid, entry.msgid_plural)
            if not english.expected:
                return NO_PROBLEMS  # digits only inside words, placeholders or templates: "IPv6"
        if digitless:
            missing = _reported(english.expected, {})
        else:
            plain = _plain(text)
            missing = _missing(english.expected, _numbers_found(plain), english.groups)
            if missing:
                missing = _reported(missing, _added(plain, english.expected, english.runs()))
        if missing:
            where = f"msgstr[{index}]: " if entry.plural else ""
            shown = ", ".join(sorted(missing))
            problems.append(
                Problem(
                    f"{where}number(s) {shown} of the English missing from the translation",
                    entry.string_line(index),
                )
            )
    return problems


def _few_digits(number: str) -> bool:
    """Whether a number has at most two digits ("7", "42", "4.5"): it may be spelled out."""
    if number.isdigit():  # the common case, in C
        return len(number) <= _SPELLED_DIGITS
    return sum(c.isdigit() for c in number) <= _SPELLED_DIGITS


def _reported(missing: Counts, added: Counts) -> Counts:
    """The missing numbers worth a warning: a hundred and more, smaller ones when replaced.

    "1 line" is "一行" and "30 minutes" "ثلاثون دقيقة": a number spelled as a word is
    no loss, unless the translation has another number instead ("4" for "5"). So is a
    decade ("九十年代", "the nineties").
    """
    if added:
        return missing
    return {
        n: c
        for n, c in missing.items()
        # Counted in digits, not by int(): a number may have thousands of them.
        if not n.endswith("s") and len(n.lstrip("0")) > _SPELLED_DIGITS
    }


_MIN_SOURCE = 20  # shorter strings vary too much between languages to judge
_MIN_TRUNCATED = 40  # a terse translation of a short phrase is often just right
# Not prose, so no length to expect: GNOME's and KDE's lists of translators' names.
CREDITS = frozenset(("translator-credits", "translator_credits", "Your names", "Your emails"))
# Prose puts a space after a comma or semicolon; data does not: "km per hour,kmh,kph",
# desktop-file Keywords "lock orientation;unlock orientation;screen", "Context|%s (%s)".
_JOINED_RE = lazy_compile(r"[,;|][^\s\d]")
_ITEM_SEPARATOR_RE = lazy_compile(r"\s*[,;]\s*")
_ITEM_WORDS = 3  # "working directory, working copy, working tree": terms, not clauses
_LONG = 3.0
_OTHER = 5.0  # an English sentence rarely grows five-fold in translation
_SHORT = {True: 0.1, False: 0.3}  # CJK scripts need far fewer characters


@entry_check(
    Severity.WARNING,
    "The translation is far longer or shorter than the English: wrong or truncated?",
)
def length(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    english = entry.msgid_plural or entry.msgid
    if " " not in english or entry.msgid in CREDITS:
        return NO_PROBLEMS  # a word or a code, or the translators' names: no prose to measure
    source = len(english)
    if entry.msgid_plural is None:
        size = len(entry.msgstr)
        plausible = size <= _LONG * source or size - source <= 30
        if plausible and (source < _MIN_TRUNCATED or size >= _SHORT[False] * source):
            return NO_PROBLEMS  # the common case: a plausible length for any script
    problems: list[Problem] = []
    for index, text in enumerate(entry.strings):
        size = len(text)
        if not size:
            continue
        where = f"msgstr[{index}] is" if entry.plural else "the translation is"
        if size > _LONG * source and size - source > 30 and _another_text(entry, index):
            problems.append(
                Problem(
                    f"{where} {size / source:.1f}× as long as the English: another text?",
                    entry.string_line(index),
                )
            )
        elif source >= _MIN_TRUNCATED and size < _SHORT[_compact(ctx, text)] * source:
            problems.append(
                Problem(
                    f"{where} {size / source:.0%} of the English length: truncated?",
                    entry.string_line(index),
                )
            )
    # A list of terms has no length to expect: each language keeps the terms it needs, as
    # many as it needs (asked last: a list is costlier to tell than a length).
    return problems if problems and not _is_list(english) else NO_PROBLEMS


def _is_list(english: str) -> bool:
    """Whether ``english`` is a list of terms, not prose: joined without spaces, or three or
    more items of a few words each between commas or semicolons.
    """
    if "," not in english and ";" not in english and "|" not in english:
        return False  # prose without a separator: the regexes below need one
    text = _ENTITY_RE.sub(" ", english) if "&" in english else english  # "&nbsp;(" is no list
    if _JOINED_RE.search(text):
        return True
    items = _ITEM_SEPARATOR_RE.split(text.strip(" ,;\n"))
    return len(items) >= 3 and all(0 < len(item.split()) <= _ITEM_WORDS for item in items)


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
    if text.isascii():
        return False
    compact = 0
    for char in text:
        code = ord(char)
        if code >= 0x3040 and any(first <= code <= last for first, last in _COMPACT_BLOCKS):
            compact += 1
    return compact > 0 and 3 * compact >= len(_LETTER_RE.findall(text))


def _has_glossary(ctx: CatalogContext) -> bool:
    return ctx.glossary is not None


@entry_check(
    Severity.WARNING,
    "A glossary term is translated without its approved translation",
    when=_has_glossary,
)
def glossary(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
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
