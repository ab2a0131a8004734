"""Plural-Forms rules judged by what they compute: CLDR's categories, and the rules of tradition.

A rule is a partition of the numbers into forms. It serves a language when no form
mixes numbers that CLDR puts in different categories (a rule may split a category:
translators then write the same text twice), or when it computes what one of the
long-standing gettext rules for the language computes: every rule the GNU gettext
manual has listed in its "Plural forms" node since 0.10.40 (Turkish and Hungarian
once had one form there, Czech and Slovak once the Russian rule), and the two the
translation teams' Localization Guide has carried for as long (Welsh with four forms,
Turkish ``n > 1``). Rules are compared on n = 0..200 and on larger numbers, where
CLDR gives French, Spanish, Italian and Portuguese a form for millions.

What CLDR and Babel say of each locale is read from a table made from Babel's data
(``cldr_plurals``, written again by ``write_table``: Babel's locale names, and the codes
Babel resolves to one, such as ``zh_TW``) while the Babel installed is the one it was
made from; from Babel itself otherwise, and for codes the table does not hold (a
made-up region), which Babel resolves. Babel's import and locale files took 10-30 ms in
each process that judged a rule.

(Parsing lives in ``app.plurals``, shared with the site and the merge.)
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple, cast

# Re-exported: the checks and the runner import the parser from here.
from ..plurals import PluralFormsError, PluralRule, parse_plural_forms

if TYPE_CHECKING:
    from collections.abc import Callable

    from babel import Locale
    from babel.plural import PluralRule as CldrRule

__all__ = [
    "PluralFormsError",
    "PluralRule",
    "cldr_disagreement",
    "language_of",
    "parse_plural_forms",
]

# Every ending of two digits, and larger numbers for rules of thousands and millions.
_LARGE = (10**3, 10**4, 10**5, 10**6, 10**7, 10**9)
SAMPLES = (*range(201), *(base + k for base in _LARGE for k in (0, 1, 2, 5, 11, 21)), 2 * 10**6)

_ONE = "nplurals=1; plural=0;"
_GERMANIC = "nplurals=2; plural=(n != 1);"
_ROMANIC = "nplurals=2; plural=(n > 1);"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
# The gettext manual's rules (every version since 0.10.40), then the Localization Guide's.
TRADITIONAL: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ja", "ko", "vi", "th"), (_ONE,)),
    **dict.fromkeys(
        "en de nl sv da no nb nn fo es pt it bg el fi et he id eo ca".split(), (_GERMANIC,)
    ),
    "hu": (_GERMANIC, _ONE),
    "tr": (_GERMANIC, _ONE, _ROMANIC),
    "fr": (_ROMANIC,),
    "pt_BR": (_ROMANIC,),
    "lv": ("nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2;",),
    "ga": ("nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",),
    "ro": ("nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",),
    "lt": (
        "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2;",
    ),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), (_SLAVIC,)),
    **dict.fromkeys(("cs", "sk"), (_CZECH, _SLAVIC)),
    "pl": ("nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",),
    "sl": ("nplurals=4; plural=n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3;",),
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
    ),
    "cy": ("nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",),
}


def language_of(code: str) -> Locale | None:
    """The CLDR locale of a gettext code (``pt_BR``, ``sr@latin``, ``de.UTF-8``), or None."""
    from babel import Locale, UnknownLocaleError

    base = _base(code)
    try:
        return Locale.parse(base)
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(base.split("_", 1)[0])
        except (UnknownLocaleError, ValueError, TypeError):
            return None


def _base(code: str) -> str:
    """A gettext code as a locale name: ``sr@latin`` is ``sr``, ``de.UTF-8`` ``de``."""
    return code.split("@", 1)[0].split(".", 1)[0].replace("-", "_")


class _Row(NamedTuple):
    """What CLDR and Babel say of one locale's plurals."""

    categories: tuple[str, ...]  # CLDR's category of each of SAMPLES
    nplurals: int  # Babel's rule (`guide-i18n init` writes it): CLDR's, in C
    expression: str
    name: str | None  # in English: "Portuguese (Portugal)"


