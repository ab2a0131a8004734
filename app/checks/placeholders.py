"""Placeholders of every format a flag declares, and of unflagged Python strings.

``placeholders`` (error): an entry flagged with a format (``c-format``,
``python-format``, ``python-brace-format``, ``qt-format``...) whose translation
``msgfmt -c`` rejects or, for the Python formats, makes Python raise when the program
formats it with the English's arguments. The rules are ``app.formats``', shared with
the site and the merge. In this project's own catalogs unflagged entries count too:
the site refuses them (it shows the English instead).

``unflagged-placeholders`` (warning): elsewhere, an entry with no format flag whose
English looks like a Python format string and whose translation does not fit it.
Nothing says the program formats it (msgfmt -c does not check it), so it is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from ..formats import format_flags, placeholder_problems
from ..plurals import GERMANIC_OFTEN
from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check

_TRIGGERS = ("%", "{", "$")


@entry_check(Severity.ERROR)
def placeholders(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """A placeholder makes msgfmt -c reject the translation, or Python raise on it."""
    flagged = bool(entry.flags) and bool(format_flags(entry.flags))
    if not flagged and not (ctx.expected_language and ctx.guess_python):
        return
    yield from _problems(ctx, entry, guess=not flagged)


@entry_check(Severity.WARNING)
def unflagged_placeholders(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """An unflagged string's placeholders differ, if the program formats it as Python."""
    if ctx.expected_language or not ctx.guess_python:
        return  # a project catalog (the placeholders check's), or C code: %d may be strftime
    if entry.flags and format_flags(entry.flags):
        return
    for problem in _problems(ctx, entry, guess=True):
        yield Problem(
            f"{problem.message} (the entry has no format flag: this breaks only if the "
            "program formats it)",
            problem.line,
        )


def _problems(ctx: CatalogContext, entry: Entry, guess: bool) -> Iterator[Problem]:
    msgid = entry.msgid
    if entry.msgid_plural is None and not any(t in msgid for t in _TRIGGERS):
        msgstr = entry.msgstr
        if not any(t in msgstr for t in _TRIGGERS):
            return  # the common case: nothing to compare
    often = _often(ctx)
    for index, text in enumerate(entry.strings):
        if not text:
            continue  # an empty form is the plurals check's finding
        # One finding per string: a renamed placeholder is one mistake, not two.
        messages = placeholder_problems(entry, index, often, guess, ctx.plural)
        if messages:
            where = f"msgstr[{index}]: " if entry.plural else ""
            yield Problem(where + "; ".join(messages), entry.string_line(index))


def _often(ctx: CatalogContext) -> Sequence[bool] | None:
    """Which plural forms serve many n, as msgfmt -c sees them.

    The header's rule; the Germanic rule when there is no Plural-Forms (msgfmt's
    default); None (every form of several relaxed) when the Plural-Forms is broken.
    """
    if ctx.plural is not None:
        return ctx.plural.often
    if "often" not in ctx.extra:  # once per catalog: the header is parsed again for it
        ctx.extra["often"] = None if "Plural-Forms" in ctx.po.headers else GERMANIC_OFTEN
    return cast("Sequence[bool] | None", ctx.extra["often"])
