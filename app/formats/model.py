"""What every format syntax reads a string into: its arguments, as written, or why it is invalid."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple


# Named tuples, not dataclasses: the checker builds one per placeholder of every catalog.
class Placeholder(NamedTuple):
    """One argument a format string takes, as first written."""

    name: str | None  # None: taken by position (python %s, every C argument after numbering)
    kind: str  # the type the argument must have ("integer", "int:l", ...); "any" if unknown
    spelling: str


class FormatString(NamedTuple):
    """The arguments one string takes in one format, or why it is not a valid format string."""

    named: Mapping[str, Placeholder]
    unnamed: tuple[Placeholder, ...] = ()
    spellings: tuple[str, ...] = ()  # each directive as written, in order; an invalid one last
    invalid: str | None = None  # why this is not a valid format string; None when it is
    simple: bool = True  # qt-format: no %L and no two-digit %nn (QString's one-pass arg())


EMPTY = FormatString({})

Parse = Callable[[str, bool, bool], FormatString]  # (text, translated, guessed)
Compare = Callable[[FormatString, FormatString, bool], list[str]]  # (English, translation, strict)
# (English, translation, singular English of a plural entry) -> what the program raises
Runtime = Callable[[str, str, str | None], str | None]


class Syntax(NamedTuple):
    """One gettext format: how GNU reads and compares it, and how the program runs it."""

    flag: str
    trigger: str  # the characters of directives: none on either side, nothing to check
    parse: Parse
    compare: Compare
    runtime: Runtime | None = None  # Python formats: the exception formatting would raise
    consequence: str = "msgfmt -c rejects it"  # what a mismatch does, when nothing raises


# Python pads to any width it can store, so "%4294967296d" builds a string of 4 GB (16 GB
# of UCS-4 with a wide fill character) before it says nothing is wrong. A width or
# precision from a million on is not formatted; past sys.maxsize Python refuses it at once.
_HUGE_DIGITS = 7
_MAX_DIGITS = len(str(2**63 - 1))


def c_unsigned(digits: str) -> int:
    """ASCII ``digits`` as GNU's C code reads them into an unsigned int: modulo 2**32.

    10**32 is a multiple of 2**32, so the last 32 digits decide (and int() refuses a
    string of more than 4,300 digits).
    """
    return int(digits[-32:]) % 2**32


PADDING_HINT = "give it the English's width, or none"


def padded(directive: str, digits: str) -> str:
    """What formatting ``directive`` does, its width or precision ``digits`` huge."""
    return f"pads {directive} to {int(digits):,} characters"


def pads_hugely(digits: str) -> bool:
    """Whether a width or precision of ``digits`` would make Python build a string of a
    million characters or more, rather than refuse it ("width too big")."""
    digits = digits.lstrip("0")
    if len(digits) < _HUGE_DIGITS or len(digits) > _MAX_DIGITS:
        return False
    return len(digits) < _MAX_DIGITS or int(digits) <= 2**63 - 1
