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


def c_unsigned(digits: str) -> int:
    """ASCII ``digits`` as GNU's C code reads them into an unsigned int: modulo 2**32.

    10**32 is a multiple of 2**32, so the last 32 digits decide (and int() refuses a
    string of more than 4,300 digits).
    """
    return int(digits[-32:]) % 2**32


# Python pads to any width it can store, so "%4294967296d" builds a string of 4 GB (16 GB
# of UCS-4 with a wide fill character) before it says nothing is wrong, and a thousand
# "%999999d" build a gigabyte. Strings padded to a million characters or more in all are
# not formatted; a width past sys.maxsize Python refuses at once ("width too big").
HUGE_PADDING = 10**6
_LARGEST = 2**63 - 1
PADDING_HINT = "give it the English's width, or none"


class Padding:
    """The widths and precisions of one string's directives, added up as they are read.

    Only what pads for certain is claimed (a width; a precision of a number): a precision
    of a string cuts it. Every one counts towards what the checker itself will not format.
    """

    def __init__(self) -> None:
        self.claimed = 0  # characters padded whatever the program passes
        self.total = 0  # characters formatting it here might build
        self.largest = (0, "")  # (claimed width or precision, its directive)

    def add(self, digits: str, directive: str, claimed: bool = True) -> None:
        """A width or precision of ``digits``, in any script's digits ("{:٥}" is 5 to
        ``str.format``), or the ASCII ones of a ``%`` directive."""
        start = 0
        while start < len(digits) and int(digits[start]) == 0:
            start += 1
        if len(digits) - start > len(str(_LARGEST)):
            return  # Python refuses it before it pads anything
        value = int(digits[start:] or "0")
        if value > _LARGEST:
            return
        self.total += value
        if claimed:
            self.claimed += value
            self.largest = max(self.largest, (value, directive))

    def unknown(self) -> None:
        """A width that only formatting tells: one a field nested in a spec makes."""
        self.total += HUGE_PADDING

    def huge(self) -> str | None:
        """What Python does with the string, when it pads it to a million characters."""
        if self.claimed < HUGE_PADDING:
            return None
        value, directive = self.largest
        if value >= HUGE_PADDING:
            return f"pads {directive} to {value:,} characters"
        return f"pads its fields to {self.claimed:,} characters in all"

    def unsafe(self) -> bool:
        """Whether formatting the string here might build a million characters."""
        return self.total >= HUGE_PADDING
