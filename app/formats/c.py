"""c-format and objc-format: printf directives, read and compared as GNU gettext 0.21's
``format-c-parse.h`` and ``format-c.c`` do under ``msgfmt -c``.

A directive is ``%``, an optional argument number ``m$``, flags (``'`` and, in a
translation only, glibc's ``I``), a width and precision (``*`` or ``*m$`` take an int
argument), a size (``hh h l ll L q j z Z t``) and a conversion, or an ``<inttypes.h>``
macro in angle brackets (``%<PRId64>``). Numbered and unnumbered arguments cannot be
mixed, and numbered ones must use every number up to the highest. Arguments are then
compared by position and type: ``%d`` for a ``%ld`` reads the wrong type, undefined
behaviour at run time, often a crash.
"""

from __future__ import annotations

import re

from ..lazy_regex import lazy_compile
from .model import EMPTY, FormatString, Placeholder

# Everything of a directive after its "%": number, flags, width, precision, size, conversion.
_DIRECTIVE = lazy_compile(
    r"(?:([0-9]+)\$)?([-+ #0'I]*)(\*(?:[0-9]+\$)?|[0-9]+)?(?:\.(\*(?:[0-9]+\$)?|[0-9]*))?"
    r"([hlLqjzZt]*)(.?)",
    re.DOTALL,
)
_MACRO = lazy_compile(r"<PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")
_SIZES = {"L": "long long", "q": "long long", "j": "intmax_t", "z": "size_t", "Z": "size_t"}
_SIZES |= {"t": "ptrdiff_t"}
# <inttypes.h> sizes, named as format-c-parse.h names them (PRIdMAX is %jd's intmax_t).
_MACRO_SIZES = {"MAX": "intmax_t", "PTR": "intptr_t"}
_TOKENS = lazy_compile(r"%(?:[0-9]+\$)?[-+ #0'I]*(?:\*(?:[0-9]+\$)?|[0-9]+)?(?:\.[*0-9$]*)?"
                     r"(?:<[^>]*>?|[hlLqjzZt]*.?)", re.DOTALL)  # fmt: skip
_NAMES = {
    "integer": "an int",
    "unsigned": "an unsigned int",
    "double": "a double",
    "char": "a char",
    "string": "a string",
    "pointer": "a pointer",
    "count": "an int pointer (%n)",
    "object": "an Objective-C object",
}
PERCENT_HINT = "write %% for a percent sign"