@lru_cache(maxsize=512)
def _row(code: str) -> _Row | None:
    """CLDR's and Babel's facts for gettext ``code``; None when CLDR does not know the
    language. From the table when it has the code and was made from the Babel installed."""
    table = _table()
    if table is not None:
        base = _base(code)
        found = table.LOCALES.get(table.ALIASES.get(base, base))
        if found is not None:
            categories, rule, name = found
            nplurals, expression = table.RULES[rule]
            letters = table.CATEGORIES[categories]
            return _Row(tuple(_CATEGORY[letter] for letter in letters), nplurals, expression, name)
    locale = language_of(code)
    return None if locale is None else _babel_row(locale)


def _babel_row(locale: Locale) -> _Row:
    """What Babel's data says of ``locale``: the table's source."""
    expected = _babel_get_plural()(locale)
    return _Row(
        _categories(locale), expected.num_plurals, expected.plural_expr, english_name(locale)
    )


# The table's letter for each CLDR category.
_LETTER = {"zero": "z", "one": "o", "two": "t", "few": "f", "many": "m", "other": "x"}
_CATEGORY = {letter: category for category, letter in _LETTER.items()}


@cache
def _table() -> ModuleType | None:
    """The table (``cldr_plurals``) if the Babel installed is the one it was made from."""
    from . import cldr_plurals

    return cldr_plurals if cldr_plurals.BABEL == installed_babel() else None


@cache  # asked by both tables (plural rules, names): the file is read once
def installed_babel() -> tuple[str, int] | None:
    """The version of the Babel installed and the size of its global data (a Babel built
    with other CLDR data differs there), read without importing it (5 ms)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("babel")
    if spec is None or spec.origin is None:
        return None
    try:
        with open(spec.origin, encoding="utf-8") as file:
            version = re.search(r"^__version__ = ['\"]([^'\"]+)['\"]", file.read(), re.MULTILINE)
        size = os.stat(os.path.join(os.path.dirname(spec.origin), "global.dat")).st_size
    except (OSError, UnicodeDecodeError):
        return None
    return None if version is None else (version.group(1), size)


def table_source() -> str:
    """The text of ``cldr_plurals``: every locale Babel knows, as Babel's data gives it."""
    import json

    from babel import localedata

    categories: dict[str, int] = {}
    rules: dict[tuple[int, str], int] = {}
    rows = []
    for name in sorted(localedata.locale_identifiers()):
        locale = language_of(name)
        assert locale is not None, name  # Babel's own names
        row = _babel_row(locale)
        letters = "".join(_LETTER[category] for category in row.categories)
        index = categories.setdefault(letters, len(categories))
        rule = rules.setdefault((row.nplurals, row.expression), len(rules))
        shown = "None" if row.name is None else json.dumps(row.name, ensure_ascii=False)
        rows.append(f"    {json.dumps(name)}: ({index}, {rule}, {shown}),\n")
    babel = installed_babel()
    assert babel is not None
    return _TABLE.format(
        version=babel[0],
        babel=babel,
        categories="".join(f'    "{letters}",\n' for letters in categories),
        rules="".join(f"    ({n}, {json.dumps(e)}),\n" for n, e in rules),
        locales="".join(rows),
        aliases="".join(f'    "{code}": "{name}",\n' for code, name in _aliases().items()),
    )


def _aliases() -> dict[str, str]:
    """Codes of a language and a region that name no locale of Babel's but that Babel
    resolves to one (``zh_TW``: ``zh_Hant_TW``), each with that locale's name: a region
    of a locale with a script, or one of CLDR's likely subtags."""
    from babel import Locale, UnknownLocaleError, localedata
    from babel.core import get_global

    names = set(localedata.locale_identifiers())
    codes = {
        f"{n.split('_')[0]}_{n.split('_')[2]}"
        for n in names
        if re.fullmatch(r"[a-z]+_[A-Z][a-z]{3}_[A-Z0-9]+", n)
    }
    codes |= {
        code
        for code in get_global("likely_subtags")
        if re.fullmatch(r"[a-z]{2,3}_(?:[A-Z]{2}|[0-9]{3})", code)
    }
    aliases = {}
    for code in sorted(codes - names):
        try:
            aliases[code] = str(Locale.parse(code))
        except (UnknownLocaleError, ValueError):
            continue
    return aliases


