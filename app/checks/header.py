"""The header entry, in three checks by what a problem does.

``header`` (error): what makes ``msgfmt -c`` refuse the file or the program fail to use
it: no header entry, a Plural-Forms gettext cannot evaluate, plural translations with
no Plural-Forms, non-ASCII text with no usable charset in a catalog of Python code
(Python's gettext cannot load it), and a fuzzy header in this project's own catalogs
(the site then uses none of their translations).

``header-fields`` (warning): what only tools and people notice: a fuzzy header
elsewhere (msgfmt compiles it; ``pybabel compile`` skips the catalog), a missing or
wrong Language, a legacy or missing charset that nothing trips over.

``plural-rule`` (warning): a Plural-Forms rule that gives numbers of two CLDR categories
one form, unless the gettext tradition gives that very rule for the language.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator

from ..lazy_regex import lazy_compile
from ..po import Entry, text_codec
from .context import CatalogContext
from .language import code_from_path
from .model import Problem, Severity, catalog_check
from .pluralforms import PluralFormsError, cldr_disagreement, parse_plural_forms

_LANGUAGE_RE = lazy_compile(
    r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[A-Za-z0-9]+)?(?:\.[\w-]+)?"
)
_CHARSET_RE = lazy_compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)
_UTF8 = frozenset(("utf-8", "utf8"))
_ADD_CHARSET = "add 'Content-Type: text/plain; charset=UTF-8' to the header"


def same_code(first: str, second: str) -> bool:
    """``pt_BR``, ``pt-BR`` and ``pt_br`` are the same locale."""
    return first.replace("-", "_").casefold() == second.replace("-", "_").casefold()


@catalog_check(
    Severity.ERROR, "The header makes msgfmt -c refuse the file, or the program unable to use it"
)
def header(ctx: CatalogContext) -> Iterator[Problem]:
    po, line = ctx.po, ctx.header_line
    if po.bom:
        yield Problem(
            "the file starts with a UTF-8 byte order mark: msgfmt (GNU 0.21) refuses it "
            "with a syntax error on line 1, and Babel misreads the first line; save the "
            "file as UTF-8 without a BOM",
            1,
        )
    if po.header is None:
        yield Problem(
            'no header entry (msgid ""): msgfmt -c refuses the file; copy the header '
            "from the template",
            line,
        )
        return
    if po.header.fuzzy and ctx.expected_language:
        yield Problem(
            "the header is marked fuzzy: the site then uses none of this catalog's "
            "translations (and pybabel compile skips it); remove '#, fuzzy' above it",
            line,
        )
    charset = _charset(ctx)
    if ctx.guess_python and charset is not _KNOWN and not _ascii(ctx):
        what = "declares no charset" if charset is None else f"declares charset {charset!r}"
        yield Problem(
            f"the header {what} but translations are not ASCII: Python's gettext cannot "
            f"load the compiled catalog ({_FAILURE[charset is None]}); {_ADD_CHARSET}",
            line,
        )
    fields = po.headers
    forms = fields.get("Plural-Forms")
    if forms is None:
        if any(_translated_plural(entry) for entry in po.entries):
            yield Problem(
                "translated plural messages but no Plural-Forms in the header: msgfmt -c "
                "refuses the file; add the rule of the language (e.g. 'Plural-Forms: "
                "nplurals=2; plural=(n != 1);')",
                line,
            )
        return
    try:
        parse_plural_forms(forms)
        return
    except PluralFormsError as e:
        problem, python_only, beyond_msgfmt = str(e), e.python_only, e.beyond_msgfmt
    if beyond_msgfmt:
        yield Problem(f"{problem} (msgfmt -c tries n up to 1000 only)", line)
    elif python_only:  # only Python breaks: not a catalog of C code
        if not ctx.guess_python:
            return
        yield Problem(
            f"{problem}: msgfmt -c accepts the file, but Python's gettext cannot load the "
            "compiled catalog (ValueError); write the rule with fewer parentheses",
            line,
        )
    elif "nplurals=" in forms and "plural=" in forms:
        yield Problem(f"{problem}: msgfmt -c refuses the file", line)
    elif any(_translated_plural(entry) for entry in po.entries):
        yield Problem(f"{problem}: msgfmt -c refuses a file with translated plurals", line)
    elif ctx.guess_python and not _python_loads(forms):
        yield Problem(f"{problem}: Python's gettext cannot load the compiled catalog", line)


@catalog_check(
    Severity.WARNING, "The header is fuzzy, or its Language or charset is missing, wrong or legacy"
)
def header_fields(ctx: CatalogContext) -> Iterator[Problem]:
    po, line = ctx.po, ctx.header_line
    if po.header is None:
        return  # the header check's finding
    if po.header.fuzzy and not ctx.expected_language:
        yield Problem(
            "the header is marked fuzzy: msgfmt compiles the catalog anyway, but pybabel "
            "compile skips all of it (unless --use-fuzzy); remove '#, fuzzy' above it",
            line,
        )
    fields = po.headers
    language = fields.get("Language", "")
    if not language:
        example = ctx.locale if ctx.locale and ctx.locale != "?" else code_from_path(ctx.shown)
        yield Problem(
            "the header has no Language field (msgfmt -c warns; editors and merge tools "
            f"cannot tell the language): add it, e.g. 'Language: {example or 'fr'}'",
            line,
        )
    elif not _LANGUAGE_RE.fullmatch(language):
        yield Problem(f"Language {language!r} is not a language code such as fr or pt_BR", line)
    elif ctx.expected_language and not same_code(language, ctx.expected_language):
        yield Problem(
            f"Language is {language!r} but this is the catalog of {ctx.expected_language!r}",
            line,
        )
    forms = fields.get("Plural-Forms")
    problem = None if forms is None else _plural_forms_problem(forms)
    if (
        forms is not None
        and problem is not None
        and not ("nplurals=" in forms and "plural=" in forms)
        and not any(_translated_plural(entry) for entry in po.entries)
        and (_python_loads(forms) or not ctx.guess_python)
    ):
        python = "loads it" if _python_loads(forms) else "could not load the catalog"
        yield Problem(
            f"{problem}: msgfmt accepts it while no plural message is translated and GNU "
            f"gettext then uses n != 1 (Python's gettext {python}); copy the rule of the "
            "language",
            line,
        )
    charset = _charset(ctx)
    if charset is _KNOWN and ctx.po.encoding != "utf-8":
        declared = _CHARSET_RE.search(fields.get("Content-Type", ""))
        name = declared.group(1) if declared else ctx.po.encoding
        yield Problem(
            f"charset is {name}, not UTF-8: msgfmt and gettext convert it, so nothing "
            "breaks, but it cannot hold every character a translator may need; convert "
            "the file with msgconv -t UTF-8 and change the header",
            line,
        )
    elif charset is None and (_ascii(ctx) or not ctx.guess_python):
        effect = (
            "Python's gettext could not load it once a translation is not ASCII"
            if _ascii(ctx)
            else "GNU gettext cannot convert its text for users of another charset"
        )
        yield Problem(
            f"the header declares no charset (msgfmt warns): {effect}; {_ADD_CHARSET}", line
        )
    elif charset is not _KNOWN and (_ascii(ctx) or not ctx.guess_python):
        yield Problem(
            f"Python has no codec for charset {charset!r}: a Python program could not load "
            "this catalog once a translation is not ASCII (here its text was read byte by "
            "byte); GNU gettext converts it only if the system's iconv knows the name; "
            "convert the file with msgconv -t UTF-8 and change the header",
            line,
        )


@catalog_check(
    Severity.WARNING,
    "Plural-Forms gives one form to numbers that the language's grammar tells apart",
)
def plural_rule(ctx: CatalogContext) -> Iterator[Problem]:
    if ctx.plural is None or not ctx.language:
        return
    disagreement = cldr_disagreement(ctx.language, ctx.po.headers["Plural-Forms"])
    if disagreement:
        yield Problem(disagreement, ctx.header_line)


class _Known:
    """The header declares a charset that Python and GNU both know."""


_KNOWN = _Known()
_FAILURE = {True: "it decodes as ASCII", False: "LookupError: unknown encoding"}


def _charset(ctx: CatalogContext) -> _Known | str | None:
    """``_KNOWN``, the unknown charset as declared, or None when none is declared."""
    declared = _CHARSET_RE.search(ctx.po.headers.get("Content-Type", ""))
    if declared is None:
        return None
    name = declared.group(1)
    if name.lower() in _UTF8:
        return _KNOWN
    return _KNOWN if text_codec(name) is not None else name


def _ascii(ctx: CatalogContext) -> bool:
    """Whether every translation (and the header) is ASCII, so any charset decodes it."""
    po = ctx.po
    if po.encoding == "utf-8" and po.header is not None and not po.header.msgstr.isascii():
        return False
    return all(text.isascii() for entry in po.entries for text in entry.strings)


def _plural_forms_problem(value: str) -> str | None:
    try:
        parse_plural_forms(value)
    except PluralFormsError as e:
        return str(e)
    return None


def _python_loads(value: str) -> bool:
    """Whether Python's ``GNUTranslations`` reads this Plural-Forms (it splits it its own way)."""
    try:
        gettext.c2py(value.split(";")[1].split("plural=")[1])
    except (IndexError, ValueError, RecursionError):
        return False
    return True


def _translated_plural(entry: Entry) -> bool:
    """A plural entry msgfmt keeps: msgstr[0] filled, not fuzzy."""
    return entry.plural and not entry.fuzzy and bool(entry.msgstr_plural and entry.msgstr_plural[0])
