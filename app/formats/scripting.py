"""javascript-format, php-format and perl-format: the printf directives of three scripting
languages, read and compared as GNU gettext 0.21's ``format-javascript.c``,
``format-php.c`` and ``format-perl.c`` do under ``msgfmt -c``.

GNU reads each string into its arguments by number, sorted: unnumbered directives
take 1, 2, 3... in order, ``%2$s`` takes 2. A number used twice must have one type
both times. A translation may take no argument the English does not; a form that must
show every argument (``strict``, see ``judge.strict_form``) must take them all; an
argument both take must have the same type. The three grammars differ:

- JavaScript (Gjs): flags ``-+ 0I``, width, precision, and ``s c b d o x X f j``
  (``%j`` takes any value); numbered and unnumbered directives cannot be mixed.
- PHP: flags ``- 0`` and ``'`` with a padding character, width, precision, an ignored
  ``l``, and ``b d u o x X e f c s``; numbered ones may be mixed with unnumbered ones,
  which count on as if the numbered were not there. ``%%`` is the only directive
  without an argument.
- Perl: flags ``-+ #0``, a vector flag (``v``, ``*v``, ``*m$v``), width and precision
  (``*`` and ``*m$`` take an integer argument), sizes (``h l ll L q V I32 I64 I``)
  and ``% c s _ p d i D u U b o O x X e E f F g G n``; ``%ld`` and ``%d`` differ.

As in GNU (C, byte by byte): digits are ASCII only, an argument number is taken modulo
2**32 (one that wraps to 0 is invalid, or in Perl the next argument), and PHP's padding
character is one byte: a character outside ASCII, two bytes or more in UTF-8, is
refused as msgfmt refuses it in a UTF-8 catalog (and PHP 8's sprintf throws on it).
Each argument is named by its directive, with its role when it is not the conversion's
("the * width of %*d", "the vector of %vd").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..lazy_regex import lazy_compile
from .c import PERCENT_HINT
from .model import EMPTY, FormatString, Placeholder, c_unsigned

ANY = "any value"  # JavaScript's %j
_JAVASCRIPT_KINDS = {"%": "", "c": "a character", "s": "a string", "j": ANY}
_JAVASCRIPT_KINDS |= dict.fromkeys("bdoxX", "an integer") | {"f": "a number"}
_PHP_KINDS = dict.fromkeys("bduoxX", "an integer") | dict.fromkeys("ef", "a float")
_PHP_KINDS |= {"c": "a character", "s": "a string"}
# Perl: the conversions whose size letters count (the others ignore them), then the rest.
_PERL_SIZED = dict.fromkeys("di", "integer") | dict.fromkeys("ubxXo", "unsigned integer")
_PERL_SIZED |= dict.fromkeys("eEfFgG", "float") | {"n": "count pointer (%n)"}
_PERL_VECTOR = "a scalar vector"  # what a v flag and %_ take
_PERL_KINDS = {"%": "", "c": "a character", "s": "a string", "_": _PERL_VECTOR, "p": "a pointer"}
_PERL_KINDS |= {"D": "an IV-sized integer", "U": "an IV-sized unsigned integer"}
_PERL_KINDS |= {"O": "an IV-sized unsigned integer"}  # %D %U %O are %Vd %Vu %Vo
_PERL_WIDTH = "an integer"  # what a * width or precision takes: %d's type
# Each directive whole, as the parsers end it: the same list on both sides means the
# same arguments (the characters a directive may hold before its conversion, then it).
_JAVASCRIPT_TOKENS = lazy_compile(r"%[-+ 0I$0-9.]*.?", re.DOTALL)
_PHP_TOKENS = lazy_compile(r"%(?:'.|[- 0-9$.l])*.?", re.DOTALL)
_PERL_TOKENS = lazy_compile(r"%[-+ #0-9$.*vhlLqVI]*.?", re.DOTALL)


class _Reader:
    """One string read directive by directive: its arguments, or why it is invalid."""

    def __init__(self, text: str) -> None:
        self.text = text
        # (number, kind, role): the role ("the * width of ") is completed with the whole
        # directive once its end is known (``close``).
        self.arguments: list[tuple[int, str, str]] = []
        self.spellings: list[str] = []
        self.unnumbered = 0  # arguments taken in order so far
        self.closed = 0  # arguments whose directive is read

    def char(self, i: int) -> str:
        """The character at ``i``; "" at the end, as C's terminating NUL."""
        return self.text[i] if i < len(self.text) else ""

    def digit(self, i: int, nonzero: bool = False) -> bool:
        return "1" <= self.char(i) <= "9" if nonzero else "0" <= self.char(i) <= "9"

    def digits(self, i: int) -> int:
        """Where the run of ASCII digits at ``i`` ends."""
        while self.digit(i):
            i += 1
        return i

    def number(self, i: int, nonzero: bool = False) -> tuple[int, int] | None:
        """``m$`` at ``i``: (m, where it ends); None when there is none."""
        if not self.digit(i, nonzero):
            return None
        end = self.digits(i)
        if self.char(end) != "$":
            return None
        return c_unsigned(self.text[i:end]), end + 1

    def first_number(self, start: int) -> tuple[int, int] | FormatString:
        """The ``m$`` after the ``%`` at ``start``, which may not be 0 (JavaScript, PHP):
        (m, or 0 when there is none; where the directive goes on), or why it is invalid."""
        numbered = self.number(start + 1)
        if numbered is None:
            return 0, start + 1
        if numbered[0] == 0:
            return self.invalid(start, numbered[1] - 1, "uses argument 0: they start at 1")
        return numbered

    def take(self, number: int, kind: str, role: str = "") -> None:
        """Argument ``number`` (0: the next one) of type ``kind``, for the directive read."""
        self.arguments.append((number or self.next(), kind, role))

    def next(self) -> int:
        self.unnumbered += 1
        return self.unnumbered

    def close(self, start: int, end: int) -> None:
        """The directive from ``start`` to ``end`` (its conversion) is read."""
        directive = self.text[start : end + 1]
        self.spellings.append(directive)
        for k in range(self.closed, len(self.arguments)):
            number, kind, role = self.arguments[k]
            self.arguments[k] = (number, kind, role + directive)
        self.closed = len(self.arguments)

    def invalid(self, start: int, end: int, reason: str) -> FormatString:
        """``reason`` for the directive from ``start`` to ``end`` (its conversion included)."""
        spelling = self.text[start : end + 1]
        self.spellings.append(spelling)
        return FormatString({}, (), tuple(self.spellings), f"{spelling!r} {reason}")

    def unknown(self, start: int, end: int) -> FormatString:
        conversion = self.char(end)
        what = f"has no conversion {conversion!r}" if conversion else "is unfinished"
        return self.invalid(start, end, f"{what}: {PERCENT_HINT}")

    def result(self) -> FormatString:
        """The arguments sorted by number, each once (one type only, as GNU requires)."""
        self.arguments.sort(key=lambda argument: argument[0])  # stable, as the text reads
        unique: list[Placeholder] = []
        for number, kind, spelling in self.arguments:
            if unique and unique[-1].name == str(number):
                first = unique[-1]
                if first.kind != kind:
                    reason = (
                        f"{first.spelling} and {spelling} use argument {number} as two "
                        f"types ({first.kind} and {kind})"
                    )
                    return FormatString({}, (), tuple(self.spellings), reason)
                continue
            unique.append(Placeholder(str(number), kind, spelling))
        return FormatString({}, tuple(unique), tuple(self.spellings))


