"""Names CLDR writes in a language as in English: the ``unchanged`` check's exceptions.

A translation of "Yemen" that is "Yemen" is right in Romanian, where CLDR names YE so, and
left in English in German ("Jemen"). Country and language names fill the lists of many
programs (a BitTorrent client's countries, an IRC client's networks), and each was a
warning in every language that writes it as English does: 4,252 of the 14,968
``unchanged`` warnings of seven real trees.

Read from a table made from Babel's data (``cldr_names``, written again by
``write_table``: the English name of each territory and language, and per language the
codes CLDR names there as in English) while the Babel installed is the one it was made
from; from Babel itself otherwise. The names are the language's own (``pt`` for ``pt_BR``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from types import ModuleType

from .pluralforms import installed_babel


@lru_cache(maxsize=4096)
def written_as_in_english(language: str, text: str) -> bool:
    """Whether ``text`` is the English name of a territory or language that CLDR names
    the same in ``language`` (a base language code: ``ro``, ``pt``)."""
    table = _table()
    if table is not None:
        codes = f"{table.TERRITORIES.get(text, '')} {table.LANGUAGES.get(text, '')}".split()
        return not _same(language).isdisjoint(codes)
    return _babel_same(language, text)


@cache
def _same(language: str) -> frozenset[str]:
    table = _table()
    assert table is not None
    return frozenset(table.SAME.get(language, "").split())


def _babel_same(language: str, text: str) -> bool:
    """The same question asked of Babel's own data (the table's source)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
        english = Locale.parse("en")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    for kind in ("territories", "languages"):
        names: Mapping[str, str] = getattr(english, kind)
        for code, name in names.items():
            if name == text and getattr(locale, kind).get(code) == text:
                return True
    return False


@cache
def _table() -> ModuleType | None:
    """The table (``cldr_names``) if the Babel installed is the one it was made from."""
    from . import cldr_names

    return cldr_names if cldr_names.BABEL == installed_babel() else None


def table_source() -> str:
    """The text of ``cldr_names``, from the Babel installed."""
    import json

    from babel import Locale, UnknownLocaleError, localedata

    english = Locale.parse("en")
    same: dict[str, list[str]] = {}
    for language in sorted({name.split("_")[0] for name in localedata.locale_identifiers()}):
        try:
            locale = Locale.parse(language)
        except (UnknownLocaleError, ValueError):
            continue
        codes = [c for c, n in english.territories.items() if locale.territories.get(c) == n]
        codes += [c for c, n in english.languages.items() if locale.languages.get(c) == n]
        if codes:
            same[language] = codes

    def mapping(names: Mapping[str, str]) -> str:
        codes: dict[str, list[str]] = {}  # a name may be given to two codes
        for code, name in names.items():
            codes.setdefault(name, []).append(code)
        return "".join(
            f"    {json.dumps(name, ensure_ascii=False)}: {json.dumps(' '.join(sorted(c)))},\n"
            for name, c in sorted(codes.items())
        )

    babel = installed_babel()
    assert babel is not None
    return _TABLE.format(
        version=babel[0],
        babel=babel,
        territories=mapping(english.territories),
        languages=mapping(english.languages),
        same="".join(f'    "{lang}": "{" ".join(codes)}",\n' for lang, codes in same.items()),
    )


_TABLE = """\
\"\"\"The names of territories and languages that CLDR writes in a language as in English.

Made from Babel {version}'s data by ``app.checks.names.write_table()``, not by hand.
Read by ``app.checks.names`` while that Babel is installed (``BABEL``).
\"\"\"

BABEL = {babel!r}  # its version, and the size of its global data

# The English name of each territory and language, with its code (or codes).
TERRITORIES = {{
{territories}}}
LANGUAGES = {{
{languages}}}
# Per language, the codes whose names it writes as English does.
SAME = {{
{same}}}
"""


def write_table() -> None:
    """Write ``cldr_names`` again from the Babel installed (tests/test_checks.py says when)."""
    from pathlib import Path

    Path(__file__).with_name("cldr_names.py").write_text(table_source(), encoding="utf-8")
