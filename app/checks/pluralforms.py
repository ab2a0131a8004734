"""Plural-Forms headers compared with CLDR's categories (parsing lives in ``app.plurals``)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import PLURALS, get_plural

# Re-exported: the checks and the runner import the parser from here.
from ..plurals import PluralFormsError, PluralRule, parse_plural_forms

__all__ = [
    "PluralFormsError",
    "PluralRule",
    "cldr_disagreement",
    "language_of",
    "parse_plural_forms",
]


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
