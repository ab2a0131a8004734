"""The header entry: Language, charset, Plural-Forms (against CLDR), and no fuzzy flag."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import CatalogContext
from .model import Problem, Severity, catalog_check
from .pluralforms import PluralFormsError, cldr_disagreement, parse_plural_forms

_LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[A-Za-z0-9]+)?(?:\.[\w-]+)?")
_CHARSET_RE = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)


def same_code(first: str, second: str) -> bool:
    """``pt_BR``, ``pt-BR`` and ``pt_br`` are the same locale."""
    return first.replace("-", "_").casefold() == second.replace("-", "_").casefold()


@catalog_check(Severity.ERROR)
def header(ctx: CatalogContext) -> Iterator[Problem]:
    """The header is missing, fuzzy, or has a wrong Language, charset or Plural-Forms."""
    po, line = ctx.po, ctx.header_line
    if po.header is None:
        yield Problem('no header entry (msgid ""): copy it from the template', line)
        return
    if po.header.fuzzy:
        yield Problem(
            "the header is marked fuzzy: Babel and msgfmt then ignore the whole catalog; "
            "remove '#, fuzzy' above it",
            line,
        )
    fields = po.headers
    language = fields.get("Language", "")
    if not language:
        yield Problem("the header has no Language field (e.g. 'Language: fr')", line)
    elif not _LANGUAGE_RE.fullmatch(language):
        yield Problem(f"Language {language!r} is not a language code such as fr or pt_BR", line)
    elif ctx.expected_language and not same_code(language, ctx.expected_language):
        yield Problem(
            f"Language is {language!r} but this is the catalog of {ctx.expected_language!r}",
            line,
        )
    charset = _CHARSET_RE.search(fields.get("Content-Type", ""))
    if charset is None:
        yield Problem(
            "the header declares no charset: add 'Content-Type: text/plain; charset=UTF-8'", line
        )
    elif charset.group(1).lower() not in ("utf-8", "utf8"):
        yield Problem(
            f"charset is {charset.group(1)}, not UTF-8: convert the file "
            "(msgconv -t UTF-8) and change the header",
            line,
        )
    forms = fields.get("Plural-Forms")
    if forms is None:
        if any(entry.plural and any(entry.msgstr_plural) for entry in po.entries):
            yield Problem(
                "translated plural messages but no Plural-Forms in the header (e.g. "
                "'Plural-Forms: nplurals=2; plural=(n != 1);')",
                line,
            )
        return
    try:
        parse_plural_forms(forms)
    except PluralFormsError as e:
        yield Problem(str(e), line)
        return
    if ctx.language:
        disagreement = cldr_disagreement(ctx.language, forms)
        if disagreement:
            yield Problem(disagreement, line)
