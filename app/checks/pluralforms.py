"""Plural-Forms headers: parse, evaluate safely, and compare with CLDR's categories."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import PLURALS, get_plural

_FORMS_RE = re.compile(r"\s*nplurals\s*=\s*([^;\s]*)\s*;\s*plural\s*=\s*(.*?)\s*;?\s*\Z", re.DOTALL)
SAMPLE = range(1001)  # the n that gettext's own `msgfmt -c` evaluates
_OFTEN = 5  # msgfmt: a form used for at least 5 of those n needs the number printed


@dataclass(frozen=True)
class PluralRule:
    """A parsed ``Plural-Forms`` value, with the form each n in 0..1000 takes."""

    nplurals: int
    expression: str
    forms: tuple[int, ...]
    often: tuple[bool, ...]  # per form: used for many n, so it must show the number (msgfmt)


class PluralFormsError(ValueError):
    """The header's Plural-Forms cannot be used; the message says why."""


@lru_cache(maxsize=512)
def parse_plural_forms(value: str) -> PluralRule:
    """Parse ``nplurals=N; plural=EXPR;``; raise ``PluralFormsError`` with the reason."""
    match = _FORMS_RE.match(value)
    if not match:
        raise PluralFormsError(f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'")
    count, expression = match.groups()
    if count == "INTEGER" or expression.startswith("EXPRESSION"):
        raise PluralFormsError(
            "Plural-Forms still has the template's placeholder 'nplurals=INTEGER; "
            "plural=EXPRESSION;': copy the rule for this language"
        )
    if not count.isdigit() or not 1 <= int(count) <= 20:
        raise PluralFormsError(f"nplurals={count} is not a number of forms from 1 to 20")
    try:
        func = gettext.c2py(expression)  # a safe parser of C expressions, not eval of raw text
        forms = tuple(int(func(n)) for n in SAMPLE)
    except (ValueError, RecursionError, ZeroDivisionError, TypeError) as e:
        raise PluralFormsError(f"plural={expression!r} is not a valid C expression ({e})") from e
    nplurals = int(count)
    for n, form in enumerate(forms):
        if not 0 <= form < nplurals:
            raise PluralFormsError(
                f"plural={expression!r} gives form {form} for n={n}, but nplurals={nplurals}"
            )
    often = tuple(forms.count(index) >= _OFTEN for index in range(nplurals))
    return PluralRule(nplurals, expression, forms, often)


def language_of(code: str) -> Locale | None:
    """The CLDR locale of a gettext code (``pt_BR``, ``sr@latin``, ``de.UTF-8``), or None."""
    base = code.split("@", 1)[0].split(".", 1)[0].replace("-", "_")
    try:
        return Locale.parse(base)
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(base.split("_", 1)[0])
        except (UnknownLocaleError, ValueError, TypeError):
            return None


@lru_cache(maxsize=512)
def cldr_disagreement(code: str, value: str) -> str | None:
    """Why ``value`` disagrees with CLDR's plural categories for ``code``, or None.

    A rule agrees when, for every integer n in 0..1000, it gives the same form to n
    that CLDR puts in the same category and different forms to different categories.
    So the gettext-traditional rules (three forms for ru, uk, pl, cs; ``n > 1`` for
    fr) pass as well as Babel's, while Arabic with two forms does not. (CLDR's
    ``many`` for millions in fr, es, it, pt never occurs below 1000, so the classic
    two-form rules of those languages pass too.)
    """
    locale = language_of(code)
    if locale is None:
        return None
    rule = parse_plural_forms(value)
    expected = get_plural(locale)
    babel_rule = parse_plural_forms(
        f"nplurals={expected.num_plurals}; plural={expected.plural_expr};"
    )
    if rule.forms == babel_rule.forms and rule.nplurals == babel_rule.nplurals:
        return None  # what `guide-i18n init` (Babel) writes
    if not locale.plural_form.rules and locale.language not in PLURALS:
        return None  # CLDR has no plural data for this language: nothing to compare
    category_form: dict[str, tuple[int, int]] = {}  # category -> (first n, its form)
    form_category: dict[int, str] = {}
    for n, form in enumerate(rule.forms):
        category = locale.plural_form(n)
        first, first_form = category_form.setdefault(category, (n, form))
        if first_form != form:
            problem = (
                f"n={first} and n={n} are both CLDR '{category}' "
                f"but take forms {first_form} and {form}"
            )
            break
        if form_category.setdefault(form, category) != category:
            other = form_category[form]
            problem = f"form {form} is used for CLDR '{other}' and '{category}' (n={n})"
            break
    else:
        return None
    return (
        f"Plural-Forms disagrees with CLDR for {code!r}: {problem}; "
        f"use 'nplurals={expected.num_plurals}; plural={expected.plural_expr};'"
    )