_TABLE = """\
\"\"\"CLDR's plural categories and Babel's plural rules, for every locale Babel knows.

Made from Babel {version}'s data by ``app.checks.pluralforms.write_table()``, not by
hand. Read by ``app.checks.pluralforms`` while that Babel is installed (``BABEL``).
\"\"\"

BABEL = {babel!r}  # its version, and the size of its global data

# CLDR's category of each of pluralforms.SAMPLES, a letter each: z zero, o one,
# t two, f few, m many, x other.
CATEGORIES = (
{categories})
# Babel's rule for the locale, as nplurals and the plural expression.
RULES = (
{rules})
# Each locale: its categories and its rule (indexes of the above), its English name.
LOCALES = {{
{locales}}}
# Codes that name no locale but that Babel resolves to one.
ALIASES = {{
{aliases}}}
"""


@lru_cache(maxsize=512)
def cldr_disagreement(code: str, value: str) -> str | None:
    """Why the rule ``value`` gives speakers of ``code`` a wrong form for some n, or None.

    None when no form mixes two CLDR categories, when the rule computes what a
    traditional gettext rule for the language computes, and when CLDR has no plural
    data for the language.
    """
    # Decided without CLDR's data when possible.
    rule = parse_plural_forms(value)
    partition = _partition(value)
    if any(partition == _partition(t) for t in _traditional(code)):
        return None
    row = _row(code)
    if row is None:
        return None
    # Without CLDR plural data every n is "other": nothing mixes, nothing to compare.
    seen: dict[int, tuple[int, str]] = {}  # form -> (first n, its CLDR category)
    for n, category in zip(SAMPLES, row.categories, strict=True):
        form = rule.form(n)
        first, first_category = seen.setdefault(form, (n, category))
        if first_category != category:
            break
    else:
        return None
    nplurals, expression = row.nplurals, row.expression
    if partition == _partition(f"nplurals={nplurals}; plural={expression};"):
        return None  # what `guide-i18n init` (Babel) writes
    again = (
        " (another nplurals means translating every plural message again)"
        if nplurals != rule.nplurals
        else ""
    )
    return (
        f"Plural-Forms gives n={first} and n={n} the same form ({form}), but CLDR's "
        f"rule for {row.name or code} puts {first} in '{first_category}' and {n} in "
        f"'{category}': readers see the wrong grammatical form for one of them. "
        f"CLDR's rule is 'nplurals={nplurals}; plural={expression};'{again}"
    )


@cache
def _babel_get_plural() -> Callable[[Locale], Any]:
    """Babel's ``get_plural``, from its module's file alone.

    Importing ``babel.messages.plurals`` runs its package first, which imports Babel's
    catalog, dates and time zones: 8 ms in each worker that judged a rule, against 0.2 for
    the module itself. Where the file is not where Babel keeps it, imported the usual way.
    """
    import importlib.util
    import os

    import babel

    path = os.path.join(os.path.dirname(babel.__file__), "messages", "plurals.py")
    spec = importlib.util.spec_from_file_location("app.checks._babel_plurals", path)
    if spec is not None and spec.loader is not None and os.path.isfile(path):
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            return cast("Callable[[Locale], Any]", module.get_plural)
        except (ImportError, AttributeError, OSError, SyntaxError):
            pass
    from babel.messages.plurals import get_plural

    return get_plural


def _traditional(code: str) -> tuple[str, ...]:
    """The traditional rules for a gettext code (``pt_BR``, ``sr@latin``, ``de.UTF-8``)."""
    parts = code.split("@", 1)[0].split(".", 1)[0].replace("-", "_").split("_")
    language = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    full = f"{language}_{territory}" if territory else language
    return TRADITIONAL.get(full) or TRADITIONAL.get(language, ())


@lru_cache(maxsize=256)
def _categories(locale: Locale) -> tuple[str, ...]:
    """CLDR's category of each sample (Babel evaluates them one by one: cached per locale)."""
    plural_form = cldr_plural_form(locale)
    return tuple(plural_form(n) for n in SAMPLES)


