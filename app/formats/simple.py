"""qt-format, kde-format, sh-format and perl-brace-format, as GNU gettext 0.21 reads and compares
them (``format-qt.c``, ``format-kde.c``, ``format-sh.c``, ``format-perl-brace.c``).

Each names its arguments (``%1``, ``$HOME``, ``{name}``) and has no types, so a string
is the set of names it uses; the rules differ in what a translation may leave out.
"""

from __future__ import annotations

from ..lazy_regex import lazy_compile
from .model import EMPTY, FormatString, Placeholder, c_unsigned

_QT = lazy_compile(r"%(L?)([0-9])([0-9]?)")
_KDE = lazy_compile(r"%([1-9][0-9]*)")
_PERL_BRACE = lazy_compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SH_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SH_BRACED = lazy_compile(r"\{([^}]*)(\}?)")


def _named(spellings: list[tuple[str, str]], simple: bool = True) -> FormatString:
    named: dict[str, Placeholder] = {}
    for key, spelling in spellings:
        named.setdefault(key, Placeholder(key, "any", spelling))
    return FormatString(named, (), tuple(s for _, s in spellings), None, simple)


def parse_qt(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """``%1``..``%99`` and ``%L1`` (never invalid: a lone % is text)."""
    if "%" not in text:
        return EMPTY
    found, simple = [], True
    for match in _QT.finditer(text):
        locale, first, second = match.groups()
        simple = simple and not locale and not second
        found.append((str(int(first + second)), match.group(0)))
    return _named(found, simple)


def compare_qt(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-qt.c: the very same numbers in every form (QString::arg warns on a missing one)."""
    if english.simple and not translation.simple:
        return [
            "a %L or two-digit %nn directive in a string whose English has none: "
            "QString's multi-argument arg() then leaves it unreplaced"
        ]
    return _same_names(english, translation, strict=True)


def parse_kde(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """``%1``, ``%2``...: numbers 1..n, of which one may be skipped."""
    if "%" not in text:
        return EMPTY
    found = [(str(c_unsigned(m.group(1))), m.group(0)) for m in _KDE.finditer(text)]
    # As format-kde.c: 0, which only wrapping reaches, sorts last and skips nothing.
    numbers = sorted({int(key) for key, _ in found}, key=lambda n: (n - 1) % 2**32)
    for i, number in enumerate(numbers):
        if number > i + 1:  # i + 1 is skipped: nothing else may be
            for j in range(i, len(numbers)):
                if numbers[j] > j + 2:
                    return FormatString(
                        {},
                        (),
                        tuple(s for _, s in found),
                        f"uses %{numbers[j]} but not %{i + 1} nor %{j + 2}: "
                        "only one may be skipped",
                    )
            break
    return _named(found)


def compare_kde(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-kde.c: no added number; a form for few n may leave out one."""
    problems = _same_names(english, translation, strict)
    if problems or strict:
        return problems
    missing = [p.spelling for key, p in english.named.items() if key not in translation.named]
    if len(missing) > 1:
        return [f"{' and '.join(missing)} are missing: a plural form may leave out only one"]
    return []


def parse_sh(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """``$NAME`` and ``${NAME}``; shell syntax such as ``${a:-b}``, ``$1`` or ``$$`` is invalid."""
    if "$" not in text:
        return EMPTY
    found: list[tuple[str, str]] = []
    start = text.find("$")
    while start >= 0:
        i = start + 1
        if text.startswith("{", i):
            braced = _SH_BRACED.match(text, i)
            assert braced is not None
            name, closed = braced.groups()
            spelling = text[start : braced.end()]
            reason = _sh_braced_problem(name, bool(closed))
            if reason:
                return _sh_invalid(found, spelling, reason)
            end = braced.end()
        else:
            match = _SH_NAME.match(text, i)
            if match is None:
                spelling = text[start : i + 1]
                if i >= len(text):
                    return _sh_invalid(found, spelling, "is unfinished")
                return _sh_invalid(found, spelling, "is not a variable ($NAME or ${NAME})")
            name, end = match.group(0), match.end()
            spelling = text[start:end]
        found.append((name, spelling))
        start = text.find("$", end)
    return _named(found)


def _sh_braced_problem(name: str, closed: bool) -> str | None:
    if not closed:
        return "is unfinished"
    if not name:
        return "names no variable"
    if not name.isascii():
        return "is not an ASCII variable name"
    if any(c in "-=+?:" for c in name[1:]):
        return "is shell syntax, not a plain ${NAME}"
    if not _SH_NAME.fullmatch(name):
        return "is not a variable ($NAME or ${NAME})"
    return None


def _sh_invalid(found: list[tuple[str, str]], spelling: str, reason: str) -> FormatString:
    spellings = (*(s for _, s in found), spelling)
    return FormatString({}, (), spellings, f"{spelling!r} {reason}")


def compare_sh(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-sh.c: no added variable; a form for few n may leave variables out."""
    return _same_names(english, translation, strict)


def parse_perl_brace(text: str, translated: bool = False, guessed: bool = False) -> FormatString:
    """``{name}`` (never invalid: other braces are text)."""
    if "{" not in text:
        return EMPTY
    return _named([(m.group(1), m.group(0)) for m in _PERL_BRACE.finditer(text)])


def compare_perl_brace(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    """format-perl-brace.c: an added ``{name}`` is text at run time, so only missing ones count."""
    if not strict:
        return []
    return [f"{p.spelling} is missing" for key, p in english.named.items()
            if key not in translation.named]  # fmt: skip


def _same_names(english: FormatString, translation: FormatString, strict: bool) -> list[str]:
    if translation.invalid is not None:
        return [translation.invalid]
    problems = [
        f"{p.spelling} is not in the English"
        for key, p in translation.named.items()
        if key not in english.named
    ]
    if strict:
        problems += [
            f"{p.spelling} is missing" for key, p in english.named.items()
            if key not in translation.named
        ]  # fmt: skip
    return problems
