"""Lay out a PO string field as GNU gettext's ``write-po.c`` does, line for line.

A field (``msgid``, ``msgstr[1]``, ``#| msgid``...) is cut after each ``\\n``; each
piece is escaped, then filled greedily into lines of at most 79 columns (quotes and
prefix included), breaking only where the Unicode line breaking algorithm (UAX #14)
allows, in the part of it that PO text meets (spaces, hyphens, dashes, ideographs,
opening and closing punctuation), and never inside an escape sequence. East Asian wide
characters take two columns. When a field needs more than one line, its first line
is ``msgid ""``. The result is what msgmerge, msgcat and Poedit's gettext write, so a
catalog that goes back and forth between them and us does not change.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

PAGE_WIDTH = 79
_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def field_lines(prefix: str, keyword: str, value: str) -> list[str]:
    """The lines of ``keyword "value"`` with ``prefix`` (``""``, ``"#~ "``, ``"#| "``...)."""
    after_break = len(prefix) + 1  # continuation lines start with the prefix and a quote
    width = PAGE_WIDTH - 1 - after_break  # room for the closing quote too
    lines: list[str] = []
    first = True
    portions = _portions(value)
    for number, portion in enumerate(portions):
        escaped = "".join(_ESCAPES.get(c, c) for c in portion)
        start = len(keyword) + 1 if first else 0  # relative to the continuation column
        breaks = _breaks(escaped, width, start)
        last = number == len(portions) - 1
        if first and escaped and (not last or start > width or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first, breaks = False, _breaks(escaped, width, 0)
        cuts = [0, *breaks, len(escaped)]
        for begin, end in zip(cuts, cuts[1:], strict=False):
            text = escaped[begin:end]
            lines.append(f'{prefix}{keyword} "{text}"' if first else f'{prefix}"{text}"')
            first = False
    return lines


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as write-po.c loops over it (at least one piece)."""
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1] or not portions:
        portions.append(pieces[-1])
    return portions


def _breaks(escaped: str, width: int, start: int) -> list[int]:
    """Where to break ``escaped`` so that no line passes ``width`` (libunistring's greedy fill)."""
    breaks = []
    last = None  # the last place a line could break
    column, piece = start, 0
    possible = _possible_breaks(escaped)
    for index, char in enumerate(escaped):
        if index in possible:
            if last is not None and column + piece > width:
                breaks.append(last)
                column = 0
            last, column, piece = index, column + piece, 0
        piece += _columns(char)
    if last is not None and column + piece > width:
        breaks.append(last)
    return breaks


def _possible_breaks(escaped: str) -> set[int]:
    """Indexes before which a line may break (UAX #14), none inside an escape sequence."""
    classes = [_class(c) for c in escaped]
    possible = set()
    before_spaces = ""  # the class before the current run of spaces
    for index in range(1, len(escaped)):
        a, b = classes[index - 1], classes[index]
        if b == "CM" and a not in ("SP", "ZW"):
            classes[index] = b = a  # LB9: a combining mark takes its base's class
        if a != "SP":
            before_spaces = a
        if escaped[index - 1] == "\\" and _escape_start(escaped, index - 1):
            continue  # the second character of an escape sequence
        if _may_break(a, b, before_spaces):
            possible.add(index)
    return possible


def _may_break(a: str, b: str, before_spaces: str) -> bool:
    """UAX #14's rules LB7–LB31 for the classes PO text meets: may a line break between?"""
    if b in ("SP", "CL", "CP", "EX", "IS", "SY", "CM", "ZWJ"):  # LB7, LB9, LB13
        return False
    if a == "ZW":  # LB8
        return True
    if a == "SP":  # LB14-LB18: after spaces, unless what came before them forbids it
        return not (
            before_spaces == "OP"
            or (before_spaces == "QU" and b == "OP")
            or (before_spaces in ("CL", "CP") and b == "NS")
            or (before_spaces == "B2" and b == "B2")
        )
    if a in ("OP", "GL", "QU", "BB") or b in ("GL", "QU", "BA", "HY", "NS", "IN"):
        return False  # LB12-LB14, LB19, LB21, LB22
    return (a, b) not in _NO_BREAK_PAIRS  # LB23-LB30; LB31 breaks everywhere else


_NO_BREAK_PAIRS = frozenset(
    [("AL", "AL"), ("AL", "NU"), ("NU", "AL"), ("NU", "NU"), ("B2", "B2")]  # LB23, LB28
    + [("PR", "ID"), ("ID", "PO"), ("PR", "AL"), ("PO", "AL"), ("AL", "PR"), ("AL", "PO")]
    + [(x, "NU") for x in ("HY", "IS", "SY", "PR", "PO")]  # LB25
    + [(x, y) for x in ("CL", "CP", "NU") for y in ("PO", "PR")]
    + [
        ("PR", "OP"),
        ("PO", "OP"),
        ("IS", "PR"),
    ]  # LB25; "….\\n" stays whole (libunistring has no LB29: "org." may end a line)
    + [("AL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "NU")]  # LB30
)


def _escape_start(escaped: str, index: int) -> bool:
    """Whether the backslash at ``index`` starts an escape (is not the end of ``\\``)."""
    count = 0
    while index >= 0 and escaped[index] == "\\":
        count, index = count + 1, index - 1
    return count % 2 == 1


_NO_BREAK_BEFORE = frozenset(("CL", "EX", "IS", "SY", "NS", "CM", "GL", "QU", "ZWJ"))
_NO_BREAK_AFTER = frozenset(("OP", "GL", "QU", "ZWJ"))
_SPECIAL = {
    " ": "SP",
    "-": "HY",
    "\u2010": "BA",
    "\u2013": "BA",
    "\u2014": "B2",
    "\u200b": "ZW",
    "\u200d": "ZWJ",
    "\u00a0": "GL",
    "\u202f": "GL",
    "\u2060": "GL",
    "\u00ad": "BA",
    "|": "BA",
    "/": "SY",
    "!": "EX",
    "?": "EX",
    ",": "IS",
    ".": "IS",
    ":": "IS",
    ";": "IS",
    '"': "QU",
    "'": "QU",
    "$": "PR",
    "+": "PR",
    "\\": "PR",
    "%": "PO",
    "\u30fc": "NS",
    "\u3005": "NS",
    "\u30fb": "NS",
    "\uff1a": "NS",
    "\uff1b": "NS",
    "\u2019": "QU",
    "\u2018": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u00ab": "QU",
    "\u00bb": "QU",
}
_SMALL_KANA = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)


@lru_cache(maxsize=8192)
def _class(char: str) -> str:
    """The UAX #14 line breaking class of ``char``, as far as line filling needs it."""
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    if char in _SMALL_KANA:
        return "NS"
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me"):
        return "CM"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CP" if char in ")]" else "CL"
    if category == "Nd":
        return "NU"
    code = ord(char)
    if category in ("Po",) and unicodedata.east_asian_width(char) in ("W", "F"):
        return "CL" if char in "、。，．！？" else "ID"  # ideographic comma, full stop...
    if (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7A3
        or 0xF900 <= code <= 0xFAFF
        or 0xFF01 <= code <= 0xFF60
        or 0x20000 <= code <= 0x3FFFD
    ):
        return "ID"
    return "AL"


@lru_cache(maxsize=4096)
def _columns(char: str) -> int:
    """Columns a character takes in a terminal: 2 for East Asian wide, 0 for combining."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
