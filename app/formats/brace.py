"""python-brace-format: ``{name}``, read as GNU gettext 0.21's ``format-python-brace.c`` reads it,
and run as Python's ``str.format`` runs it.

GNU 0.21 reads field names in ASCII only, no ``!r`` conversion and no auto-numbered
``{}``; when the English uses them it checks nothing. Python's own parser
(``string.Formatter``) reads everything ``str.format`` accepts, in any script, so a
translation is also run with arguments that fit the English, and what raises is broken
whatever GNU can read. As a field's identity is its whole text (name, attributes,
conversion and spec, as in GNU 0.21), the comparison is the same for both.
"""

from __future__ import annotations

import string

from ..lazy_regex import lazy_compile
from .model import EMPTY, FormatString, Padding, Placeholder

_BRACE_TYPES = frozenset("bcdoxXneEfFgG%")
_INTEGER_TYPES = frozenset("bcdoxXn")
_FLOAT_TYPES = frozenset("eEfFgG%")
_ALIGN = frozenset("<>=^")
_ASCII_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")  # GNU's; other scripts go on by hand
_DIGITS = frozenset("0123456789")  # GNU's isdigit: ASCII only, never "٣"
BRACE_HINT = "write {{ and }} for literal braces"
# Python brace syntax that GNU 0.21 cannot read: {} auto-numbering, !r conversions and
# names outside ASCII. The site and the checker accept them; the merge follows msgmerge.
# A field outside ASCII is found by a lookahead, then read possessively: "[^{}]*[^\x00-\x7f]
# [^{}]*}" tried every split of a long field that does not close (13 s on 200 KB).
GNU_UNREADABLE = lazy_compile(
    r"(?<!\{)\{(?:[}:!]|[^{}]*![rsa][:}]|(?=[^{}]*[^\x00-\x7f])[^{}]*+\})"
)
_FORMATTER = string.Formatter()
_SPEC_DIGITS = lazy_compile(r"\d+")  # in a spec, a width: any script's digits
_SPEC_PRECISION = lazy_compile(r"\.(\d+)")
_FIRST = lazy_compile(r"[^.\[]*")  # a field's argument: the name before any .attribute or [index]
# Every brace of a string as str.format reads it, from the left: {{ and }}, a field with
# no brace inside, or a brace alone. (Each alternative begins with its brace, once: the
# regex engine then skips the text between braces, two and a half times faster.)
_BRACES = lazy_compile(r"\{(?:\{|[^{}]*\})?|\}\}?")