def parse(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """The arguments of a C format string, by position, or why GNU finds it invalid."""
    return _parse(text, translated, objc=False) if "%" in text else EMPTY


def parse_objc(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """As ``parse``, with Objective-C's ``%@``."""
    return _parse(text, translated, objc=True) if "%" in text else EMPTY


def alike(english: str, text: str) -> bool:
    """Whether both strings have the very same directives in the same order."""
    return _TOKENS.findall(english) == _TOKENS.findall(text)


def compare(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-c.c's ``format_check``: the same arguments (only leading ones when not strict)."""
    if translation.invalid is not None:
        return [translation.invalid]
    theirs, mine = english.unnamed, translation.unnamed
    if len(mine) > len(theirs):
        extra = " ".join(p.spelling for p in mine[len(theirs) :])
        return [
            f"{extra} takes an argument the program never passes ({len(mine)} where the "
            f"English takes {len(theirs)}): printf reads garbage, often a crash"
        ]
    problems = [
        f"argument {i} is {b.spelling} ({_describe(b.kind)}) "
        f"where the English has {a.spelling}: printf reads the wrong type, often a crash"
        for i, (a, b) in enumerate(zip(theirs, mine, strict=False), start=1)
        if a.kind != b.kind
    ]
    if strict and len(mine) < len(theirs):
        if problems:  # printf reads by position: a dropped argument shifts the others
            problems.append(f"{_arguments(len(mine))} where the English has {len(theirs)}")
        else:
            missing = " ".join(p.spelling for p in theirs[len(mine) :])
            problems.append(f"{missing} of the English is missing")
    return problems


def _arguments(count: int) -> str:
    return f"{count} argument" + ("" if count == 1 else "s")


def _sized_int(width: str) -> str:
    """The <stdint.h> type of a macro's width: ``64`` is int64_t, ``LEAST8`` int_least8_t."""
    return f"int{width}_t" if width[0].isdigit() else f"int_{width.lower()}_t"


def _describe(kind: str) -> str:
    """``long:integer`` as "a long int", ``size_t:unsigned`` as "a size_t",
    ``int64_t:unsigned`` as "a uint64_t"."""
    size, _, base = kind.rpartition(":")
    name = _NAMES.get(base, base)
    if not size:
        return name
    if base == "unsigned" and size.startswith("int") and size.endswith("_t"):
        return f"a u{size}"  # <stdint.h>'s unsigned types: uint64_t, uintmax_t, uintptr_t
    if base == "unsigned" and size.endswith("_t") and size != "size_t":
        return f"an unsigned {size}"
    article = "an" if size[0] in "aeiou" else "a"
    if size.endswith("_t"):
        return f"{article} {size}"
    return f"{article} {size} {name.split(' ', 1)[1]}"


def _kind(conversion: str, size: str, objc: bool) -> str | None:
    """The argument type of a conversion with its size, as format-c-parse.h tells them apart.

    "" for a directive that takes no argument, None for an unknown conversion.
    """
    if conversion in ("%", "m"):
        return ""
    if conversion in ("d", "i"):
        return f"{size}:integer"
    if conversion and conversion in "ouxX":
        return f"{size}:unsigned"
    if conversion and conversion in "eEfFgGaA":
        return "long:double" if size in ("long long", "long double") else "double"
    wide = size in ("long", "long long", "long double")
    if conversion == "c" or conversion == "C":
        return "wide:char" if wide or conversion == "C" else "char"
    if conversion == "s" or conversion == "S":
        return "wide:string" if wide or conversion == "S" else "string"
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"{size}:count"
    if conversion == "@" and objc:
        return "object"
    return None


def _size(letters: str) -> str:
    """The size of ``hh h l ll L q j z Z t`` as format-c-parse.h accumulates it."""
    size = ""
    for letter in letters:
        if letter == "h":
            size = "char" if size in ("short", "char") else "short"
        elif letter == "l":
            size = "long long" if size in ("long", "long long") else "long"
        else:
            size = _SIZES[letter]
    return size


def _parse(text: str, translated: bool, objc: bool) -> FormatString:
    numbered: dict[int, Placeholder] = {}
    unnamed: list[Placeholder] = []
    spellings: list[str] = []

    def invalid(reason: str) -> FormatString:
        return FormatString({}, tuple(unnamed), tuple(spellings), reason)

    def take(given: str | None, kind: str, spelling: str) -> str | None:
        """Record an argument; why that makes the string invalid, or None."""
        if given is None:
            if numbered:
                return f"{spelling} takes the next argument but the string numbers them ({_MIX})"
            unnamed.append(Placeholder(None, kind, spelling))
            return None
        if unnamed:
            return f"{spelling} is numbered but earlier directives are not ({_MIX})"
        if len(given) > 9:  # more arguments than any call passes (and than int() reads)
            return f"{spelling}: argument {given[:12]}… is more than any call passes"
        number = int(given)
        first = numbered.setdefault(number, Placeholder(None, kind, spelling))
        if first.kind != kind:
            return f"{first.spelling} and {spelling} use argument {number} as two types"
        return None

    start = text.find("%")
    while start >= 0:
        match = _DIRECTIVE.match(text, start + 1)
        assert match is not None  # every part is optional
        number, flags, width, precision, size, conversion = match.groups()
        end = match.end()
        if "I" in flags and not translated:
            conversion, end = "I", match.start(2) + flags.index("I") + 1
        if number is not None and not number.strip("0"):
            spellings.append(text[start:end])
            return invalid(f"{text[start:end]!r}: there is no argument 0 (they start at 1)")
        if conversion == "<" and not size:
            macro = _MACRO.match(text, end - 1)
            if macro is None:
                spellings.append(text[start:end])
                return invalid(f"{text[start:end]!r} is not an <inttypes.h> macro such as <PRId64>")
            end = macro.end()
            signed = macro.group(1) in "di"
            width_name = macro.group(2)
            width_name = _MACRO_SIZES.get(width_name) or _sized_int(width_name)
            kind: str | None = f"{width_name}:{'integer' if signed else 'unsigned'}"
        else:
            kind = _kind(conversion, _size(size), objc)
        spelling = text[start:end]
        spellings.append(spelling)
        if kind is None:
            what = "is unfinished" if not conversion else f"has no conversion {conversion!r}"
            return invalid(f"{spelling!r} {what}: {PERCENT_HINT}")
        for star in (width, precision):
            if star and star.startswith("*"):
                problem = take(star[1:-1] or None, ":integer", spelling)
                if problem:
                    return invalid(problem)
        if kind:
            problem = take(number, kind, spelling)
            if problem:
                return invalid(problem)
        start = text.find("%", end)
    if numbered:
        for expected, number in enumerate(sorted(numbered), start=1):
            if number != expected:
                return invalid(
                    f"argument {number} is used but argument {expected} is not: "
                    "a numbered string must use every argument up to its highest"
                )
        unnamed = [numbered[n] for n in sorted(numbered)]
    return FormatString({}, tuple(unnamed), tuple(spellings))


_MIX = "%1$s and %s cannot be mixed"
