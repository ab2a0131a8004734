"""Placeholders of every format a flag declares, and of unflagged Python strings.

``placeholders`` (error): a translation that ``msgfmt -c`` rejects or, for the Python
formats, that makes Python raise when the program formats it with the English's
arguments (``c-format``, ``python-format``, ``python-brace-format``, ``qt-format``...;
the rules are ``app.formats``', shared with the site and the merge). In this project's
own catalogs every difference counts, flagged or not: the site refuses such a
translation and shows the English instead.

``placeholders-differ`` (warning): elsewhere, placeholders that differ where nothing
rejects or raises: an entry with no format flag whose English looks like a Python
format string (nothing says the program formats it; msgfmt -c does not check it), or
an English msgfmt cannot read (``{பெயர்}``: GNU reads ASCII names only) with a field
left out.

An English with a brace conversion (``{dir!r}``) is read by ``str.format`` alone, and
GNU's xgettext cannot flag it: without a flag, what makes Python raise there is an
error too (Quod Libet's ``{dir!r)``, ``{பெயர்! R}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, cast

from ..formats import FormatProblem, converted, format_flags, format_problems
from ..plurals import GERMANIC_OFTEN
from ..po import Entry
from .context import CatalogContext
from .model import NO_PROBLEMS, Problem, Severity, entry_check

# A directive of any format has one of these: else there is nothing to check. Looked for
# with str's "in", which scans ten times faster than the regex engine tests a class.
_TRIGGERS: Final = tuple("%{}$")  # a tuple: iterating a str makes each character
_UNFLAGGED = " (no format flag: this breaks only if the program formats the string)"
_CONVERTED = (
    " (no format flag, but str.format alone reads the English's !r, !s or !a conversion: "
    "GNU's xgettext cannot flag it)"
)


@entry_check(
    Severity.ERROR, "A placeholder makes msgfmt -c reject the translation, or Python raise on it"
)
def placeholders(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    found = _problems(ctx, entry, guess=ctx.guess_python)
    if not found:
        return NO_PROBLEMS  # the common case
    project = bool(ctx.expected_language)
    # Guessed (unflagged) problems never break: outside the project they are filtered out.
    return [
        _located(entry, index, problem.message + ("" if project else _note(entry)))
        for problem, index in found
        if problem.breaks or project
    ]


@entry_check(
    Severity.WARNING,
    "Placeholders differ where nothing rejects or raises (unflagged, or unread by msgfmt)",
)
def placeholders_differ(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    if ctx.expected_language:
        return NO_PROBLEMS  # a project catalog: every difference is the placeholders check's
    found = _problems(ctx, entry, guess=ctx.guess_python)
    if not found:
        return NO_PROBLEMS  # the common case
    return [
        _located(entry, index, problem.message + _note(entry))
        for problem, index in found
        if not problem.breaks
    ]


def _note(entry: Entry) -> str:
    """Why an entry without format flag is checked, and what it means."""
    if entry.flags and format_flags(entry.flags):
        return ""
    return _CONVERTED if converted(entry) else _UNFLAGGED


def _located(entry: Entry, index: int, message: str) -> Problem:
    where = f"msgstr[{index}]: " if entry.plural else ""
    return Problem(where + message, entry.string_line(index))


def _problems(
    ctx: CatalogContext, entry: Entry, guess: bool
) -> Sequence[tuple[FormatProblem, int]]:
    """Per translation, the breaking and the other problems (each check wants one kind)."""
    if entry.msgid_plural is None:
        if not any(sign in entry.msgid or sign in entry.msgstr for sign in _TRIGGERS):
            return ()  # the common case: nothing to compare
    elif not entry.msgstr_plural[0]:
        return ()  # msgfmt drops an entry without msgstr[0]: gettext shows the English
    # Both checks ask about the same entry in turn: computed once.
    memo = ctx.extra.get("placeholders")
    if isinstance(memo, tuple) and memo[0] is entry and memo[1] == guess:
        return cast("list[tuple[FormatProblem, int]]", memo[2])
    result: list[tuple[FormatProblem, int]] = []
    ctx.extra["placeholders"] = (entry, guess, result)
    often = _often(ctx)
    for index, text in enumerate(entry.strings):
        if not text:
            continue  # an empty form is the plurals check's finding
        # One finding per string and severity: a renamed placeholder is one mistake.
        found = format_problems(entry, index, often, guess, ctx.plural)
        for breaks in (True, False):
            messages = [p.message for p in found if p.breaks is breaks]
            if messages:
                result.append((FormatProblem("; ".join(messages), breaks), index))
    return result


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
