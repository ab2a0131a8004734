"""Placeholders of python-format and python-brace-format strings, read as GNU gettext reads them.

(c-format is read too, only to tell the merge when ``msgfmt -c`` would reject a
translation, as ``format-c.c`` does: numbered and unnumbered arguments, sizes, ``*``
widths, ``%<PRId64>``.)

The one parser and comparison that the site, the checker and the merge share. A string
is parsed as GNU gettext 0.21's ``format-python.c`` and ``format-python-brace.c`` parse
it, and a translation is compared with the English as their ``format_check`` compares
them under ``msgfmt -c``: whatever msgfmt rejects is rejected everywhere.

Brace fields go beyond GNU 0.21 in three ways Python allows: names in any script
(``{பெயர்}``), the conversions ``!r``/``!s``/``!a``, and auto-numbered ``{}``. GNU
cannot read these; when they are in the English it checks nothing, and here they are
checked. As a field's identity is its whole text (name, attributes, conversion and
spec, as in GNU 0.21), a translation that uses them against an English GNU can read
is rejected by both, so the extensions never accept what msgfmt rejects. One more
difference, the other way: GNU 0.21 lets a plural form for few n add a brace field (a
``KeyError`` at run time), a bug later GNU versions fixed; here it is rejected.

Entries with no format flag at all are checked only when the caller guesses (catalogs
of Python code) and then leniently: what does not parse is text, a ``%`` followed by a
space is never a placeholder ("50 % de la dose"), and an unnamed ``%`` directive
counts only as ``%s %d %i %f %r``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from .po import Entry

PYTHON_FORMAT = "python-format"
BRACE_FORMAT = "python-brace-format"
FORMATS = (PYTHON_FORMAT, BRACE_FORMAT)
C_FORMAT = "c-format"  # read only to tell whether msgfmt -c would reject (the merge asks)

Kind = Literal["none", "any", "character", "string", "integer", "float"]
# format-python.c's argument type of each conversion ("s" and "r" take any with precision 0).
_KINDS: dict[str, Kind] = {
    "%": "none",
    "c": "character",
    "s": "string",
    "r": "string",
    **dict.fromkeys("iduoxX", "integer"),
    **dict.fromkeys("eEfgG", "float"),
}
_GUESSED = frozenset("sdifr")  # the unnamed conversions trusted in an unflagged string
_BRACE_TYPES = frozenset("bcdoxXneEfFgG%")
_ALIGN = frozenset("<>=^")
_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # GNU's; other scripts go on by hand
_DIGITS = frozenset("0123456789")  # GNU's isdigit: ASCII only, never "٣"
# After "%" and "(name)": flags, width, .precision, a length modifier, the conversion.
_SPEC = re.compile(r"([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?[hlL]?(.?)", re.DOTALL)
# Whole directives, cut where format-python.c cuts them (but for names holding parentheses).
_TOKENS = re.compile(r"%(?:\([^()]*\))?[-+ #0]*(?:\*|[0-9]*)(?:\.(?:\*|[0-9]*))?[hlL]?.?", re.S)
_PERCENT_HINT = "write %% for a percent sign"
_UNFINISHED = "is an unfinished placeholder"
_BRACE_HINT = "write {{ and }} for literal braces"


# Named tuples, not dataclasses: the checker builds one per placeholder of every catalog.
class Placeholder(NamedTuple):
    """One argument a format string takes, as first written."""

    name: str | None  # None: unnamed, taken by position (python-format only)
    kind: Kind  # what the argument must be; "any" for brace fields
    spelling: str


class FormatString(NamedTuple):
    """The arguments one string takes in one format, or why it is not a valid format string."""

    named: Mapping[str, Placeholder]
    unnamed: tuple[Placeholder, ...] = ()
    spellings: tuple[str, ...] = ()  # each directive as written, in order; an invalid one last
    invalid: str | None = None  # why this is not a valid format string; None when it is


_EMPTY = FormatString({})


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


@lru_cache(maxsize=8192)
def parse_format(flag: str, text: str, guessed: bool = False) -> FormatString:
    """The placeholders of ``text`` in format ``flag`` (GNU's rules; lenient when ``guessed``)."""
    if flag == PYTHON_FORMAT:
        return _parse_python(text, guessed) if "%" in text else _EMPTY
    if flag == BRACE_FORMAT:
        return _parse_brace(text, guessed) if "{" in text else _EMPTY
    raise ValueError(f"not a format this module reads: {flag!r}")


def compare_formats(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """Why ``translation`` does not fit the English's arguments, in words; [] when it does.

    GNU's ``format_check``: a translation may not add an argument nor, unless ``strict``
    is false (see ``strict_form``), leave one out or give it another type.
    """
    if translation.invalid is not None:
        return [translation.invalid]
    if translation.named == english.named and translation.unnamed == english.unnamed:
        return []  # the very same arguments: the common case
    if (english.named and translation.unnamed) or (english.unnamed and translation.named):
        return [_order_problem(english, translation)]  # a mapping against a tuple
    problems = []
    for name, mine in translation.named.items():
        theirs = english.named.get(name)
        if theirs is None:
            problems.append(
                f"{mine.spelling} is not in the English: a translation cannot add a placeholder"
            )
        elif not _fits(theirs.kind, mine.kind, strict):
            problems.append(f"{mine.spelling} should be {theirs.spelling}, as in the English")
    if strict:
        problems += [
            f"{theirs.spelling} is missing"
            for name, theirs in english.named.items()
            if name not in translation.named
        ]
    # Unnamed arguments are a tuple: a plural form cannot leave one out, even for n=1.
    kinds = [(a.kind, b.kind) for a, b in zip(english.unnamed, translation.unnamed, strict=False)]
    if len(english.unnamed) != len(translation.unnamed) or not all(
        _fits(a, b, strict) for a, b in kinds
    ):
        problems.append(_order_problem(english, translation))
    return problems


def strict_form(plural: bool, index: int, forms: int, often: Sequence[bool] | None) -> bool:
    """msgfmt's strict checking of translation ``index``: every argument, the very same types.

    Relaxed only for a plural form, among several, that serves few numbers (``often``
    is false for it, such as the n=1 form), which may leave the number out; with no
    known distribution (``often`` None) every form of several is relaxed, as in msgfmt.
    """
    if not plural or forms < 2:
        return True
    return often is not None and index < len(often) and often[index]


def checked_formats(entry: Entry, guess: bool) -> list[tuple[str, bool]]:
    """The formats ``entry`` is checked in, each with whether it is only guessed.

    The declared ones when any format flag is present (``no-python-format`` and
    ``c-format`` declare too); else, when ``guess``, those the English looks like.
    """
    declared = format_flags(entry.flags)
    if declared:
        return [(flag, False) for flag in FORMATS if declared.get(flag)]
    if not guess:
        return []
    english = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
    return [(flag, True) for flag in FORMATS if any(_looks_like(flag, text) for text in english)]


def placeholder_problems(
    entry: Entry, index: int, often: Sequence[bool] | None, guess: bool
) -> list[str]:
    """What is wrong with the placeholders of translation ``index`` of ``entry``, in words.

    ``often`` is the catalog's plural distribution (``PluralRule.often``) and ``guess``
    whether unflagged entries may be Python formats (not in a catalog of C code).
    """
    english = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
    strings = entry.strings
    strict = strict_form(entry.plural, index, len(strings), often)
    problems: list[str] = []
    for flag, guessed in checked_formats(entry, guess):
        if _alike(flag, english, strings[index]):
            continue  # the common case, decided without parsing
        reference = parse_format(flag, english, guessed)
        if reference.invalid is None:  # msgfmt checks nothing against an English it cannot read
            problems += compare_formats(
                reference, parse_format(flag, strings[index], guessed), strict
            )
    return problems


def breaks_format(
    flag: str,
    msgid: str,
    msgid_plural: str | None,
    strings: Sequence[str],
    often: Sequence[bool] | None,
) -> bool:
    """True when ``msgfmt -c`` would reject these translations were the entry flagged ``flag``.

    Flags of other formats never break (False), nor does an untranslated entry, which
    msgfmt skips. ``often`` as in ``placeholder_problems``.
    """
    flag = flag.removeprefix("possible-")
    if not strings or not strings[0]:
        return False
    if flag == C_FORMAT:
        return _c_breaks(msgid_plural or msgid, msgid_plural is not None, strings, often)
    if flag not in FORMATS:
        return False
    english = parse_format(flag, msgid if msgid_plural is None else msgid_plural)
    if english.invalid is not None:
        return False
    if flag == BRACE_FORMAT and _GNU_UNREADABLE_BRACES.search(msgid + (msgid_plural or "")):
        return False  # msgmerge (GNU 0.21) cannot parse the English, so never asks a review
    plural = msgid_plural is not None
    return any(
        compare_formats(
            english, parse_format(flag, text), strict_form(plural, i, len(strings), often)
        )
        for i, text in enumerate(strings)
    )


def _alike(flag: str, english: str, text: str) -> bool:
    """Whether ``text`` surely parses as ``english`` does: the same directives in the same order.

    Exact because format-python.c reads nothing but its directives: ``_TOKENS`` cuts a
    string where it does, except for a name with parentheses in it, seen as a ``%(``.
    """
    if flag == BRACE_FORMAT:
        return "{" not in english and "{" not in text
    tokens = _TOKENS.findall(english)
    return tokens == _TOKENS.findall(text) and "%(" not in tokens


# Python brace syntax that GNU 0.21 cannot read: {} auto-numbering, !r conversions and
# names outside ASCII. The site and the checker accept them; the merge follows msgmerge.
_GNU_UNREADABLE_BRACES = re.compile(
    r"(?<!\{)\{(?:[}:!]|[^{}]*![rsa][:}]|[^{}]*[^\x00-\x7f][^{}]*\})"
)


def _fits(english: Kind, translation: Kind, strict: bool) -> bool:
    return english == translation or (not strict and "any" in (english, translation))


def _order_problem(english: FormatString, translation: FormatString) -> str:
    expected = " ".join(english.spellings) or "none"
    found = " ".join(translation.spellings) or "none"
    return f"placeholders {found} do not match the English ({expected}, in this order)"


def _looks_like(flag: str, text: str) -> bool:
    """Whether an unflagged English has a placeholder of ``flag`` (a bare ``{}`` is not one)."""
    parsed = parse_format(flag, text, guessed=True)
    if flag == BRACE_FORMAT:
        return any(not key.startswith("#") for key in parsed.named)
    return bool(parsed.named or parsed.unnamed)


# -- python-format: format-python.c ---------------------------------------------------------


class _Percent(NamedTuple):
    """One ``%`` directive: where it ends, and what it asks, or what is wrong with it."""

    end: int
    name: str | None
    stars: int  # arguments taken by a ``*`` width or precision
    conversion: str
    space: bool  # the " " flag: "50 % de" in a guessed string is text
    zero_precision: bool
    error: str | None


def _percent(text: str, start: int) -> _Percent:
    """Parse the directive at ``text[start] == "%"`` as format-python.c does."""
    i = start + 1
    name = None
    if text.startswith("(", i):
        close = _closing_parenthesis(text, i)
        if close < 0:
            return _Percent(len(text), None, 0, "", False, False, _UNFINISHED)
        name, i = text[i + 1 : close], close + 1
    spec = _SPEC.match(text, i)
    assert spec is not None  # every part of it is optional
    flags, width, precision, conversion = spec.groups()
    stars = (width == "*") + (precision == "*")
    zero_precision = bool(precision) and precision != "*" and not precision.strip("0")
    space = " " in flags
    if not conversion:
        return _Percent(len(text), name, stars, "", space, zero_precision, _UNFINISHED)
    error = None if conversion in _KINDS else f"is not a placeholder (no conversion {conversion!r})"
    return _Percent(spec.end(), name, stars, conversion, space, zero_precision, error)


def _closing_parenthesis(text: str, start: int) -> int:
    """The ``)`` that closes ``text[start] == "("`` (names may hold balanced ones), or -1."""
    close = text.find(")", start)
    if close < 0 or "(" not in text[start + 1 : close]:
        return close
    depth = 0
    for i in range(start + 1, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if not depth:
                return i
            depth -= 1
    return -1


def _parse_python(text: str, guessed: bool) -> FormatString:
    named: dict[str, Placeholder] = {}
    unnamed: list[Placeholder] = []
    spellings: list[str] = []
    start = text.find("%")
    while start >= 0:
        d = _percent(text, start)
        spelling = text[start : d.end]
        takes_argument = d.name is not None or d.conversion != "%" or d.stars > 0
        if guessed and (
            d.error is not None
            or (takes_argument and d.space)
            or (d.name is None and d.conversion not in _GUESSED and d.conversion != "%")
        ):
            start = text.find("%", start + 1)  # not a placeholder: text, read on after the %
            continue
        if takes_argument:
            spellings.append(spelling)
        error = _python_error(d, spelling, named, unnamed, guessed)
        if error is not None:
            return FormatString(named, tuple(unnamed), tuple(spellings), error)
        unnamed += [Placeholder(None, "integer", spelling)] * d.stars
        kind: Kind = "any" if d.zero_precision and d.conversion in "sr" else _KINDS[d.conversion]
        if d.name is not None:
            first = named.setdefault(d.name, Placeholder(d.name, kind, spelling))
            if kind not in (first.kind, "any"):
                named[d.name] = Placeholder(d.name, kind, first.spelling)  # first was "any"
        elif d.conversion != "%":
            unnamed.append(Placeholder(None, kind, spelling))
        start = text.find("%", d.end)
    return FormatString(named, tuple(unnamed), tuple(spellings))


def _python_error(
    d: _Percent,
    spelling: str,
    named: dict[str, Placeholder],
    unnamed: list[Placeholder],
    guessed: bool,
) -> str | None:
    """Why directive ``d`` makes the string invalid after the ones already read, or None."""
    if d.error is not None:
        return f"{spelling!r} {d.error}: {_PERCENT_HINT}"
    if guessed:
        return None  # a guess mixes what it finds; the comparison reports the mix
    if d.stars and named:
        return _mixed(spelling, next(iter(named.values())).spelling)
    if d.name is not None:
        if unnamed or d.stars:
            return _mixed(spelling, unnamed[0].spelling if unnamed else spelling)
        first = named.get(d.name)
        kind = "any" if d.zero_precision and d.conversion in "sr" else _KINDS[d.conversion]
        if first is not None and "any" not in (first.kind, kind) and first.kind != kind:
            return (
                f"{first.spelling} and {spelling} use one argument in two ways: "
                "give them the same conversion"
            )
    elif d.conversion != "%" and named:
        return _mixed(spelling, next(iter(named.values())).spelling)
    return None


def _mixed(spelling: str, other: str) -> str:
    # A named directive needs a mapping, an unnamed one a tuple: Python cannot give both.
    if spelling == other:
        return f"{spelling}: a named placeholder cannot take its width or precision from *"
    return (
        f"{spelling} and {other} cannot be in one string: name every placeholder, "
        f"and {_PERCENT_HINT}"
    )


# -- python-brace-format: format-python-brace.c ---------------------------------------------


class _Field(NamedTuple):
    """One ``{...}`` field: where it ends, its identity, or what is wrong with it."""

    end: int
    key: str  # the text between the braces: GNU 0.21 compares fields by all of it
    auto: bool  # ``{}``, ``{:d}``: numbered by position
    numbered: bool  # ``{0}``
    error: str | None


def _at(text: str, i: int) -> str:
    return text[i] if i < len(text) else ""


def _name_end(text: str, i: int) -> int:
    """The end of the identifier at ``i`` (any script, as Python's), or ``i`` if none starts."""
    match = _ASCII_NAME.match(text, i)
    end = match.end() if match else i
    if end < len(text) and not text[end].isascii():  # a name in another script (or none)
        if end == i:
            if not text[i].isidentifier():
                return i
            end += 1
        while end < len(text) and ("_" + text[end]).isidentifier():
            end += 1
    return end


def _digits_end(text: str, i: int) -> int:
    while _at(text, i) in _DIGITS:
        i += 1
    return i


def _field(text: str, start: int, toplevel: bool) -> _Field:
    """Parse the field at ``text[start] == "{"`` as format-python-brace.c does."""

    def error(at: int, reason: str) -> _Field:
        return _Field(min(at + 1, len(text)), "", False, False, reason)

    i = start + 1
    auto = numbered = False
    c = _at(text, i)
    if (end := _name_end(text, i)) > i:
        i = end
    elif c in _DIGITS:
        i, numbered = _digits_end(text, i), True
    elif toplevel and c in (":", "}", "!"):
        auto = True  # Python's {} (GNU 0.21 cannot read it)
    else:
        return error(i, f"{c!r} cannot start a field name" if c else "unfinished")
    while (c := _at(text, i)) in (".", "["):
        i += 1
        if c == ".":
            if (end := _name_end(text, i)) == i:
                return error(i, "an attribute name must follow '.'")
            i = end
            continue
        end = _name_end(text, i)
        end = end if end > i else _digits_end(text, i)
        if end == i or _at(text, end) != "]":
            return error(end, "an index is a name or a number, closed by ']'")
        i = end + 1
    if _at(text, i) == "!":  # Python's conversions (GNU 0.21 has none)
        if not (_at(text, i + 1) in ("r", "s", "a") and _at(text, i + 2) in (":", "}")):
            return error(i + 1, "the conversion after '!' is r, s or a")
        i += 2
    if _at(text, i) == ":":
        if not toplevel:
            return error(i, "a nested field cannot have its own format spec")
        i += 1
        if _at(text, i) == "{":
            inner = _field(text, i, toplevel=False)
            if inner.error is not None:
                return inner
            i = inner.end
        else:  # [[fill]align][sign][#][0][width][.precision][type]
            if _at(text, i + 1) in _ALIGN:
                i += 2
            elif _at(text, i) in _ALIGN:
                i += 1
            for optional in (("+", "-", " "), ("#",), ("0",)):
                if _at(text, i) in optional:
                    i += 1
            i = _digits_end(text, i)
            if _at(text, i) == ".":
                i = _digits_end(text, i + 1)
            if _at(text, i) in _BRACE_TYPES:
                i += 1
    if _at(text, i) != "}":
        return error(i, "'}' expected here" if i < len(text) else "unfinished")
    return _Field(i + 1, text[start + 1 : i], auto, numbered, None)


def _parse_brace(text: str, guessed: bool) -> FormatString:
    named: dict[str, Placeholder] = {}
    spellings: list[str] = []
    autos = numbered = 0
    start = text.find("{")
    while start >= 0:
        if text.startswith("{{", start):
            start = text.find("{", start + 2)
            continue
        f = _field(text, start, toplevel=True)
        spelling = text[start : f.end]
        error = None if f.error is None else f"{spelling!r}: {f.error}; {_BRACE_HINT}"
        if error is None and ((f.auto and numbered) or (f.numbered and autos)):
            error = f"{spelling}: automatic {{}} and numbered {{0}} cannot be in one string"
        if error is not None:
            if guessed:
                start = text.find("{", start + 1)  # not a field: text, read on after the {
                continue
            spellings.append(spelling)
            return FormatString(named, (), tuple(spellings), error)
        key = f.key
        if f.auto:
            key, autos = f"#{autos}{key}", autos + 1  # "#" never starts a name: no clash
        numbered += f.numbered
        named.setdefault(key, Placeholder(key, "any", spelling))
        spellings.append(spelling)
        start = text.find("{", f.end)
    return FormatString(named, (), tuple(spellings))


# -- c-format: format-c.c, for breaks_format -------------------------------------------------

_C_DIRECTIVE = re.compile(
    r"%(?:([0-9]+)\$)?([-+ #0'I]*)(\*(?:[0-9]+\$)?|[0-9]+)?(?:\.(\*(?:[0-9]+\$)?|[0-9]*))?"
    r"(hh|h|ll|l|L|q|j|z|Z|t)?(<PRI[diouxX][A-Z0-9_]*>|.?)",
    re.DOTALL,
)


def _c_kind(conversion: str, size: str) -> str | None:
    """The argument type of a C conversion with its size, as format-c.c tells them apart."""
    if conversion.startswith("<"):  # <inttypes.h> macros: %<PRId64>
        unsigned = conversion[4] in "ouxX"
        return f"{'unsigned' if unsigned else 'int'}:{conversion[5:-1]}"
    if conversion in ("d", "i"):
        return f"int:{size}"
    if conversion and conversion in "ouxX":
        return f"unsigned:{size}"
    if conversion and conversion in "eEfFgGaA":
        return "long double" if size == "L" else "double"
    kinds = {"c": "wint_t" if size == "l" else "char", "s": "wide" if size == "l" else "string"}
    kinds |= {"p": "pointer", "n": f"count:{size}", "m": "", "%": ""}
    return kinds.get(conversion)


def _c_arguments(text: str) -> dict[int, str] | None:
    """Argument number → type of a C format string; None when msgfmt finds it invalid."""
    arguments: dict[int, str] = {}
    styles = set()
    position = 1
    start = text.find("%")
    while start >= 0:
        match = _C_DIRECTIVE.match(text, start)
        assert match is not None  # every part is optional
        number, _, width, precision, size, conversion = match.groups()
        kind = _c_kind(conversion, size or "")
        if kind is None:
            return None
        takes = [star for star in (width, precision) if star and star[0] == "*"]
        wanted = [(star[1:-1] or None, "int:") for star in takes]
        if kind:
            wanted.append((number, kind))
        for given, kind in wanted:
            styles.add(given is not None)
            if given is None:
                index, position = position, position + 1
            else:
                index = int(given)
            if index == 0 or arguments.setdefault(index, kind) != kind:
                return None  # no argument 0; one argument, two types
        start = text.find("%", match.end())
    if len(styles) > 1 or (arguments and len(arguments) != max(arguments)):
        return None  # numbered and unnumbered mixed, or a numbered argument skipped
    return arguments


def _c_breaks(
    english_text: str, plural: bool, strings: Sequence[str], often: Sequence[bool] | None
) -> bool:
    english = _c_arguments(english_text)
    if english is None:
        return False  # msgfmt reports the English, not the translation
    for index, text in enumerate(strings):
        translation = _c_arguments(text)
        if translation is None:
            return True
        if any(english.get(n) != kind for n, kind in translation.items()):
            return True
        strict = strict_form(plural, index, len(strings), often)
        if strict and english.keys() - translation.keys():
            return True
    return False
