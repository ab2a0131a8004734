"""Newlines and spaces at the edges of a translation, and doubled spaces."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..lazy_regex import lazy_compile
from ..po import Entry
from .context import CatalogContext
from .model import NO_PROBLEMS, Problem, Severity, entry_check
from .quality import CREDITS


def _source(entry: Entry, index: int) -> str:
    return entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural


@entry_check(
    Severity.ERROR, "A leading or trailing newline differs from the English (as msgfmt -c)"
)
def newlines(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    msgid = entry.msgid
    if entry.msgid_plural is None:
        msgstr = entry.msgstr
        if (msgid[:1] == "\n") == (msgstr[:1] == "\n") and (msgid[-1:] == "\n") == (
            msgstr[-1:] == "\n"
        ):
            return NO_PROBLEMS  # the common case
    return _newline_problems(entry)


def _newline_problems(entry: Entry) -> Iterator[Problem]:
    msgid = entry.msgid
    plural = entry.msgid_plural
    if plural is not None:  # the English's own forms must agree first (msgfmt compares them)
        for edge, (mine, theirs) in (
            ("start", (msgid[:1], plural[:1])),
            ("end", (msgid[-1:], plural[-1:])),
        ):
            if (mine == "\n") != (theirs == "\n"):
                yield Problem(
                    f"msgid and msgid_plural do not both {edge} with a newline (\\n): msgfmt -c "
                    "refuses the file; the English is the program's, so report it to its authors",
                    entry.line,
                )
    english = "the English (msgid)" if entry.plural else "the English"
    for index, text in enumerate(entry.strings):
        if not text:
            continue
        where = f"msgstr[{index}]" if entry.plural else "the translation"
        if (msgid[:1] == "\n") != (text[:1] == "\n"):
            does = "does" if text[:1] == "\n" else "does not"
            yield Problem(
                f"{where} {does} start with a newline (\\n), unlike {english}: "
                "msgfmt -c refuses the file",
                entry.string_line(index),
            )
        if (msgid[-1:] == "\n") != (text[-1:] == "\n"):
            does = "does" if text[-1:] == "\n" else "does not"
            yield Problem(
                f"{where} {does} end with a newline (\\n), unlike {english}: "
                "msgfmt -c refuses the file",
                entry.string_line(index),
            )


_EDGE = frozenset(" \t\n")
# Two spaces between words of a line; spaces that indent a line ("\n  git rebase") are layout,
# and so is every doubled space of a string whose English aligns or indents with spaces too.
_DOUBLED_RE = lazy_compile(r"[^\s] {2,}[^\s]")


def _edges(text: str) -> tuple[bool, bool]:
    core = text.strip("\n")  # newlines are the newlines check's
    return core[:1] in (" ", "\t"), core[-1:] in (" ", "\t")


@entry_check(
    Severity.WARNING, "Leading or trailing spaces differ from the English, or spaces are doubled"
)
def whitespace(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    if entry.msgid_plural is None:
        text, source = entry.msgstr, entry.msgid
        if (
            text[:1] not in _EDGE
            and text[-1:] not in _EDGE
            and source[:1] not in _EDGE
            and source[-1:] not in _EDGE
            and "  " not in text
        ):
            return NO_PROBLEMS  # the common case, decided without slicing
    if entry.msgid in CREDITS:
        return NO_PROBLEMS  # translators' names, laid out in columns as each team likes
    return _whitespace_problems(entry)


def _whitespace_problems(entry: Entry) -> Iterator[Problem]:
    for index, text in enumerate(entry.strings):
        if not text:
            continue
        source = _source(entry, index)
        where = f"msgstr[{index}]: " if entry.plural else ""
        line = entry.string_line(index)
        lead, trail = _edges(text)
        source_lead, source_trail = _edges(source)
        if lead != source_lead:
            edge = "a leading space" if lead else "no leading space"
            yield Problem(f"{where}{edge}, unlike the English", line)
        if trail != source_trail:
            edge = "a trailing space" if trail else "no trailing space"
            yield Problem(f"{where}{edge}, unlike the English", line)
        if "  " not in source and "  " in text and _DOUBLED_RE.search(text):
            yield Problem(where + "a doubled space", line)
