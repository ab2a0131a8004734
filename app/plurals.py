"""Plural-Forms rules: parse ``nplurals=N; plural=EXPR;`` safely, and which form each n takes.

Below the site, the checker and the merge, which all need the same rule: the site to
pick a form, the checker and the merge to know, as ``msgfmt -c`` does, which forms
serve many numbers and so must print the number.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from .lazy_regex import lazy_compile

_NPLURALS_RE = lazy_compile(r"nplurals=\s*([^;\s]*)")
SAMPLE = range(1001)  # the n that gettext's own `msgfmt -c` evaluates
_LARGE = (1001, 10_000, 100_000, 1_000_000, 10_000_000, 1_000_000_000, 2**31 - 1)
_OFTEN = 5  # msgfmt: a form used for at least 5 of those n needs the number printed


class PluralRule(NamedTuple):
    """A parsed ``Plural-Forms`` value, with the form each n in 0..1000 takes."""

    nplurals: int
    expression: str
    forms: tuple[int, ...]
    often: tuple[bool, ...]  # per form: used for many n, so it must show the number (msgfmt)

    def form(self, n: int) -> int:
        """The form for ``n``, any non-negative integer; -1, which no form has, where the
        rule divides by zero (past the numbers ``parse_plural_forms`` tried)."""
        if n < len(self.forms):
            return self.forms[n]
        try:
            return int(_function(self.expression)(n))
        except ArithmeticError:
            return -1


# By the Germanic rule (n != 1), which msgfmt -c assumes when the header has no Plural-Forms,
# form 0 serves only n=1 and form 1 every other n.
GERMANIC_OFTEN = (False, True)


@lru_cache(maxsize=512)
def _function(expression: str) -> Callable[[int], int]:
    return gettext.c2py(expression)


class PluralFormsError(ValueError):
    """The header's Plural-Forms cannot be used; the message says why.

    ``python_only``: GNU's parser reads the rule and only Python's refuses it (its
    ``c2py`` stops at 20 nested parentheses). ``beyond_msgfmt``: the rule fails only for
    numbers past the 0..1000 that msgfmt -c tries, where any program using it fails.
    """

    def __init__(
        self, message: str, python_only: bool = False, beyond_msgfmt: bool = False
    ) -> None:
        super().__init__(message)
        self.python_only = python_only
        self.beyond_msgfmt = beyond_msgfmt


@lru_cache(maxsize=512)
def parse_plural_forms(value: str) -> PluralRule:
    """Parse ``nplurals=N; plural=EXPR;``; raise ``PluralFormsError`` with the reason."""
    count_match = _NPLURALS_RE.search(value)
    plural_at = value.find("plural=")
    if count_match is None or plural_at < 0:
        raise PluralFormsError(f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'")
    count = count_match.group(1)
    # As GNU's parser: the expression ends at the first ";" or line end (text after it,
    # such as a stray "\\n" a translator typed, is ignored by msgfmt and Python alike).
    expression = re.split(r"[;\n]", value[plural_at + len("plural=") :], maxsplit=1)[0].strip()
    if count == "INTEGER" or expression.startswith("EXPRESSION"):
        raise PluralFormsError(
            "Plural-Forms still has the template's placeholder 'nplurals=INTEGER; "
            "plural=EXPRESSION;': copy the rule for this language"
        )
    # ASCII digits only, as GNU's parser: "٢" and "²" are digits to str.isdigit, and
    # thousands of digits are more than int() converts.
    if not (count.isascii() and count.isdigit() and len(count) <= 3 and 1 <= int(count) <= 100):
        raise PluralFormsError(f"nplurals={count} is not a number of forms from 1 to 100")
    try:
        func = _function(expression)  # a safe parser of C expressions, not eval of raw text
        forms = tuple(map(func, SAMPLE))  # c2py's function returns an int
    except (ValueError, RecursionError, ZeroDivisionError, TypeError) as e:
        if "too complex" in str(e):
            raise PluralFormsError(
                f"plural={expression!r} is too deeply nested for Python's gettext ({e})",
                python_only=True,
            ) from e
        raise PluralFormsError(f"plural={expression!r} is not a valid C expression ({e})") from e
    for n in _LARGE:  # beyond what msgfmt tries: "n>1000 ? n/0 : n!=1" crashes a program
        try:
            func(n)
        except ZeroDivisionError:
            raise PluralFormsError(
                f"plural={expression!r} divides by zero for n={n}: a program that shows "
                "that many crashes",
                beyond_msgfmt=True,
            ) from None
    nplurals = int(count)
    if min(forms) < 0 or max(forms) >= nplurals:  # in C: the common case, decided at once
        n, form = next((n, form) for n, form in enumerate(forms) if not 0 <= form < nplurals)
        raise PluralFormsError(
            f"plural={expression!r} gives form {form} for n={n}, but nplurals={nplurals}"
        )
    often = tuple(forms.count(index) >= _OFTEN for index in range(nplurals))
    return PluralRule(nplurals, expression, forms, often)