# One directive, its "%" at ``start``: where it ends (its conversion), or why it is invalid.
_Directive = Callable[[_Reader, int], "int | FormatString"]


def _parse(text: str, directive: _Directive) -> FormatString:
    if "%" not in text:
        return EMPTY
    read = _Reader(text)
    start = text.find("%")
    while start >= 0:
        end = directive(read, start)
        if isinstance(end, FormatString):
            return end
        read.close(start, end)
        start = text.find("%", end + 1)
    return read.result()


def parse_javascript(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """format-javascript.c's ``format_parse``."""
    return _parse(text, _javascript)


def parse_php(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """format-php.c's ``format_parse``."""
    return _parse(text, _php)


def parse_perl(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """format-perl.c's ``format_parse``."""
    return _parse(text, _perl)


def _javascript(read: _Reader, start: int) -> int | FormatString:
    numbered = read.first_number(start)
    if isinstance(numbered, FormatString):
        return numbered
    number, i = numbered
    while read.char(i) and read.char(i) in "-+ 0I":
        i += 1
    i = read.digits(i)
    if read.char(i) == ".":
        i = read.digits(i + 1)
    kind = _JAVASCRIPT_KINDS.get(read.char(i))
    if kind is None:
        return read.unknown(start, i)
    if kind:
        if read.arguments and (number != 0) != (read.unnumbered == 0):
            first = read.arguments[0][2]
            how = (
                f"is numbered but {first} is not"
                if number
                else f"takes the next argument but {first} is numbered"
            )
            return read.invalid(start, i, f"{how}: a string numbers all its arguments or none")
        read.take(number, kind)
    return i


def _php(read: _Reader, start: int) -> int | FormatString:
    if read.char(start + 1) == "%":
        return start + 1
    numbered = read.first_number(start)
    if isinstance(numbered, FormatString):
        return numbered
    number, i = numbered
    while True:
        if read.char(i) and read.char(i) in "0- ":
            i += 1
        elif read.char(i) == "'":
            if not read.char(i + 1):
                return read.unknown(start, i + 1)
            if not read.char(i + 1).isascii():
                return read.invalid(start, i + 1, "pads with a character of several bytes")
            i += 2
        else:
            break
    i = read.digits(i)
    if read.char(i) == ".":
        if not read.digit(i + 1):
            return read.invalid(start, i, "has a precision without digits")
        i = read.digits(i + 1)
    if read.char(i) == "l":
        i += 1
    kind = _PHP_KINDS.get(read.char(i))
    if kind is None:
        return read.unknown(start, i)
    read.take(number, kind)
    return i


def _perl(read: _Reader, start: int) -> int | FormatString:
    i = start + 1
    number = 0  # 0, also when m$ wraps to it: the next argument, as in GNU
    numbered = read.number(i, nonzero=True)
    if numbered is not None:
        number, i = numbered
    while read.char(i) and read.char(i) in " +-#0":
        i += 1
    vector = False
    if read.char(i) == "v":
        vector, i = True, i + 1
    elif read.char(i) == "*":
        if read.char(i + 1) == "v":
            read.take(0, _PERL_VECTOR, "the join string of ")
            vector, i = True, i + 2
        else:
            starred = read.number(i + 1, nonzero=True)
            if starred is not None and read.char(starred[1]) == "v":
                # GNU takes this number as it is, 0 included (it wraps so).
                read.arguments.append((starred[0], _PERL_VECTOR, "the join string of "))
                vector, i = True, starred[1] + 1
    if vector:
        read.take(number, _PERL_VECTOR, "the vector of ")
    if read.char(i) == "*":
        i = _perl_star(read, i + 1, "the * width of ")
    elif read.digit(i, nonzero=True):
        i = read.digits(i)
    if read.char(i) == ".":
        if read.char(i + 1) == "*":
            i = _perl_star(read, i + 2, "the .* precision of ")
        else:
            i = read.digits(i + 1)
    size, i = _perl_size(read, i)
    conversion = read.char(i)
    base = _PERL_SIZED.get(conversion)
    if base == "float" and size in ("short", "long"):
        return read.invalid(start, i, f"gives a {size} size to a floating-point conversion")
    kind = _PERL_KINDS.get(conversion) if base is None else _article(f"{size} {base}".strip())
    if kind is None:
        return read.unknown(start, i)
    if kind and not vector:
        read.take(number, kind)
    return i


def _perl_star(read: _Reader, i: int, role: str) -> int:
    """A ``*`` or ``*m$`` width or precision, its ``*`` read: the integer argument it takes."""
    number = 0
    numbered = read.number(i, nonzero=True)
    if numbered is not None:
        number, i = numbered
    read.take(number, _PERL_WIDTH, role)
    return i


def _perl_size(read: _Reader, i: int) -> tuple[str, int]:
    """The size letters at ``i``: what they make the argument, and where they end."""
    letter = read.char(i)
    if letter == "h":
        return "short", i + 1
    if letter == "l":
        return ("long long", i + 2) if read.char(i + 1) == "l" else ("long", i + 1)
    if letter == "L" or letter == "q":
        return "long long", i + 1
    if letter == "V":
        return "IV-sized", i + 1
    if letter == "I":
        if read.text.startswith("64", i + 1):
            return "long long", i + 3
        if read.text.startswith("32", i + 1):
            return "", i + 3
        return "pointer-sized", i + 1
    return "", i


def _article(kind: str) -> str:
    return ("an " if kind[0] in "aeiouI" else "a ") + kind


def compare(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-php.c's and format-perl.c's ``format_check``: no argument the English does
    not take, every one in a strict form, each with the English's type."""
    return _compare(english, translation, strict, any_fits=False)


def compare_javascript(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-javascript.c's ``format_check``: as ``compare``, but where a form is not strict
    a ``%j`` fits any type."""
    return _compare(english, translation, strict, any_fits=True)


def _compare(
    english: FormatString, translation: FormatString, strict: bool, any_fits: bool
) -> list[str]:
    if translation.invalid is not None:
        return [translation.invalid]
    theirs, mine = english.unnamed, translation.unnamed
    position = {p.name: i for i, p in enumerate(theirs)}
    taken = {p.name for p in mine}
    problems = [
        f"{p.spelling} takes argument {p.name}, not in the English"
        for p in mine
        if p.name not in position
    ]
    if strict:
        problems += [
            f"argument {p.name} ({p.spelling} in the English) is missing"
            for p in theirs
            if p.name not in taken
        ]
    for p in mine:
        i = position.get(p.name)
        if i is None or theirs[i].kind == p.kind:
            continue
        # GNU looks at the translation's argument at the English's position (its index
        # i where j was meant): kept, so that the verdict is msgfmt's. Past the end of
        # the translation's arguments GNU reads whatever memory holds; taken as no %j.
        if any_fits and not strict and ANY in (theirs[i].kind, _kind_at(mine, i)):
            continue
        problems.append(
            f"argument {p.name} is {p.spelling} ({p.kind}) where the English has "
            f"{theirs[i].spelling} ({theirs[i].kind})"
        )
    return problems


def _kind_at(arguments: tuple[Placeholder, ...], i: int) -> str | None:
    return arguments[i].kind if i < len(arguments) else None


def _alike(tokens: Callable[[str], list[str]]) -> Callable[[str, str], bool]:
    def alike(english: str, text: str) -> bool:
        return tokens(english) == tokens(text)

    return alike


# Annotated: mypyc's build reads these from judge before it infers them.
alike_javascript: Callable[[str, str], bool] = _alike(_JAVASCRIPT_TOKENS.findall)
alike_php: Callable[[str, str], bool] = _alike(_PHP_TOKENS.findall)
alike_perl: Callable[[str, str], bool] = _alike(_PERL_TOKENS.findall)
