"""Completeness: untranslated, fuzzy and obsolete entries; stale catalogs and templates."""

from __future__ import annotations

from collections.abc import Iterator

from ..po import Entry, PoSyntaxError
from .context import CatalogContext, ProjectContext
from .model import Problem, Severity, catalog_check, entry_check, project_check

_SHOWN = 60  # characters of an English string quoted in a message


def quote(text: str) -> str:
    """A short, one-line rendering of a msgid for messages."""
    text = text.replace("\n", "\\n")
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


@entry_check(Severity.WARNING, "The message is not translated", applies="untranslated")
def untranslated(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    if entry.plural and any(entry.msgstr_plural):
        yield Problem(
            "not translated: msgstr[0] is empty, so msgfmt leaves the whole entry out and "
            "every number shows the English; fill msgstr[0]",
            entry.string_line(0),
        )
    else:
        yield Problem("not translated yet")


@entry_check(
    Severity.WARNING,
    "The translation is marked fuzzy: it is not used until a translator confirms it",
    applies="fuzzy",
)
def fuzzy(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        yield Problem(
            f"marked fuzzy: the English changed (was {quote(entry.previous_msgid)}); "
            "update the translation, then remove the fuzzy flag"
        )
    else:
        yield Problem("marked fuzzy: check the translation, then remove the fuzzy flag")


@catalog_check(Severity.WARNING, "An obsolete entry (#~) is kept for reuse but no longer shown")
def obsolete(ctx: CatalogContext) -> Iterator[Problem]:
    for entry in ctx.po.obsolete:
        yield Problem("obsolete entry (#~): no longer in the template", entry.line, entry)


@catalog_check(Severity.ERROR, "The catalog is not merged with the current template")
def stale_catalog(ctx: CatalogContext) -> Iterator[Problem]:
    if ctx.template is None:
        return
    keys = {entry.key for entry in ctx.po.entries}
    missing = [key for key in ctx.template if key not in keys]
    if missing:
        first = ", ".join(quote(msgid) for _, msgid in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        yield Problem(
            f"{len(missing)} message(s) of the template missing: {first}{more}; "
            "run `guide-i18n update`",
            ctx.header_line,
        )
    for entry in ctx.po.entries:
        if entry.key not in ctx.template:
            yield Problem(
                "not in the template (removed from the English?): run `guide-i18n update`",
                entry.line,
                entry,
            )


@project_check(Severity.ERROR, "The template is out of date with content/ and the code")
def stale_template(ctx: ProjectContext) -> Iterator[Problem]:
    project = ctx.project
    shown = project.relative(project.template)
    if not project.template.is_file():
        yield Problem(f"{shown} is missing: run `guide-i18n extract`")
        return
    # Imported here: extraction brings Markdown and Babel's extractors, which only this
    # project-wide check needs (`guide-i18n check FILE` starts without them).
    from ..content import ContentError
    from ..extract import template_state

    try:
        state = template_state(project)  # as `guide-i18n extract --check`
    except (ContentError, PoSyntaxError) as e:
        yield Problem(f"cannot compare with a fresh extraction: {e}")
        return
    if not state.current:
        added, removed = state.added, state.removed
        what = f"{added} added, {removed} removed" if added or removed else "notes or references"
        yield Problem(f"{shown} is out of date ({what}): run `guide-i18n extract`")