def cldr_plural_form(locale: Locale) -> CldrRule:
    """``locale.plural_form``, read from the CLDR data of the locale alone, or of the
    nearest parent that has the rule (Babel's parents: ``uk_UA``, then ``uk``).

    Babel's property loads all of the locale's data merged with its parents' and
    root's, 15 ms in each worker, for a rule that is in the language's own file. A
    language CLDR has no rule for takes root's, as in Babel's chain (a name of one part
    has root for parent). Where a name has a script, whose parent may be root, Babel
    decides. Babel's table of parents is read only when the locale's own file has no
    rule: it is in Babel's global data, 6 ms to load.
    """
    name: str | None = str(locale)
    while name and name != "root":
        rule = _own_plural_form(name)
        if rule is not None:
            return rule
        parent = _parent_exceptions().get(name)
        name = parent or (
            name.rsplit("_", 1)[0] if _truncated(name) else "root" if "_" not in name else None
        )
    if name == "root":  # CLDR has no rule for the language: root's (every n "other")
        return _own_plural_form("root") or locale.plural_form
    return locale.plural_form


def _parent_exceptions() -> dict[str, str]:
    """Babel's parents that are not the name less its last part (``es_MX``: ``es_419``)."""
    from babel.core import get_global

    return cast("dict[str, str]", get_global("parent_exceptions"))


def _truncated(name: str) -> bool:
    """Whether Babel's parent of ``name`` is ``name`` less its last part: it has parts,
    none of them a script (four letters; a four-character variant begins with a digit)."""
    parts = name.split("_")
    return len(parts) > 1 and not any(len(p) == 4 and p.isalpha() for p in parts[1:])


def english_name(locale: Locale) -> str | None:
    """``locale.english_name`` ("Portuguese (Portugal)"), from CLDR's English names
    alone: Babel's property loads all of English merged with root (10 ms)."""
    names = _english_names()
    language = names.get("languages", {}).get(locale.language)
    if not language or not (locale.territory or locale.script or locale.variant):
        return language
    subtags = (
        ("scripts", locale.script),
        ("territories", locale.territory),
        ("variants", locale.variant),
    )
    details = [names.get(kind, {}).get(value) for kind, value in subtags if value]
    shown = ", ".join(detail for detail in (*details, locale.modifier) if detail)
    return f"{language} ({shown})" if shown else str(language)


@cache  # a rule per language: a few hundred at most, each small
def _own_plural_form(name: str) -> CldrRule | None:
    return _own_data(name).get("plural_form")


@cache
def _english_names() -> dict[str, dict[str, str]]:
    data = _own_data("en")
    kinds = ("languages", "scripts", "territories", "variants")
    return {kind: data.get(kind, {}) for kind in kinds}


def _own_data(name: str) -> dict[str, Any]:
    """The CLDR data of locale ``name`` without what it inherits, as Babel stores it.

    Read from Babel's file, not with ``babel.localedata.load(name, merge_inherited=False)``:
    that caches the partial data where Babel's later merged loads of ``name`` find it.
    """
    import pickle

    from babel import localedata

    class Reader(pickle.Unpickler):
        """Babel's pickle, with its date and number patterns left unread: making them
        would import ``babel.dates`` and ``babel.numbers`` (and time zones), 4.5 ms."""

        def find_class(self, module: str, name: str) -> Any:
            if module in _UNREAD_MODULES:
                return _Unread
            return super().find_class(module, name)

    try:
        with open(localedata.resolve_locale_filename(name), "rb") as file:
            data = Reader(file).load()
    except (OSError, ValueError, pickle.UnpicklingError):
        return {}
    return data if isinstance(data, dict) else {}


# The modules of the classes in Babel's locale data that the plural rules and the
# English names never need.
_UNREAD_MODULES = frozenset(("babel.dates", "babel.numbers"))


class _Unread:
    """Stands for an object of Babel's locale data that is never read."""

    def __setstate__(self, state: object) -> None:
        pass


@lru_cache(maxsize=512)
def _partition(value: str) -> tuple[int, ...]:
    """The forms of the samples, renumbered by first use: equal when two rules agree."""
    rule = parse_plural_forms(value)
    numbering: dict[int, int] = {}
    return tuple(numbering.setdefault(rule.form(n), len(numbering)) for n in SAMPLES)


def write_table() -> None:
    """Write ``cldr_plurals`` again from the Babel installed (tests/test_checks.py says when)."""
    from pathlib import Path

    Path(__file__).with_name("cldr_plurals.py").write_text(table_source(), encoding="utf-8")
