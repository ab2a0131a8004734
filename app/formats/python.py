"""python-format: ``%(name)s`` and ``%s``, read as GNU gettext 0.21's ``format-python.c`` reads
them, and run as Python's ``%`` operator runs them.

GNU decides what ``msgfmt -c`` rejects; Python decides what raises at run time. A
translation is broken when either says so, so both are asked.

In a string with no format flag at all (a guess, in catalogs of Python code) what does
not parse is text, a ``%`` followed by a space is never a placeholder ("50 % de la
dose"), and an unnamed ``%`` directive counts only as ``%s %d %i %f %r``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lazy_regex import lazy_compile
from .model import EMPTY, PADDING_HINT, FormatString, Padding, Placeholder

# format-python.c's argument type of each conversion ("s" and "r" take any with precision 0).
_KINDS = {
    "%": "none",
    "c": "character",
    "s": "string",
    "r": "string",
    **dict.fromkeys("iduoxX", "integer"),
    **dict.fromkeys("eEfgG", "float"),
}
_GUESSED = frozenset("sdifr")  # the unnamed conversions trusted in an unflagged string
# After "%" and "(name)": flags, width, .precision, a length modifier, the conversion.
_PARENTHESIS = lazy_compile(r"[()]")
_SPEC = lazy_compile(r"([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?[hlL]?(.?)", re.DOTALL)
# Whole directives, cut where format-python.c cuts them (but for names holding parentheses).
TOKENS = lazy_compile(r"%(?:\([^()]*\))?[-+ #0]*(?:\*|[0-9]*)(?:\.(?:\*|[0-9]*))?[hlL]?.?", re.S)
# Python's own reading of a directive (Objects/unicodeobject.c): key, width, precision, type.
_PYTHON_DIRECTIVE_RE = lazy_compile(
    r"%(\((?:[^()]|\([^()]*\))*\))?[-+ #0]*(\*|[0-9]*)(?:\.(\*|[0-9]*))?[hlL]?(.?)", re.S
)
_PYTHON_CONVERSIONS = frozenset("diouxXeEfFgGcrsa%")
PERCENT_HINT = "write %% for a percent sign"
_UNFINISHED = f"is an unfinished placeholder: {PERCENT_HINT}"


def parse(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """The arguments of ``text`` (GNU's rules; lenient when ``guessed``)."""
    return _parse(text, guessed) if "%" in text else EMPTY


def alike(english: str, text: str) -> bool:
    """Whether ``text`` surely parses as ``english`` does: the same directives in the same order.

    Exact because format-python.c reads nothing but its directives: ``TOKENS`` cuts a
    string where it does, except for a name with parentheses in it, seen as a ``%(``.
    """
    tokens = TOKENS.findall(english)
    return tokens == TOKENS.findall(text) and "%(" not in tokens


def compare(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """Why ``translation`` does not fit the English's arguments, in words; [] when it does.

    GNU's ``format_check``: a translation may not add an argument nor, unless ``strict``
    is false (a plural form for few n), leave one out or give it another type.
    (python-brace-format compares its fields the same way, all of kind "any".)
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
            problems.append(f"{mine.spelling} is not in the English")
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


def runtime(english: str, translation: str, singular: str | None = None) -> str | None:
    """What goes wrong when Python formats ``translation`` with arguments that fit
    ``english`` ("raises KeyError: ...", "pads ... to 4,294,967,296 characters"), or None.

    Arguments are the English's, with values every conversion it uses accepts (3, or
    2.5 for a float), so only what raises whatever the values are is reported: a
    missing key, a wrong count, an unknown conversion, a mapping where a tuple is passed.
    A plural entry's program passes one mapping for both English forms: the keys of
    its ``singular`` (msgid) are passed too.
    """
    if _padding(english).unsafe():
        return None  # the program's own English: not known without building megabytes
    padding = _padding(translation)
    if padding.unsafe():
        return padding.huge()  # None where only a string's precision is huge: it cuts
    arguments = _arguments(english)
    if arguments is None:
        return None
    if singular is not None and isinstance(arguments, dict):
        also = _arguments(singular)
        if isinstance(also, dict):
            arguments = {**also, **arguments}
    try:
        english % arguments  # noqa: B018 - a sanity check: the English itself must format
    except (TypeError, ValueError, KeyError, OverflowError):
        return None
    try:
        translation % arguments  # noqa: B018
    except KeyError as e:
        return f"raises KeyError: {e} (no such argument)"
    except (TypeError, ValueError, OverflowError) as e:
        return f"raises {type(e).__name__}: {e}"
    return None


def _padding(text: str) -> Padding:
    """The widths and precisions of the ``%`` directives of ``text``, read as Python reads
    them (``_SPEC``: only ASCII digits make a width): a key's parentheses nest, and a
    precision pads a number but cuts a string (``%.3s``)."""
    padding = Padding()
    start = text.find("%")
    while start >= 0:
        i = start + 1
        if text.startswith("(", i):
            close = _closing_parenthesis(text, i)
            if close < 0:
                break  # Python stops there: "incomplete format key"
            i = close + 1
        spec = _SPEC.match(text, i)
        assert spec is not None  # every part of it is optional
        _, width, precision, conversion = spec.groups()
        directive = text[start : spec.end()]
        if width != "*":  # "*": the program's own value (here, 3)
            padding.add(width, directive)
        if precision and precision != "*":
            padding.add(precision, directive, conversion not in "sra")
        start = text.find("%", spec.end())
    return padding


def _arguments(english: str) -> dict[str, object] | tuple[object, ...] | None:
    """Arguments that fit ``english`` as GNU reads it, else as Python does; None if neither can."""
    parsed = parse(english)
    if parsed.invalid is None:
        if parsed.named:
            return {name: _value(p.kind) for name, p in parsed.named.items()}
        return tuple(_value(p.kind) for p in parsed.unnamed)
    # GNU 0.21 refuses it (msgfmt then checks nothing), Python may not: %a, %F, one key
    # in two conversions. Each value is of the type its conversion asks for ("x" for
    # %s, as GNU would hold a %d in its place to), 3 for a key that two conversions share.
    named: dict[str, object] = {}
    unnamed: list[object] = []
    for key, width, precision, conversion in _PYTHON_DIRECTIVE_RE.findall(english):
        if conversion not in _PYTHON_CONVERSIONS:
            return None  # Python raises on the English itself
        value = _python_value(conversion)
        if key:
            named[key[1:-1]] = value if named.get(key[1:-1], value) == value else 3
        else:
            unnamed += [3] * ((width == "*") + (precision == "*"))
            unnamed += [value] if conversion != "%" else []
    if named and unnamed:
        return None
    return named or tuple(unnamed)


def hint(raised: str) -> str:
    """What to do about what Python did with a translation."""
    if raised.startswith("pads"):
        return PADDING_HINT
    if "not all arguments converted" in raised:
        return "keep every placeholder of the English"
    if " format: " in raised:  # "%d format: a real number is required, not str"
        return "give each placeholder the English's conversion"
    return PERCENT_HINT


def _python_value(conversion: str) -> object:
    return "x" if conversion in "sra" else 2.5 if conversion in "eEfFgG" else 3


def _value(kind: str) -> object:
    return 2.5 if kind == "float" else 3


def _fits(english: str, translation: str, strict: bool) -> bool:
    return english == translation or (not strict and "any" in (english, translation))


def _order_problem(english: FormatString, translation: FormatString) -> str:
    expected = " ".join(english.spellings) or "none"
    if not translation.spellings:
        return f"no placeholder where the English has {expected}"
    found = " ".join(translation.spellings)
    return f"placeholders {found} do not match the English ({expected}, in this order)"


class _Percent:
    """One ``%`` directive: where it ends, and what it asks, or what is wrong with it.

    A plain class, compiled (setup.py): a named tuple's ``__new__`` is Python code, run
    for every directive of every catalog.
    """

    def __init__(
        self,
        end: int,
        name: str | None,
        stars: int,
        conversion: str,
        space: bool,
        zero_precision: bool,
        error: str | None,
    ) -> None:
        self.end = end
        self.name = name
        self.stars = stars  # arguments taken by a ``*`` width or precision
        self.conversion = conversion
        self.space = space  # the " " flag: "50 % de" in a guessed string is text
        self.zero_precision = zero_precision
        self.error = error


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
    if conversion in _KINDS:
        error = None
    elif conversion in _PYTHON_CONVERSIONS:  # %a, %F: GNU 0.21 cannot read the string
        error = f"uses {conversion!r}, a conversion Python knows but GNU msgfmt 0.21 does not"
    else:
        error = f"is not a placeholder (no conversion {conversion!r}): {PERCENT_HINT}"
    return _Percent(spec.end(), name, stars, conversion, space, zero_precision, error)


def _closing_parenthesis(text: str, start: int) -> int:
    """The ``)`` that closes ``text[start] == "("`` (names may hold balanced ones), or -1."""
    following = _PARENTHESIS.search(text, start + 1)
    if following is None:
        return -1
    if following.group() == ")":
        return following.start()
    return _closing_parentheses(text).get(start, -1)  # a name that holds "(...)"


@lru_cache(maxsize=64)
def _closing_parentheses(text: str) -> dict[int, int]:
    """Where each ``(`` of ``text`` is closed, from one pass over its parentheses: a string
    of 40,000 unclosed ``%(`` took one search to its end for each (9 s)."""
    opened: list[int] = []
    closes: dict[int, int] = {}
    for match in _PARENTHESIS.finditer(text):
        if match.group() == "(":
            opened.append(match.start())
        elif opened:
            closes[opened.pop()] = match.start()
    return closes


def _parse(text: str, guessed: bool) -> FormatString:
    named: dict[str, Placeholder] = {}
    unnamed: list[Placeholder] = []
    spellings: list[str] = []
    start = text.find("%")
    while start >= 0:
        d = _percent(text, start)
        takes_argument = d.name is not None or d.conversion != "%" or d.stars > 0
        if guessed and (
            d.error is not None
            or (takes_argument and d.space)
            or (d.name is None and d.conversion not in _GUESSED and d.conversion != "%")
        ):
            start = text.find("%", start + 1)  # not a placeholder: text, read on after the %
            continue
        spelling = text[start : d.end]  # after the guess: an unfinished one runs to the end
        if takes_argument:
            spellings.append(spelling)
        error = _error(d, spelling, named, unnamed, guessed)
        if error is not None:
            return FormatString(named, tuple(unnamed), tuple(spellings), error)
        unnamed += [Placeholder(None, "integer", spelling)] * d.stars
        kind = "any" if d.zero_precision and d.conversion in "sr" else _KINDS[d.conversion]
        if d.name is not None:
            first = named.setdefault(d.name, Placeholder(d.name, kind, spelling))
            if kind not in (first.kind, "any"):
                named[d.name] = Placeholder(d.name, kind, first.spelling)  # first was "any"
        elif d.conversion != "%":
            unnamed.append(Placeholder(None, kind, spelling))
        start = text.find("%", d.end)
    return FormatString(named, tuple(unnamed), tuple(spellings))


def _error(
    d: _Percent,
    spelling: str,
    named: dict[str, Placeholder],
    unnamed: list[Placeholder],
    guessed: bool,
) -> str | None:
    """Why directive ``d`` makes the string invalid after the ones already read, or None."""
    if d.error is not None:
        return f"{spelling!r} {d.error}"
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
        f"and {PERCENT_HINT}"
    )