def parse(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """The fields of ``text``, each by its whole text (lenient when ``guessed``)."""
    return _parse(text, guessed) if "{" in text else EMPTY


def alike(english: str, text: str) -> bool:
    """Whether ``text`` surely reads as ``english`` does: no field at all, or the same
    fields, written the same, in the same order.

    Exact because GNU and ``str.format`` read nothing but the braces: ``_BRACES`` cuts a
    string where both do, and a brace it leaves alone (one unmatched, or a field nested
    in another's spec) makes the string go through the whole reading.
    """
    if "{" not in english and "{" not in text and "}" not in text:
        return True
    braces = _BRACES.findall(english)
    return braces == _BRACES.findall(text) and "{" not in braces and "}" not in braces


def runtime(english: str, translation: str, singular: str | None = None) -> str | None:
    """What goes wrong when ``str.format`` formats ``translation`` with arguments that fit
    ``english`` ("raises KeyError: ...", "pads ... to 4,294,967,296 characters"), or None.

    Each argument is a value of the type the English's format spec asks for (``{n:d}``:
    an int), or, where the English says nothing, a value that takes any attribute,
    index and spec an int, a float or a str takes: so only what raises whatever the
    program passes is reported (a field the English does not have, a malformed field,
    a conversion other than r, s, a, a spec no value accepts).
    """
    if _padding(english).unsafe():
        return None  # the program's own English: not known without building megabytes
    padding = _padding(translation)
    if padding.unsafe():
        return padding.huge()  # None where only a precision of unknown type is huge
    arguments = _arguments(english)
    if arguments is None:
        return None
    args, kwargs = arguments
    also = _arguments(singular) if singular is not None else None
    if also is not None:  # a plural entry's program passes the same arguments to both forms
        args = [*args, *also[0][len(args) :]]
        kwargs = {**also[1], **kwargs}
    try:
        translation.format(*args, **kwargs)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as e:
        if isinstance(e, KeyError | IndexError):
            return f"raises {type(e).__name__}: {e} (no such argument)"
        return f"raises {type(e).__name__}: {e}"
    return None


class _Any:
    """An argument of unknown type: every attribute and index exists, and a spec that an int,
    a float or a str accepts is accepted."""

    def __getattr__(self, name: str) -> _Any:
        return self

    def __getitem__(self, key: object) -> _Any:
        return self

    def __format__(self, spec: str) -> str:
        for value in (3, 2.5, "x"):
            try:
                return format(value, spec)
            except ValueError:
                continue
        return format(3, spec)  # raises Python's own ValueError for this spec

    def __repr__(self) -> str:
        return "x"


def _arguments(english: str) -> tuple[list[object], dict[str, object]] | None:
    """Positional and keyword arguments that fit every field of ``english``; None if invalid."""
    kinds: dict[int | str, str] = {}
    autos = 0
    try:
        fields = list(_fields(english))
    except ValueError:
        return None
    for name, spec in fields:
        argument = _argument(name)
        if not _pythons(argument):
            return None  # {$ expr $}, { x }: another language's template (Angular, Jinja)
        first: int | str = argument
        if argument == "":
            first, autos = autos, autos + 1
        elif argument.isdecimal():
            if len(argument) > 9:
                return None  # {12345678901}: no call passes so many arguments
            first = int(argument)
        kind = spec[-1:] if spec and len(argument) == len(name) else ""
        kinds.setdefault(first, kind)
    count = max((k + 1 for k in kinds if isinstance(k, int)), default=0)
    args = [_value(kinds.get(i, "")) for i in range(count)]
    kwargs = {k: _value(kind) for k, kind in kinds.items() if isinstance(k, str)}
    try:
        english.format(*args, **kwargs)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return None  # an English Python cannot format: nothing to compare with
    return args, kwargs


def _hint(text: str) -> str:
    """What to do about a field GNU 0.21 cannot read: escape braces, unless Python reads it."""
    try:
        fields = _fields(text)
    except ValueError:
        return BRACE_HINT
    if not all(_pythons(_argument(name)) for name, _ in fields):
        return BRACE_HINT  # {#anchor}: a brace of the text, not a field of Python's
    return "Python reads it, GNU msgfmt 0.21 does not"


def _argument(field_name: str) -> str:
    """The argument a field names: ``user`` of ``{user.name[0]}`` ("" for ``{}``)."""
    head = _FIRST.match(field_name)
    assert head is not None  # it may be empty
    return head.group(0)


def _pythons(argument: str) -> bool:
    """Whether Python's grammar has it: none (auto-numbered), a number or a name.

    As ``str.format`` reads them: "²" is no number, "٣" is one.
    """
    return argument == "" or argument.isdecimal() or argument.isidentifier()


def _fields(text: str, nested: bool = False) -> list[tuple[str, str]]:
    """(field name, format spec) of every field of ``text``, nested ones too (ValueError).

    A field nests in a spec one deep at most, as in ``str.format`` ("Max string recursion
    exceeded"): a spec of ten thousand nested fields is refused at once.
    """
    found = []
    for _, name, spec, _ in _FORMATTER.parse(text):
        if name is not None:
            found.append((name, spec or ""))
            if spec and "{" in spec:
                if nested:
                    raise ValueError("Max string recursion exceeded")
                found += _fields(spec, nested=True)
    return found


def _padding(text: str) -> Padding:
    """The widths and precisions of the fields of ``text``: a precision pads only a number
    of a type the spec names (``{:.3f}``; ``{:.3}`` cuts a string). The digits of a field
    nested in a spec are its name."""
    padding = Padding()
    try:
        fields = _fields(text)
    except ValueError:
        return padding  # str.format refuses it before it pads anything
    for name, spec in fields:
        directive = f"{{{name}:{spec}}}"
        if "{" in spec:  # its width comes from arguments: not formatted here
            padding.unknown()
            continue
        plain = spec
        precision = _SPEC_PRECISION.search(plain)
        if precision:
            padding.add(precision.group(1), directive, plain[-1:] in "eEfFgGn%")
            plain = plain[: precision.start()] + plain[precision.end() :]
        for digits in _SPEC_DIGITS.findall(plain):
            padding.add(digits, directive)
    return padding


def _value(kind: str) -> object:
    if kind in _INTEGER_TYPES:
        return 3
    if kind in _FLOAT_TYPES:
        return 2.5
    if kind == "s":
        return "x"
    return _Any()


# -- GNU 0.21's reading (format-python-brace.c), extended to Python's names in any script ----


class _Field:
    """One ``{...}`` field: where it ends, its identity, or what is wrong with it (a plain
    class, compiled: a named tuple's ``__new__`` is Python code, run for every field)."""

    def __init__(self, end: int, key: str, auto: bool, numbered: bool, error: str | None) -> None:
        self.end = end
        self.key = key  # the text between the braces: GNU 0.21 compares fields by all of it
        self.auto = auto  # ``{}``, ``{:d}``: numbered by position
        self.numbered = numbered  # ``{0}``
        self.error = error


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


def _parse(text: str, guessed: bool) -> FormatString:
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
        mixed = f.error is None and ((f.auto and numbered) or (f.numbered and autos))
        if f.error is not None or mixed:
            if guessed:
                start = text.find("{", start + 1)  # not a field: text, read on after the {
                continue
            spellings.append(spelling)
            # The hint reads the whole text: once, here, not for each field passed over.
            error = (
                f"{spelling}: automatic {{}} and numbered {{0}} cannot be in one string"
                if mixed
                else f"{spelling!r}: {f.error}; {_hint(text)}"
            )
            return FormatString(named, (), tuple(spellings), error)
        key = f.key
        if f.auto:
            key, autos = f"#{autos}{key}", autos + 1  # "#" never starts a name: no clash
        numbered += f.numbered
        named.setdefault(key, Placeholder(key, "any", spelling))
        spellings.append(spelling)
        start = text.find("{", f.end)
    return FormatString(named, (), tuple(spellings))
