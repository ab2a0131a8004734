"""Newlines and spaces at the edges of a translation, and doubled spaces."""

from __future__ import annotations

from collections.abc import Iterator

from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check


def _source(entry: Entry, index: int) -> str:
    return entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural


@entry_check(Severity.ERROR)
def newlines(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """A leading or trailing newline differs from the English (as msgfmt -c)."""
    msgid = entry.msgid
    for index, text in enumerate(entry.strings):
        if not text:
            continue
        where = f"msgstr[{index}]" if entry.plural else "the translation"
        if (msgid[:1] == "\n") != (text[:1] == "\n"):
            does = "does" if text[:1] == "\n" else "does not"
            yield Problem(f"{where} {does} start with a newline (\\n), unlike the English")
        if (msgid[-1:] == "\n") != (text[-1:] == "\n"):
            does = "does" if text[-1:] == "\n" else "does not"
            yield Problem(f"{where} {does} end with a newline (\\n), unlike the English")


def _edges(text: str) -> tuple[bool, bool]:
    core = text.strip("\n")
    return core[:1] in (" ", "\t") and core != "", core[-1:] in (" ", "\t")


@entry_check(Severity.WARNING)
def whitespace(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """Leading or trailing spaces differ from the English, or spaces are doubled."""
    for index, text in enumerate(entry.strings):
        if not text:
            continue
        source = _source(entry, index)
        where = f"msgstr[{index}]: " if entry.plural else ""
        lead, trail = _edges(text)
        source_lead, source_trail = _edges(source)
        if lead != source_lead:
            yield Problem(
                where + ("a leading space" if lead else "no leading space") + ", unlike the English"
            )
        if trail != source_trail:
            yield Problem(
                where
                + ("a trailing space" if trail else "no trailing space")
                + ", unlike the English"
            )
        if "  " in text.strip(" \t\n") and "  " not in source:
            yield Problem(where + "a doubled space")
