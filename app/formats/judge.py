"""Which formats an entry's flags declare, and what in its translation breaks them.

The rules behind ``app.formats`` (see its docstring); a module of its own so that it is
compiled with the checker's hot path (setup.py): the package's ``__init__`` cannot be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from ..lazy_regex import lazy_compile
from ..plurals import PluralRule
from ..po import Entry
from . import brace, c, python, scripting, simple
from .model import FormatString, Syntax

PYTHON_FORMAT = "python-format"
BRACE_FORMAT = "python-brace-format"
C_FORMAT = "c-format"
FORMATS = (PYTHON_FORMAT, BRACE_FORMAT)  # the formats an unflagged string may be guessed as

_SYNTAXES = {
    s.flag: s
    for s in (
        Syntax(PYTHON_FORMAT, "%", python.parse, python.compare, python.runtime),
        Syntax(BRACE_FORMAT, "{}", brace.parse, python.compare, brace.runtime),
        Syntax(C_FORMAT, "%", c.parse, c.compare),
        Syntax("objc-format", "%", c.parse_objc, c.compare),
        Syntax("qt-format", "%", simple.parse_qt, simple.compare_qt),
        Syntax("kde-format", "%", simple.parse_kde, simple.compare_kde),
        Syntax("sh-format", "$", simple.parse_sh, simple.compare_sh),
        Syntax("perl-brace-format", "{", simple.parse_perl_brace, simple.compare_perl_brace),
        Syntax("javascript-format", "%", scripting.parse_javascript, scripting.compare_javascript),
        Syntax("php-format", "%", scripting.parse_php, scripting.compare),
        Syntax("perl-format", "%", scripting.parse_perl, scripting.compare),
    )
}
CHECKED = tuple(_SYNTAXES)  # every format a flag can declare that is checked here
_CHECKED_SET = frozenset(CHECKED)
_ALIKE: dict[str, Callable[[str, str], bool]] = {
    PYTHON_FORMAT: python.alike,
    BRACE_FORMAT: brace.alike,
    C_FORMAT: c.alike,
    "objc-format": c.alike,
    "javascript-format": scripting.alike_javascript,
    "php-format": scripting.alike_php,
    "perl-format": scripting.alike_perl,
}
# A brace field's conversion, after its name (which ends at the first "!" or ":").
_CONVERSION = lazy_compile(r"[^!:]*![rsa](?::|$)")
_RANGE = lazy_compile(r"range:\s*([0-9]{1,18})\s*\.\.\s*([0-9]{1,18})")  # int() reads them


def format_flags(flags: Iterable[str]) -> dict[str, bool]:
    """Which formats the flags declare an entry to be (True) or not to be (False).

    ``python-format, no-c-format`` gives ``{"python-format": True, "c-format": False}``;
    ``possible-`` counts as declared, ``impossible-`` as declared not, as in GNU.
    """
    declared: dict[str, bool] = {}
    for flag in flags:
        if not flag.endswith("-format"):
            continue
        for prefix, value in (("impossible-", False), ("possible-", True), ("no-", False)):
            if flag.startswith(prefix):
                declared[flag.removeprefix(prefix)] = value
                break
        else:
            declared[flag] = True
    return declared


def names_unparsed_format(flags: Iterable[str]) -> bool:
    """Whether a flag declares a format this package does not parse (``perl-format``,
    ``possible-tcl-format``; not ``no-`` or ``impossible-`` ones): GNU msgfmt may know it.

    As written, before ``format_flags`` settles which of two flags of a format wins.
    """
    for flag in flags:
        if (
            flag.endswith("-format")
            and not flag.startswith(("no-", "impossible-"))
            and flag.removeprefix("possible-") not in _CHECKED_SET
        ):
            return True
    return False


@lru_cache(maxsize=32768)
def parse_format(
    flag: str, text: str, guessed: bool = False, translated: bool = False
) -> FormatString:
    """The placeholders of ``text`` in format ``flag`` (GNU's rules; lenient when ``guessed``).

    ``translated``: a translation, where C allows glibc's ``I`` flag.
    """
    syntax = _SYNTAXES.get(flag)
    if syntax is None:
        raise ValueError(f"not a format this module reads: {flag!r}")
    return syntax.parse(_c_string(text), translated, guessed)


def _c_string(text: str) -> str:
    """``text`` as GNU's C code reads it: up to its first NUL (``\\000`` in a catalog)."""
    return text.partition("\0")[0] if "\0" in text else text


def compare_formats(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """Why ``translation`` does not fit the English's Python arguments, in words; [] if it does."""
    return python.compare(english, translation, strict)


def strict_form(
    plural: bool,
    index: int,
    forms: int,
    often: Sequence[bool] | None,
    serves_one: bool = False,
) -> bool:
    """msgfmt's strict checking of translation ``index``: every argument, the very same types.

    Relaxed only for a plural form, among several, that serves few numbers (``often``
    is false for it, such as the n=1 form), which may leave the number out; with no
    known distribution (``often`` None) every form of several is relaxed, as in msgfmt.
    ``serves_one``: the entry's ``range:`` flag leaves this form at most one n.
    """
    if not plural or forms < 2:
        return True
    return often is not None and index < len(often) and often[index] and not serves_one


def checked_formats(entry: Entry, guess: bool) -> list[tuple[str, bool]]:
    """The formats ``entry`` is checked in, each with whether it is only guessed.

    The declared ones when any format flag is present (``no-python-format`` and
    ``c-format`` declare too); else, when ``guess``, those the English looks like.
    """
    declared = _declared(tuple(entry.flags)) if entry.flags else None
    if declared is not None:
        return list(declared)
    if not guess:
        return []
    english = _english_texts(entry)
    return [(flag, True) for flag in FORMATS if any(_looks_like(flag, text) for text in english)]


def converted(entry: Entry) -> bool:
    """Whether the English has a brace field with a conversion (``{name!r}``), which
    Python's ``str.format`` alone reads: the program formats the string, flagged or not.
    (No flag says so: GNU's xgettext, 0.21 to 1.0, has no conversions in its brace format.)
    """
    return any(
        _CONVERSION.match(key)
        for text in _english_texts(entry)
        for key in parse_format(BRACE_FORMAT, text, guessed=True).named
    )


def _english_texts(entry: Entry) -> list[str]:
    return [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]


@lru_cache(maxsize=256)
def _declared(flags: tuple[str, ...]) -> tuple[tuple[str, bool], ...] | None:
    """The checked formats these flags declare; None when they declare no format at all."""
    declared = format_flags(flags)
    if not declared:
        return None
    return tuple((flag, False) for flag in CHECKED if declared.get(flag))


class FormatProblem(NamedTuple):
    """What is wrong with one translation in one format, and whether that breaks it."""

    message: str
    breaks: bool  # msgfmt -c rejects it, or Python raises on it or pads it to megabytes


def format_problems(
    entry: Entry,
    index: int,
    often: Sequence[bool] | None,
    guess: bool,
    rule: PluralRule | None = None,
) -> list[FormatProblem]:
    """What is wrong with the placeholders of translation ``index`` of ``entry``, by format.

    Each message says what differs, then what it does: what Python raises, or that
    msgfmt -c rejects it. A difference neither msgfmt (which checks nothing against
    an English it cannot read, such as ``{பெயர்}`` for GNU 0.21) nor Python objects to
    is reported with ``breaks`` false, as is everything in a guessed (unflagged) entry
    but what makes Python raise in one whose English only ``str.format`` reads
    (``converted``).
    ``often`` is the catalog's plural distribution (``PluralRule.often``; the Germanic
    one when the header has no Plural-Forms), ``guess`` whether unflagged entries may
    be Python formats (not in a catalog of C code), ``rule`` the plural rule, for the
    entry's ``range:`` flag.
    """
    english = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
    text = entry.strings[index]
    strict = strict_form(
        entry.plural,
        index,
        len(entry.strings),
        often,
        rule is not None and _ranged(entry.flags) and _serves_one(entry.flags, rule, index),
    )
    problems: list[FormatProblem] = []
    for flag, guessed in checked_formats(entry, guess):
        syntax = _SYNTAXES[flag]
        if not any(c in english or c in text for c in syntax.trigger):
            continue  # the common case: no directive on either side
        alike = _ALIKE.get(flag)
        if alike is not None and alike(_c_string(english), _c_string(text)):
            continue  # the same directives in the same order, decided without parsing
        reference = parse_format(flag, english, guessed)
        if reference.invalid is not None and syntax.runtime is None:
            continue  # msgfmt checks nothing against an English it cannot read; Python may
        found: list[str] = []
        if reference.invalid is None:
            found = syntax.compare(reference, parse_format(flag, text, guessed, True), strict)
        # Unflagged, but read by str.format alone: judged by what Python raises.
        formatted = guessed and flag == BRACE_FORMAT and converted(entry)
        raised = None
        if syntax.runtime is not None and (
            found or not guessed or formatted or _raises_if_guessed(flag)
        ):
            raised = syntax.runtime(english, text, entry.msgid if entry.plural else None)
        gnu_reads = reference.invalid is None and not (
            flag == BRACE_FORMAT and brace.GNU_UNREADABLE.search(english)
        )
        if flag == BRACE_FORMAT and found and raised is None and not strict and guessed:
            continue  # a form for few n of an unflagged string: nothing checks it or raises
        if flag == BRACE_FORMAT and found and raised is None and gnu_reads and not guessed:
            if brace.GNU_UNREADABLE.search(text):  # refused in any form, as not valid
                found[-1] += "; GNU msgfmt 0.21 cannot read {}, !r or a name outside ASCII"
            elif not strict:
                # GNU 0.21 leaves a form for few n unchecked (later versions compare it);
                # Python does not raise: nothing breaks with the gettext of this machine.
                gnu_reads = False
                found[-1] += "; msgfmt -c of GNU gettext after 0.21 rejects it"
        if entry.plural:  # msgfmt compares every form with msgid_plural, not with msgid
            found = [m.replace("not in the English", "not in msgid_plural") for m in found]
        if raised is not None:
            if found:
                found[-1] += f"; Python {raised}"
            elif "no such argument" in raised:
                found = [f"Python {raised}: use only the English's arguments"]
            else:
                found = [f"Python {raised}; {_hint(flag, raised)}"]
        elif found and gnu_reads and not guessed:
            found[-1] += f"; {syntax.consequence}"
        if found:
            breaks = (
                raised is not None
                if formatted
                else not guessed and (raised is not None or gnu_reads)
            )
            problems.append(FormatProblem("; ".join(found), breaks))
    return problems


def placeholder_problems(
    entry: Entry,
    index: int,
    often: Sequence[bool] | None,
    guess: bool,
    rule: PluralRule | None = None,
) -> list[str]:
    """``format_problems``' messages: what the site refuses a translation for."""
    return [problem.message for problem in format_problems(entry, index, often, guess, rule)]


def breaks_format(
    flag: str,
    msgid: str,
    msgid_plural: str | None,
    strings: Sequence[str],
    often: Sequence[bool] | None,
) -> bool:
    """True when ``msgfmt -c`` would reject these translations were the entry flagged ``flag``.

    Flags of formats not read here never break (False), nor does an untranslated entry,
    which msgfmt skips. ``often`` as in ``placeholder_problems``. Only GNU's verdict,
    as msgmerge's: what Python alone would raise is the checker's and the site's.
    """
    flag = flag.removeprefix("possible-")
    syntax = _SYNTAXES.get(flag)
    if syntax is None or not strings or not strings[0]:
        return False
    english_text = msgid if msgid_plural is None else msgid_plural
    english = parse_format(flag, english_text)
    if english.invalid is not None:
        return False
    if flag == BRACE_FORMAT and brace.GNU_UNREADABLE.search(msgid + (msgid_plural or "")):
        return False  # msgmerge (GNU 0.21) cannot parse the English, so never asks a review
    plural = msgid_plural is not None
    return any(
        syntax.compare(
            english,
            parse_format(flag, text, False, True),
            strict_form(plural, i, len(strings), often),
        )
        for i, text in enumerate(strings)
    )


def _raises_if_guessed(flag: str) -> bool:
    return flag == PYTHON_FORMAT


def _hint(flag: str, raised: str) -> str:
    if flag == BRACE_FORMAT and not raised.startswith("pads"):
        return brace.BRACE_HINT
    return python.hint(raised)


def _ranged(flags: Sequence[str]) -> bool:
    return any(flag.startswith("range") for flag in flags)


def _serves_one(flags: Sequence[str], rule: PluralRule, index: int) -> bool:
    """Whether the entry's ``range: a..b`` flag leaves plural form ``index`` at most one n."""
    for flag in flags:
        match = _RANGE.fullmatch(flag.strip())
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            high = min(high, low + 1000)  # msgfmt evaluates at most 1001 values
            return sum(1 for n in range(low, high + 1) if rule.form(n) == index) <= 1
    return False


def _looks_like(flag: str, text: str) -> bool:
    """Whether an unflagged English has a placeholder of ``flag`` (a bare ``{}`` is not one)."""
    parsed = parse_format(flag, text, guessed=True)
    if flag == BRACE_FORMAT:
        return any(not key.startswith("#") for key in parsed.named)
    return bool(parsed.named or parsed.unnamed)
